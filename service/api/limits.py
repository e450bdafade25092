"""The request body limit: a pure ASGI middleware that answers 413 when a body
is larger than allowed, whether or not the client declared its length.

A declared ``Content-Length`` over the limit is refused before any byte is
read. Otherwise the bytes are counted as the app reads the stream, so a chunked
body or one whose ``Content-Length`` lies is cut off at the limit too.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import ApiError, error_response

BODY_TOO_LARGE = "body_too_large"


class BodyTooLarge(ApiError):
    """Raised from ``receive`` when the body passes the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, BODY_TOO_LARGE, too_large_message(limit))


def too_large_message(limit: int) -> str:
    return (
        f"the request body is larger than {limit:,} bytes; send fewer or shorter claims per request"
    )


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413 in the service's error shape."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge:
            # Reached only when the body was read outside the routes' handlers.
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = error_response(request, 413, BODY_TOO_LARGE, too_large_message(self.max_bytes))
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
