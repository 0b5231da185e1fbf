"""Dependencies, named as types: ``State``, ``ReadSession``, ``Caller``."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Path, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from crewplan.api.state import ServiceState
from crewplan.policy import Principal
from crewplan.storage.schema import UserRow

oauth2 = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)
ALGORITHM = "HS256"


async def _state(request: Request) -> ServiceState:
    # async: no I/O, so FastAPI runs it on the event loop instead of a thread-pool hop
    found: ServiceState = request.app.state.crewplan
    return found


State = Annotated[ServiceState, Depends(_state)]


async def _session(state: State) -> AsyncIterator[Session]:
    # async: opening a session does no I/O (it connects at its first query, in the endpoint's thread), and
    # closing one only hands its connection back to the pool (reads on PostgreSQL run in autocommit, so there
    # is no ROLLBACK to send): two thread-pool hops per request saved.
    session = state.db.reading()
    try:
        yield session
    finally:
        session.close()


ReadSession = Annotated[Session, Depends(_session)]


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"})


def issue_token(state: ServiceState, user: UserRow) -> tuple[str, int]:
    """A signed token carrying only the user id and the user's token version; and its lifetime in seconds."""
    now = dt.datetime.now(dt.UTC)
    lifetime = dt.timedelta(minutes=state.token_minutes)
    claims = {"sub": str(user.id), "ver": user.token_version, "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, state.secret, algorithm=ALGORITHM), int(lifetime.total_seconds())


def _caller_row(state: State, session: ReadSession, token: Annotated[str | None, Depends(oauth2)]) -> UserRow:
    if not token:
        raise unauthorized("not logged in: POST /auth/token with a user name and password first")
    try:
        claims = jwt.decode(token, state.secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]})
        user_id = int(claims["sub"])
    except (jwt.PyJWTError, ValueError, KeyError):
        raise unauthorized("the token is invalid or expired: log in again") from None
    user = session.get(UserRow, user_id)
    if user is None or user.disabled or claims.get("ver") != user.token_version:
        raise unauthorized("the token was revoked (logged out or user disabled): log in again")
    return user


CallerRow = Annotated[UserRow, Depends(_caller_row)]


async def _caller(user: CallerRow) -> Principal:
    """Read from the database on every request: a changed agency, nationality or role counts at once."""
    return Principal(user.id, user.username, user.agency_id, tuple(user.nationalities), frozenset(user.roles))


Caller = Annotated[Principal, Depends(_caller)]

INT_MAX = 2_147_483_647
"""The largest id or revision number (a 32-bit database integer)."""
PlanId = Annotated[int, Path(ge=1, le=INT_MAX, description="A plan's number")]
RevisionNumber = Annotated[int, Path(ge=1, le=INT_MAX, description="A revision's number")]
