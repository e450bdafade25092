"""The security headers on every answer: pages, JSON, static files, 304s and
every kind of error, a 500 included; /docs with its own script policy."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_api_helpers import FASTING_MYTH, api_client

from service.api import Settings, create_app
from service.api.deps import get_classifier
from service.api.security import CONTENT_SECURITY_POLICY, SECURITY_HEADERS

HTML = {"accept": "text/html"}
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(model_dir) -> Iterator[TestClient]:
    with api_client(model_dir, cors_origins=("https://a.example",)) as client:
        yield client


def _assert_secured(response, policy: str = CONTENT_SECURITY_POLICY) -> None:
    headers = response.headers
    assert headers["content-security-policy"] == policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "camera=()" in headers["permissions-policy"]
    for name in SECURITY_HEADERS:  # once each, never twice
        assert len(headers.get_list(name)) == 1, name


REQUESTS = [
    # (id, method, path, extra request arguments, expected status)
    ("form", "GET", "/", {}, 200),
    ("form-results", "POST", "/", {"data": {"claims": FASTING_MYTH}}, 200),
    ("form-error", "POST", "/", {"data": {"claims": " "}}, 422),
    ("myth-page", "GET", "/myths/coffee-activates-mtor", {}, 200),
    ("page-404", "GET", "/myths/nope", {"headers": HTML}, 404),
    ("route-404-html", "GET", "/nowhere", {"headers": HTML}, 404),
    ("check", "POST", "/v1/check", {"json": {"claim": FASTING_MYTH}}, 200),
    ("batch", "POST", "/v1/check/batch", {"json": {"claims": [FASTING_MYTH]}}, 200),
    ("myths", "GET", "/v1/myths", {}, 200),
    ("not-modified", "GET", "/v1/myths", {"headers": {"if-none-match": "*"}}, 304),
    ("claimreview", "GET", "/v1/myths/coffee-activates-mtor/claimreview", {}, 200),
    ("health", "GET", "/healthz", {}, 200),
    ("openapi", "GET", "/openapi.json", {}, 200),
    ("static", "GET", "/static/style.css", {}, 200),
    ("static-404", "GET", "/static/nothing.css", {}, 404),
    ("invalid-422", "POST", "/v1/check", {"json": {"claim": ""}}, 422),
    ("malformed-400", "POST", "/v1/check", {"content": b"{", "headers": JSON}, 400),
    ("media-415", "POST", "/v1/check", {"content": b"x", "headers": {"content-type": "text/plain"}},
     415),
    ("too-large-413", "POST", "/v1/check", {"content": b"x" * 2_000_000, "headers": JSON}, 413),
    ("method-405", "DELETE", "/v1/check", {}, 405),
    ("route-404-json", "GET", "/v1/nowhere", {}, 404),
    ("cors-preflight", "OPTIONS", "/v1/check", {"headers": {
        "origin": "https://a.example", "access-control-request-method": "POST"}}, 200),
]  # fmt: skip


@pytest.mark.parametrize("method,path,kwargs,status", [r[1:] for r in REQUESTS],
                         ids=[r[0] for r in REQUESTS])  # fmt: skip
def test_every_answer_carries_the_security_headers(client, method, path, kwargs, status):
    response = client.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    _assert_secured(response)


def test_an_unexpected_server_error_carries_them_too(model_dir):
    # Given a model that breaks on use (the 500 is answered outside the middleware)
    class Broken:
        def check(self, *args, **kwargs):
            raise RuntimeError("boom")

    app = create_app(Settings(model_dir=model_dir))
    app.dependency_overrides[get_classifier] = lambda: Broken()
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/v1/check", json={"claim": FASTING_MYTH})
    # Then the 500 is in the error shape, says nothing of the cause, and is secured
    assert response.status_code == 500
    assert response.json() == {
        "error": {"code": "internal_error", "message": "an unexpected error occurred"}
    }
    _assert_secured(response)


def test_docs_page_allows_only_its_own_scripts(client):
    response = client.get("/docs")
    policy = response.headers["content-security-policy"]
    # Then scripts come from this server, plus the page's one inline script by its hash
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    _assert_secured(response, policy)


def test_pages_run_no_script_and_cannot_be_framed():
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'self'"
    assert json.dumps(SECURITY_HEADERS).isascii()
