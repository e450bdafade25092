"""One error shape for the whole service: ``{"error": {"code", "message"}}``.

mythcheck's own errors, Starlette's HTTP errors (404, 405, 413) and FastAPI's
request validation errors all pass through here. A browser asking for a page
outside ``/v1`` gets the same code and message rendered as HTML instead.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from claims.errors import InputError, MythcheckError
from service.api.pages import page
from service.api.security import SECURITY_HEADERS

logger = logging.getLogger(__name__)

API_PREFIX = "/v1"

STATUS_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
}
"""The ``code`` for an HTTP error raised without one of its own."""

VALIDATION_CODES = {
    "json_invalid": "malformed_json",
    "missing": "missing_field",
    "extra_forbidden": "unknown_field",
    "unknown_field": "unknown_field",
    "invalid_text": "invalid_text",
}
"""FastAPI/pydantic error types that get a code of their own; type errors
(``string_type``, ``list_type``, ``model_attributes_type``...) become
``invalid_type``, bad bounds on ``min_confidence`` ``invalid_min_confidence``."""


class ErrorDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    message: str


class ErrorResponse(BaseModel):
    """The body of every 4xx and 5xx answer."""

    model_config = ConfigDict(frozen=True)

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Malformed JSON"},
    413: {"model": ErrorResponse, "description": "Request body over the size limit"},
    422: {"model": ErrorResponse, "description": "Invalid request or claim"},
}
"""The error answers documented on every endpoint taking a body."""


class ApiError(HTTPException):
    """An HTTP error carrying its own machine-readable ``code``."""

    def __init__(self, status_code: int, code: str, message: str) -> None:
        super().__init__(status_code=status_code, detail=message)
        self.code = code


def wants_html(request: Request) -> bool:
    """A browser page request: outside the API and asking for HTML."""
    path = request.url.path
    if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as JSON, or as an HTML page for a browser outside ``/v1``."""
    if wants_html(request) and hasattr(request.app.state, "templates"):
        context = {"status": status, "code": code, "message": message}
        return page(request, "error.html", context, status, headers)
    body = ErrorResponse(error=ErrorDetail(code=code, message=message))
    # here as well as in the middleware: a 500 is answered outside the middleware stack
    return JSONResponse(body.model_dump(), status_code=status,
                        headers={**SECURITY_HEADERS, **(headers or {})})  # fmt: skip


def validation_error_parts(errors: list[dict[str, Any]]) -> tuple[int, str, str]:
    """Status, code and message for FastAPI's validation errors (the first one
    is described; the message counts the others)."""
    if not errors:
        return 422, "invalid_request", "the request is not valid"
    first = errors[0]
    kind = str(first.get("type", ""))
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    if kind == "json_invalid":
        detail = first.get("ctx", {}).get("error", "cannot be parsed")
        return 400, "malformed_json", f"the request body is not valid JSON: {detail}"
    if isinstance(first.get("input"), bytes | bytearray):
        return (
            415,
            "unsupported_media_type",
            "send the body as JSON (Content-Type: application/json)",
        )
    code = _validation_code(kind, where)
    if code == "unknown_field":
        message = str(first.get("msg")) if kind == "unknown_field" else f"unknown field {where!r}"
    elif code == "invalid_min_confidence":
        message = f"min_confidence must be a number from 0 to 1, not {_json(first.get('input'))}"
    elif code == "missing_field":
        message = (
            f"missing field {where!r}" if where else "the request body is empty: send a JSON object"
        )
    elif not where and kind in ("model_attributes_type", "dict_type"):
        message = "the request body must be a JSON object; see /docs for the schema"
    else:
        message = f"{where}: {first.get('msg', 'is not valid')}" if where else str(first.get("msg"))
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return 422, code, message


def _json(value: Any) -> str:
    try:
        return json.dumps(value)[:80]
    except (TypeError, ValueError):
        return repr(value)[:80]


def _validation_code(kind: str, where: str) -> str:
    if kind in VALIDATION_CODES:
        return VALIDATION_CODES[kind]
    if where.split(".")[0] == "min_confidence":
        return "invalid_min_confidence"
    if kind.endswith(("_type", "_parsing")):
        return "invalid_type"
    return "invalid_request"


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    status, code, message = validation_error_parts(list(exc.errors()))
    return error_response(request, status, code, message)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    code = getattr(exc, "code", None) or STATUS_CODES.get(exc.status_code, "http_error")
    message = str(exc.detail)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError | RecursionError):
        # FastAPI's "error parsing the body": bytes that are not UTF-8, or nesting
        # deeper than the JSON parser goes.
        code, message = (
            "malformed_json",
            f"the request body is not valid JSON: {_why(exc.__cause__)}",
        )
    return error_response(request, exc.status_code, code, message, exc.headers)


def _why(error: BaseException) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"byte {error.start + 1} is not UTF-8"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return type(error).__name__


async def _on_mythcheck_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, MythcheckError)
    if isinstance(exc, InputError):
        return error_response(request, 422, exc.code, exc.message)
    logger.error("%s: %s", exc.code, exc.message)
    return error_response(request, 500, exc.code, exc.message)


async def _on_unexpected_error(request: Request, exc: Exception) -> Response:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(request, 500, "internal_error", "an unexpected error occurred")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error the app can raise to ``error_response``."""
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(MythcheckError, _on_mythcheck_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
