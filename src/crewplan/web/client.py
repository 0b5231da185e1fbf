"""The web UI's calls to the API: over HTTP semantics, in process (httpx's ASGI transport into the same
application), with the viewer's own token, so that a page sees exactly what the API gives that viewer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import Request

INTERNAL = "http://crewplan.internal"


@dataclass
class Answer:
    status: int
    body: Any
    headers: httpx.Headers
    raw: bytes = b""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def detail(self) -> str:
        """The API's own words for a refusal."""
        if isinstance(self.body, dict) and "detail" in self.body:
            found = self.body["detail"]
            if isinstance(found, list):
                return "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in found)
            return str(found)
        return f"the service answered {self.status}"


class Api:
    """One page's API client; ``token`` is the viewer's (``None``: not logged in)."""

    def __init__(self, request: Request, token: str | None) -> None:
        # The browser's address, not the transport's default: the API's log-in limiter counts per address.
        client = (request.client.host, request.client.port) if request.client else ("unknown", 0)
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=request.app, client=client),
                                         base_url=INTERNAL,
                                         headers={"Authorization": f"Bearer {token}"} if token else {},
                                         timeout=120)

    async def __aenter__(self) -> Api:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._client.aclose()

    async def call(self, method: str, path: str, **kwargs: Any) -> Answer:
        response = await self._client.request(method, path, **kwargs)
        is_json = response.headers.get("content-type", "").startswith("application/json")
        try:
            body = response.json() if is_json else response.text
        except ValueError:
            body = response.text
        return Answer(response.status_code, body, response.headers, response.content)

    async def get(self, path: str, **kwargs: Any) -> Answer:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> Answer:
        return await self.call("POST", path, **kwargs)
