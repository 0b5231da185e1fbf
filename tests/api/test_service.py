"""The live service: log-in and tokens, concurrent edits, bad input, and a server killed mid-burst."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time

import httpx
import jwt
import pytest

from api.service import Service, password_of, start
from crewplan.storage import audit, open_database
from crewplan.storage.schema import RevisionRow, UserRow


def test_login_gives_a_short_lived_token_that_carries_only_the_user_id(service: Service) -> None:
    answer = httpx.post(f"{service.url}/auth/token", data={"username": "esa-planner",
                                                            "password": password_of("esa-planner")})
    assert answer.status_code == 200
    body = answer.json()
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert set(claims) == {"sub", "ver", "iat", "exp"} and 0 < claims["exp"] - claims["iat"] <= 15 * 60
    assert body["expires_in_s"] == 15 * 60
    with service.client("esa-planner") as client:
        me = client.get("/auth/me").json()
    assert (me["agency"], me["nationalities"], me["roles"]) == ("ESA", ["DE"], ["planner"])


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Bearer " + jwt.encode(
    {"sub": "1", "ver": 0, "exp": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)},
    "not-the-key-but-32-bytes-or-longer")])
def test_no_token_or_a_forged_one_is_401(service: Service, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    answer = httpx.get(f"{service.url}/plans", headers=headers)
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer"


def test_logout_and_disabling_revoke_tokens_at_once(service: Service) -> None:
    login = {"username": "suparco-viewer", "password": password_of("suparco-viewer")}
    first = httpx.post(f"{service.url}/auth/token", data=login).json()["access_token"]
    second = httpx.post(f"{service.url}/auth/token", data=login).json()["access_token"]
    auth = {"Authorization": f"Bearer {first}"}
    assert httpx.get(f"{service.url}/plans", headers=auth).status_code == 200
    assert httpx.post(f"{service.url}/auth/logout", headers=auth).status_code == 204
    for token in (first, second):
        assert httpx.get(f"{service.url}/plans", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    third = httpx.post(f"{service.url}/auth/token", data=login).json()["access_token"]
    db = open_database(service.database_url)
    try:
        with db.transaction() as session:
            user = session.query(UserRow).filter_by(username="suparco-viewer").one()
            user.disabled = True
        answer = httpx.get(f"{service.url}/plans", headers={"Authorization": f"Bearer {third}"})
        assert answer.status_code == 401
        assert httpx.post(f"{service.url}/auth/token", data=login).status_code == 401
    finally:
        with db.transaction() as session:
            session.query(UserRow).filter_by(username="suparco-viewer").one().disabled = False
        db.dispose()


def test_repeated_failed_logins_are_slowed_per_user(service: Service) -> None:
    codes = [httpx.post(f"{service.url}/auth/token", data={"username": "roscosmos-viewer",
                                                           "password": f"wrong-{n}"}).status_code
             for n in range(7)]
    assert codes[:5] == [401] * 5 and 429 in codes[5:]
    slowed = httpx.post(f"{service.url}/auth/token", data={"username": "roscosmos-viewer",
                                                           "password": password_of("roscosmos-viewer")})
    assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) >= 1  # even the right password waits


def test_two_planners_edit_the_same_revision_one_wins_one_gets_409(service: Service) -> None:
    plan = service.plans["branch"]
    with service.client("nasa-planner") as client:
        revision = client.get(f"/plans/{plan}").json()["revision"]
    answers: list[httpx.Response] = []
    gate = threading.Barrier(2)

    def edit(who: str, day: str) -> None:
        with service.client(who) as client:
            gate.wait()
            answers.append(client.post(f"/plans/{plan}/edits/launch-day", json={"flight": "soyuz-ms-30",
                                       "launch_day": day}, headers={"If-Match": str(revision)}))

    threads = [threading.Thread(target=edit, args=args) for args in
               (("nasa-planner", "2027-03-30"), ("esa-planner", "2027-04-02"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers) == [200, 409]
    won = next(a for a in answers if a.status_code == 200).json()
    lost = next(a for a in answers if a.status_code == 409)
    assert won["revision"] == revision + 1 and lost.headers["ETag"] == f'"{revision + 1}"'
    with service.client("cmsa-viewer") as client:
        doc = client.get(f"/plans/{plan}/document").json()
    launch = next(f for f in doc["scenario"]["flights"] if f["id"] == "soyuz-ms-30")["launch"]
    assert doc["revision"] == revision + 1 and launch in ("2027-03-30", "2027-04-02")  # the winner's edit is kept


@pytest.mark.parametrize(("headers", "body", "status"), [
    ({}, {"flight": "soyuz-ms-30", "launch_day": "2027-03-30"}, 428),
    ({"If-Match": "three"}, {"flight": "soyuz-ms-30", "launch_day": "2027-03-30"}, 422),
    ({"If-Match": "1"}, {"flight": "no-such-flight", "launch_day": "2027-03-30"}, 422),
    ({"If-Match": "1"}, {"flight": "shenzhou-20", "launch_day": "2027-03-30"}, 422),  # flown: cannot move
    ({"If-Match": "1"}, {"flight": "soyuz-ms-30", "launch_day": "someday"}, 422),
    ({"If-Match": "1"}, {"flight": "soyuz-ms-30", "launch_day": "2027-03-30", "extra": 1}, 422),
])
def test_bad_edits_are_refused_with_what_was_wrong(service: Service, headers: dict, body: dict, status: int
                                                   ) -> None:
    with service.client("nasa-planner") as client:
        branch = client.post(f"/plans/{service.plans['main']}/branches", json={"name": "bad edits"}).json()["id"]
        answer = client.post(f"/plans/{branch}/edits/launch-day", json=body, headers=headers)
    assert answer.status_code == status, answer.text
    assert answer.json()["detail"]


def test_a_server_killed_mid_burst_keeps_every_acknowledged_write(database_url: str, tmp_path) -> None:
    """SIGKILL during a burst of edits: the database opens, every edit answered 200 is there, the log holds."""
    from api.service import seed

    plans, _, _ = seed(database_url)
    url, process = start(database_url, tmp_path / "serve.log")
    acknowledged: list[int] = []
    stop = threading.Event()
    token = httpx.post(f"{url}/auth/token", data={"username": "nasa-planner",
                                                   "password": password_of("nasa-planner")}).json()["access_token"]

    def burst() -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            revision = client.get(f"/plans/{plans['branch']}").json()["revision"]
            day = dt.date(2027, 3, 1)
            while not stop.is_set():
                day += dt.timedelta(days=1)
                try:
                    answer = client.post(f"/plans/{plans['branch']}/edits/launch-day",
                                         json={"flight": "soyuz-ms-30", "launch_day": day.isoformat()},
                                         headers={"If-Match": str(revision)})
                except httpx.TransportError:
                    return
                if answer.status_code == 200:
                    revision = answer.json()["revision"]
                    acknowledged.append(revision)

    writer = threading.Thread(target=burst)
    writer.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(20)
    stop.set()
    writer.join(30)
    assert len(acknowledged) >= 5
    db = open_database(database_url)
    try:
        with db.sessions() as session:
            stored = {r.number for r in session.query(RevisionRow).filter_by(plan_id=plans["branch"])}
            assert set(acknowledged) <= stored
            assert audit.verify(session).intact
    finally:
        db.dispose()
