"""The request body deadline: a pure ASGI middleware that answers 408 when a
body takes longer than allowed to arrive, and closes the connection.

uvicorn limits how long an idle keep-alive connection stays open, but not how
long a request body may take: a client sending one byte a second would hold a
request open for as long as it likes. Here the whole body must arrive within
``seconds`` of its headers, however it is dribbled.
"""

from __future__ import annotations

import anyio
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import ApiError, error_response

REQUEST_TIMEOUT = "request_timeout"


class BodyTimeout(ApiError):
    """Raised from ``receive`` when the body is not complete by its deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(408, REQUEST_TIMEOUT, timeout_message(seconds))
        self.headers = {"Connection": "close"}


def timeout_message(seconds: float) -> str:
    return f"the request body did not arrive within {seconds:g} seconds; send it in one go"


class BodyTimeoutMiddleware:
    """Refuse request bodies that are not complete ``seconds`` after the headers."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = anyio.current_time() + self.seconds
        body_complete = False
        started = False

        async def timed_receive() -> Message:
            nonlocal body_complete
            if body_complete:  # later calls wait for a disconnect: no deadline on those
                return await receive()
            try:
                with anyio.fail_after(max(deadline - anyio.current_time(), 0)):
                    message = await receive()
            except TimeoutError:
                raise BodyTimeout(self.seconds) from None
            body_complete = message["type"] != "http.request" or not message.get("more_body")
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, timed_receive, watched_send)
        except BodyTimeout as timeout:
            # Reached only when the body was read outside the routes' handlers.
            if started:
                raise
            response = error_response(Request(scope, receive), 408, REQUEST_TIMEOUT,
                                      timeout.detail, timeout.headers)  # fmt: skip
            await response(scope, receive, send)
