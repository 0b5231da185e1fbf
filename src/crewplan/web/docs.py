"""``/docs``: the API's OpenAPI description in Swagger UI, from the package's own copy of it (vendored from
the npm registry: ``static/vendor/VENDORED.md``), never from a CDN. FastAPI's own ``/docs`` and ``/redoc``
(which load from a CDN) are turned off."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from crewplan.web.common import templates

router = APIRouter(include_in_schema=False)
SWAGGER = "/ui/static/vendor/swagger-ui-5.35.0"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
"""The page's policy: the UI's, except that Swagger UI sets styles inline (no inline script is allowed)."""


@router.get("/docs")
async def docs(request: Request) -> HTMLResponse:
    shown = templates.TemplateResponse(request, "docs.html", {"swagger": SWAGGER})
    shown.headers.update({"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                          "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"})
    return shown
