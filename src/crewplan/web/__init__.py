"""The web UI: server-rendered pages (Jinja2, autoescaped) at ``/ui`` of ``crewplan serve``, built on the same
HTTP API as any client (:mod:`crewplan.web.client`), so a page shows exactly what the API returns to its
viewer, redacted by the one policy, and offers only the actions the API lists in ``allowed_actions``.

Every script, style and font is in the package (``static/``; vendored files are pinned npm releases, listed
with their version, licence and integrity in ``static/vendor/VENDORED.md``). Every page is sent with a
Content-Security-Policy that allows nothing from outside and no inline script; the session is an
``HttpOnly``, ``SameSite=Strict`` cookie; every state-changing request carries a CSRF token
(:mod:`crewplan.web.security`).
"""
