"""Helpers shared by the API, web, serve and browser tests: the one pinned
check of the error shape, and a client for an app serving the session's model.

Imported by the other modules as ``from test_api_helpers import ...`` (pytest
puts this folder on ``sys.path``); the tests here pin the helper itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api import Settings, create_app

FASTING_MYTH = "fasting turns off mTOR and resets your body"
COFFEE_REBUTTAL = "coffee does not reliably activate mTOR"


def assert_error(response: Any, status: int, code: str) -> str:
    """THE check of the error shape, used on every error path: the status, a
    JSON body that is exactly ``{"error": {"code", "message"}}``, the code, and a
    non-empty message (returned for further checks)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == "application/json"
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code, body
    message = body["error"]["message"]
    assert isinstance(message, str) and message.strip(), body
    return message


@contextmanager
def api_client(model_dir: Path, **settings: Any) -> Iterator[TestClient]:
    """A client for ``create_app`` with the lifespan running (the model loaded)."""
    with TestClient(create_app(Settings(model_dir=model_dir, **settings))) as client:
        yield client


class _Response:
    def __init__(self, status: int, body: Any, content_type: str = "application/json") -> None:
        self.status_code = status
        self.headers = {"content-type": content_type}
        self._body = body
        self.text = str(body)

    def json(self) -> Any:
        return self._body


def test_assert_error_accepts_the_error_shape_and_returns_the_message():
    response = _Response(422, {"error": {"code": "empty_claim", "message": "the claim is empty"}})
    assert assert_error(response, 422, "empty_claim") == "the claim is empty"


@pytest.mark.parametrize(
    "response",
    [
        _Response(422, {"detail": [{"msg": "Field required"}]}),
        _Response(422, {"error": {"code": "empty_claim"}}),
        _Response(422, {"error": {"code": "empty_claim", "message": " "}}),
        _Response(422, {"error": {"code": "empty_claim", "message": "x", "extra": 1}}),
        _Response(422, {"error": {"code": "other", "message": "x"}}),
        _Response(400, {"error": {"code": "empty_claim", "message": "x"}}),
        _Response(422, {"error": {"code": "empty_claim", "message": "x"}}, "text/html"),
    ],
    ids=[
        "fastapi-detail",
        "no-message",
        "blank-message",
        "extra-key",
        "wrong-code",
        "wrong-status",
        "html",
    ],
)
def test_assert_error_rejects_anything_else(response):
    with pytest.raises(AssertionError):
        assert_error(response, 422, "empty_claim")
