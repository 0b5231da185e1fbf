"""The manifest as lanes in time (pure, over the scenario's plain data, as the API's documents and
:func:`crewplan.scenario.save.scenario_data` give it): one lane per station and port, plus one per station for
its lifeboat gaps; the web UI's timeline and the Open MCT plan are drawn from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

DAY_MS = 86_400_000


def _ms(day_text: str) -> int:
    """Milliseconds since 1970-01-01 UTC of a date (or a UTC time) in ISO 8601."""
    text = day_text.replace("Z", "+00:00")
    moment = (dt.datetime.fromisoformat(text) if "T" in text
              else dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC))
    return int(moment.astimezone(dt.UTC).timestamp() * 1000)


def timeline(document: dict[str, Any], findings: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest timeline's data (times in ms since 1970 UTC): one lane per station and port (labelled with
    the station's id in capitals and the port's id), plus one per station for its lifeboat gaps; a bar per
    flight from launch to landing (or the planned end of its stay), with its crew; damaged vehicles from the
    event's day; the checker's lifeboat violations as gaps (a waived one too: the gap is real; not its
    warnings, such as a lifeboat near the end of its docked life)."""
    scenario = document.get("scenario", {})
    people = {a["id"]: a.get("name") or a["id"] for a in scenario.get("astronauts", [])}
    lanes: list[dict[str, Any]] = []
    index: dict[tuple[str, str], int] = {}

    def lane(station: str, port: str, label: str, kind: str = "port") -> int:
        if (station, port) not in index:
            index[(station, port)] = len(lanes)
            lanes.append({"station": station, "port": port, "label": label, "kind": kind})
        return index[(station, port)]

    for station in scenario.get("stations", []):
        short = station["id"].upper()
        for port in station.get("ports", []):
            lane(station["id"], port["id"], f"{short} · {port['id']}")
        lane(station["id"], "", f"{short} · lifeboat gaps", "lifeboat")
    damaged = {e["flight"]: _ms(e["date"]) for e in scenario.get("events", [])
               if e.get("kind") == "vehicle_damaged" and e.get("flight") and e.get("date")}
    bars = []
    for flight in scenario.get("flights", []):
        if not flight.get("launch"):
            continue
        start = _ms(str(flight["launch"]))
        end = (_ms(str(flight["landing"])) if flight.get("landing")
               else start + DAY_MS * max(1, int(flight.get("stay_days") or 1)))
        station = flight.get("station") or ""
        port = flight.get("port") or "?"
        at = lane(station, port, f"{station.upper()} · {port}" if port != "?" else f"{station.upper()} · port not set")
        crew = [people.get(s["astronaut"], s["astronaut"]) for s in flight.get("seats", []) if s.get("astronaut")]
        bars.append({"flight": flight["id"], "label": flight.get("name") or flight["id"], "lane": at,
                     "start_ms": start, "end_ms": max(end, start + DAY_MS), "crew": crew,
                     "seats": len(flight.get("seats", [])), "status": flight.get("status") or "planned",
                     "damaged_ms": damaged.get(flight["id"])})
    gaps = []
    for f in findings:
        if f["rule"] == "lifeboat" and f.get("severity", "violation") == "violation":
            for station in f["entities"].get("stations", []):
                if (station, "") in index:
                    gaps.append({"lane": index[(station, "")], "start_ms": _ms(f["start_utc"]),
                                 "end_ms": max(_ms(f["end_utc"]), _ms(f["start_utc"]) + DAY_MS),
                                 "message": f["message"]})
    starts = [b["start_ms"] for b in bars] or [_ms("2030-01-01")]
    ends = [b["end_ms"] for b in bars] or [starts[0] + 365 * DAY_MS]
    return {"start_ms": min(starts) - 30 * DAY_MS, "end_ms": max(ends) + 30 * DAY_MS, "lanes": lanes,
            "bars": bars, "gaps": gaps}


OPENMCT_COLORS = {"crewed": ("#8fb8e3", "#000000"), "open": ("#e4ecf5", "#000000"),
                  "uncrewed": ("#d9d9d9", "#000000"), "damaged": ("#f2b8b5", "#000000"),
                  "gap": ("#f4cccc", "#7a0000")}


def bar_kind(bar: dict[str, Any]) -> str:
    """``uncrewed`` (no seats), ``crewed`` (someone aboard) or ``open`` (seats, nobody assigned yet)."""
    return "uncrewed" if bar["seats"] == 0 else ("crewed" if bar["crew"] else "open")


def openmct_plan(document: dict[str, Any], findings: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The manifest as an Open MCT plan (the JSON its plan view reads): one group per lane (station and port,
    and each station's lifeboat gaps), each activity ``{name, start, end, type, color, textColor}`` with times
    in milliseconds since 1970 UTC and ``type`` its group's name. A flight is one activity (its name and crew);
    a damaged vehicle adds one from the damage to the end of its stay; a lifeboat gap is one in its station's
    gap group."""
    drawn = timeline(document, findings)
    names = [lane["label"] for lane in drawn["lanes"]]
    groups: dict[str, list[dict[str, Any]]] = {name: [] for name in names}

    def add(lane: int, name: str, start: int, end: int, kind: str) -> None:
        color, text = OPENMCT_COLORS[kind]
        groups[names[lane]].append({"name": name, "start": start, "end": end, "type": names[lane],
                                    "color": color, "textColor": text})

    for bar in drawn["bars"]:
        crew = f": {', '.join(bar['crew'])}" if bar["crew"] else ""
        add(bar["lane"], bar["label"] + crew, bar["start_ms"], bar["end_ms"], bar_kind(bar))
        if bar["damaged_ms"] is not None:
            add(bar["lane"], f"{bar['label']} damaged", bar["damaged_ms"], max(bar["end_ms"], bar["damaged_ms"]),
                "damaged")
    for gap in drawn["gaps"]:
        add(gap["lane"], "lifeboat gap", gap["start_ms"], gap["end_ms"], "gap")
    for activities in groups.values():
        activities.sort(key=lambda a: (a["start"], a["end"], a["name"]))
    return groups
