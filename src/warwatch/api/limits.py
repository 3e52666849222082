"""What a request may hold, checked before a route runs, and the headers on every response.

- :class:`BodyLimit`: a declared ``Content-Length`` over the limit is refused at once; otherwise
  the body is read chunk by chunk and refused as soon as the running total passes the limit
  (chunked uploads included). Only then is the buffered body handed to the application.
- :data:`RecordId`: ids range-checked by FastAPI, so a number no id column can hold gets a 400
  naming the parameter, not a 500 from the driver (issue 14:
  ``/api/events/99999999999999999999999``); ``offset`` is capped by ``store.MAX_OFFSET``.
- :class:`RequestGuard`: a control character (``%00`` and the like) in the path or a query
  parameter is refused: no stored text holds one, and a NUL matched every event in ``q``.
- :class:`SecurityHeaders`: CSP with ``frame-ancestors``, ``nosniff`` and no referrer on every
  response (API, dashboard, vendor files, docs, errors), not only on ``/``.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import parse_qsl, unquote

from fastapi import Path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warwatch.api.errors import error_response

# The largest integer SQLite and PostgreSQL (bigint) store: ids and offsets beyond it cannot
# match anything, and the database drivers raise OverflowError on them.
MAX_SQL_INTEGER = 2**63 - 1
# Record ids are INTEGER columns: 32 bits on PostgreSQL (a larger id is "integer out of range").
MAX_RECORD_ID = 2**31 - 1

RecordId = Annotated[
    int, Path(ge=1, le=MAX_RECORD_ID, description="A stored record's id, 1 to 2147483647.")
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_NAMES = {"\x00": "NUL", "\x7f": "DEL"}

# Swagger UI starts from an inline script; every other page runs only the server's own files.
_CSP = (
    "default-src 'self'; script-src 'self'{inline}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
_DOCS_PREFIX = "/docs"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return (
            f"request body too large: the limit is {self.max_bytes:,} bytes; "
            "send fewer or smaller documents per request"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > self.max_bytes
            except ValueError:
                await error_response(400, "invalid Content-Length header")(scope, receive, send)
                return
            if too_large:
                await error_response(413, self._too_large())(scope, receive, send)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await error_response(413, self._too_large())(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _control_in(text: str) -> str | None:
    match = _CONTROL.search(text)
    if match is None:
        return None
    char = match.group()
    return _CONTROL_NAMES.get(char, f"U+{ord(char):04X}")


def bad_characters(scope: Scope) -> str | None:
    """A message naming the first path or query value holding a control character, or None."""
    found = _control_in(unquote(scope.get("path", "")))
    if found:
        return f"the request path contains a control character ({found}); remove it"
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        found = _control_in(name) or _control_in(value)
        if found:
            return f"query parameter {name!r} contains a control character ({found}); remove it"
    return None


class RequestGuard:
    """Refuse requests whose path or query parameters hold control characters (400)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = bad_characters(scope) if scope["type"] == "http" else None
        if message is None:
            await self.app(scope, receive, send)
            return
        await error_response(400, message)(scope, receive, send)


class SecurityHeaders:
    """Add the security headers to every HTTP response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inline = " 'unsafe-inline'" if scope.get("path", "").startswith(_DOCS_PREFIX) else ""
        wanted = {**SECURITY_HEADERS, "content-security-policy": _CSP.format(inline=inline)}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.decode("latin-1").lower() for name, _ in headers}
                headers += [
                    (name.encode("latin-1"), value.encode("latin-1"))
                    for name, value in wanted.items()
                    if name not in present
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
