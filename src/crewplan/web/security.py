"""The web UI's session, CSRF tokens and response headers.

- **Session**: the API's own short-lived token (it carries only the user id), kept in an ``HttpOnly``,
  ``SameSite=Strict`` cookie (``Secure`` when the request came over HTTPS). Logging out revokes it in the API
  (every token of the user), so a copied cookie stops working too.
- **CSRF**: every state-changing request carries a token, in a form field or the ``X-CSRF-Token`` header,
  that is an HMAC of the session with the server's key (a synchronizer token that needs no server state); the
  log-in form, which has no session yet, carries one bound to a random cookie of its own. A request whose
  ``Origin`` (or, without one, ``Referer``) is another site is refused before the token is read.
- **Headers**: a Content-Security-Policy that allows scripts, styles, images, fonts and connections from this
  server only and no inline script or style, no framing, no plug-ins; ``nosniff``; no referrer to others.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, Response, status

SESSION_COOKIE = "crewplan_session"
LOGIN_COOKIE = "crewplan_login"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY", "Cache-Control": "no-store"}


def csrf_token(secret: bytes, bound_to: str) -> str:
    """The CSRF token of a session (or of a log-in form's nonce)."""
    return hmac.new(secret, b"csrf\x00" + bound_to.encode(), hashlib.sha256).hexdigest()


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def set_cookie(response: Response, request: Request, name: str, value: str, max_age_s: int) -> None:
    response.set_cookie(name, value, max_age=max_age_s, path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def same_origin(request: Request) -> bool:
    """Whether a state-changing request comes from this server's own pages: its ``Origin``, else its
    ``Referer``, names this host and port (a request with neither is let through to the token check, which it
    cannot pass without having read a page of ours)."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed:
        return True
    if claimed == "null":
        return False
    parts = urlsplit(claimed)
    return (parts.scheme, parts.netloc) == (request.url.scheme, request.url.netloc)


def check_csrf(request: Request, secret: bytes, bound_to: str | None, given: str | None) -> None:
    """Refuse (403) a cross-site request, or one whose CSRF token is missing or wrong."""
    if not same_origin(request):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "refused: the request came from another site")
    expected = csrf_token(secret, bound_to) if bound_to else None
    if expected is None or not given or not hmac.compare_digest(expected, given):
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            "refused: the form's security token is missing or out of date; reload the page")
