"""``/auth``: OAuth2 password log-in (a short-lived JWT carrying only the user id), log-out, who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy import select

from crewplan.api.deps import Caller, CallerRow, State, issue_token, unauthorized
from crewplan.api.models import Me, Token
from crewplan.policy import Principal, allowed_actions
from crewplan.storage import audit
from crewplan.storage.schema import UserRow

router = APIRouter(prefix="/auth", tags=["auth"])
_DUMMY_HASH = None


def me_of(principal: Principal) -> Me:
    return Me(id=principal.user_id, username=principal.username, agency=principal.agency,
              nationalities=list(principal.nationalities), roles=sorted(principal.roles),
              allowed_actions=allowed_actions(principal))


def _check_password(stored: str | None, given: str) -> bool:
    """Argon2 verification; a missing user costs the same work (no timing hint of which names exist)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    global _DUMMY_HASH
    hasher = PasswordHasher()
    if stored is None:
        _DUMMY_HASH = _DUMMY_HASH or hasher.hash("not a real password, only timing")
        stored = _DUMMY_HASH
        given = given + "\x00"
    try:
        return hasher.verify(stored, given)
    except (VerificationError, InvalidHashError):
        return False


@router.post("/token", response_model=Token, responses={401: {}, 429: {}})
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, state: State) -> Token:
    """Log in with a user name and password (form fields ``username``, ``password``)."""
    address = request.client.host if request.client else "unknown"
    keys = (f"user:{form.username.lower()}", f"addr:{address}")
    wait = state.limiter.wait_s(*keys)
    if wait > 0:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "too many failed log-ins: wait and try again",
                            headers={"Retry-After": str(max(1, round(wait)))})
    with state.db.sessions() as session:
        user = session.scalars(select(UserRow).where(UserRow.username == form.username.lower())).first()
        ok = _check_password(user.password_hash if user else None, form.password)
        if not ok or user is None or user.disabled:
            state.limiter.failed(*keys)
            raise unauthorized("wrong user name or password")
        state.limiter.succeeded(keys[0])
        token, lifetime = issue_token(state, user)
    return Token(access_token=token, expires_in_s=lifetime)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses={401: {}})
def logout(user: CallerRow, state: State) -> None:
    """Log out: every token of this user issued so far stops working at once."""
    with state.db.transaction() as session:
        row = session.get(UserRow, user.id)
        assert row is not None
        row.token_version += 1
        audit.append(session, actor=row.username, agency=row.agency_id, action="user.logout", object_type="user",
                     object_id=str(row.id), change={"token_version": row.token_version})


@router.get("/me", response_model=Me, responses={401: {}})
def me(caller: Caller) -> Me:
    """The caller as the server reads them on this request."""
    return me_of(caller)
