"""Every way a client can get a request wrong, and the one error shape each
answer has. No client input yields a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_api_helpers import FASTING_MYTH, api_client, assert_error

from claims.text import MAX_CLAIM_CHARS
from service.api.settings import MAX_BATCH, MAX_BODY_BYTES

JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(model_dir) -> Iterator[TestClient]:
    with api_client(model_dir) as client:
        yield client


JSON_CASES = [
    # (id, path, body, status, code)
    ("empty-claim", "/v1/check", {"claim": ""}, 422, "empty_claim"),
    ("blank-claim", "/v1/check", {"claim": " \t\n "}, 422, "empty_claim"),
    ("control-chars-only", "/v1/check", {"claim": "\u0000\u200b"}, 422, "empty_claim"),
    ("too-long", "/v1/check", {"claim": "x" * (MAX_CLAIM_CHARS + 1)}, 422, "claim_too_long"),
    ("claim-number", "/v1/check", {"claim": 42}, 422, "invalid_type"),
    ("claim-null", "/v1/check", {"claim": None}, 422, "invalid_type"),
    ("claim-list", "/v1/check", {"claim": [FASTING_MYTH]}, 422, "invalid_type"),
    ("claim-bool", "/v1/check", {"claim": True}, 422, "invalid_type"),
    ("claim-object", "/v1/check", {"claim": {"text": "x"}}, 422, "invalid_type"),
    ("lone-surrogate", "/v1/check", {"claim": "\ud800 fasting"}, 422, "invalid_text"),
    ("missing-claim", "/v1/check", {}, 422, "missing_field"),
    ("unknown-field", "/v1/check", {"claim": FASTING_MYTH, "lang": "en"}, 422, "unknown_field"),
    ("claims-on-single", "/v1/check", {"claims": [FASTING_MYTH]}, 422, "unknown_field"),
    ("body-array", "/v1/check", [FASTING_MYTH], 422, "invalid_type"),
    ("body-string", "/v1/check", FASTING_MYTH, 422, "invalid_type"),
    ("body-null", "/v1/check", None, 422, "invalid_type"),
    ("confidence-above-1", "/v1/check", {"claim": "x", "min_confidence": 1.5}, 422,
     "invalid_min_confidence"),
    ("confidence-negative", "/v1/check", {"claim": "x", "min_confidence": -0.1}, 422,
     "invalid_min_confidence"),
    ("confidence-string", "/v1/check", {"claim": "x", "min_confidence": "0.5"}, 422,
     "invalid_min_confidence"),
    ("confidence-bool", "/v1/check", {"claim": "x", "min_confidence": True}, 422,
     "invalid_min_confidence"),
    ("confidence-nan", "/v1/check", {"claim": "x", "min_confidence": float("nan")}, 422,
     "invalid_min_confidence"),
    ("confidence-infinite", "/v1/check", {"claim": "x", "min_confidence": float("inf")}, 422,
     "invalid_min_confidence"),
    ("batch-too-large", "/v1/check/batch", {"claims": ["x"] * (MAX_BATCH + 1)}, 422,
     "batch_too_large"),
    ("batch-empty", "/v1/check/batch", {"claims": []}, 422, "empty_claim"),
    ("batch-empty-item", "/v1/check/batch", {"claims": [FASTING_MYTH, ""]}, 422, "empty_claim"),
    ("batch-long-item", "/v1/check/batch",
     {"claims": [FASTING_MYTH, "x" * (MAX_CLAIM_CHARS + 1)]}, 422, "claim_too_long"),
    ("batch-item-number", "/v1/check/batch", {"claims": [FASTING_MYTH, 3]}, 422, "invalid_type"),
    ("batch-not-list", "/v1/check/batch", {"claims": FASTING_MYTH}, 422, "invalid_type"),
    ("batch-missing", "/v1/check/batch", {}, 422, "missing_field"),
    ("batch-unknown-field", "/v1/check/batch", {"claims": ["x"], "limit": 3}, 422,
     "unknown_field"),
    ("batch-confidence", "/v1/check/batch", {"claims": ["x"], "min_confidence": 2}, 422,
     "invalid_min_confidence"),
    ("batch-confidence-nan", "/v1/check/batch", {"claims": ["x"], "min_confidence": float("nan")},
     422, "invalid_min_confidence"),
    ("batch-lone-surrogate", "/v1/check/batch", {"claims": ["ok", "\udfff"]}, 422,
     "invalid_text"),
]  # fmt: skip


@pytest.mark.parametrize("path,body,status,code", [c[1:] for c in JSON_CASES],
                         ids=[c[0] for c in JSON_CASES])  # fmt: skip
def test_bad_json_request_gets_the_error_shape(client, path, body, status, code):
    response = client.post(path, content=json.dumps(body), headers=JSON)
    assert_error(response, status, code)


RAW_CASES = [
    ("malformed", b'{"claim": ', JSON, 400, "malformed_json"),
    ("single-quotes", b"{'claim': 'x'}", JSON, 400, "malformed_json"),
    ("not-utf8", b'{"claim": "\xff\xfe"}', JSON, 400, "malformed_json"),
    ("too-deep", b"[" * 100_000 + b"]" * 100_000, JSON, 400, "malformed_json"),
    ("empty-body", b"", JSON, 422, "missing_field"),
    ("text-plain", json.dumps({"claim": "x"}).encode(), {"content-type": "text/plain"}, 415,
     "unsupported_media_type"),
    ("form-encoded", b"claim=x", {"content-type": "application/x-www-form-urlencoded"}, 415,
     "unsupported_media_type"),
]  # fmt: skip


@pytest.mark.parametrize("body,headers,status,code", [c[1:] for c in RAW_CASES],
                         ids=[c[0] for c in RAW_CASES])  # fmt: skip
@pytest.mark.parametrize("path", ["/v1/check", "/v1/check/batch"])
def test_unparseable_body_gets_the_error_shape(client, path, body, headers, status, code):
    assert_error(client.post(path, content=body, headers=headers), status, code)


def test_error_messages_name_the_problem(client):
    unknown = client.post("/v1/check", json={"claim": "x", "lang": "en"})
    assert "lang" in assert_error(unknown, 422, "unknown_field")
    assert "claim" in assert_error(unknown, 422, "unknown_field")  # the valid fields
    confidence = client.post("/v1/check", json={"claim": "x", "min_confidence": 1.5})
    assert "1.5" in assert_error(confidence, 422, "invalid_min_confidence")
    item = client.post("/v1/check/batch", json={"claims": ["a claim", ""]})
    assert assert_error(item, 422, "empty_claim").startswith("claim 2:")


def _over_limit() -> bytes:
    filler = "x" * (MAX_BODY_BYTES + 1)
    return json.dumps({"claim": filler}).encode()


def test_body_over_the_limit_with_content_length_is_413(client):
    assert_error(client.post("/v1/check", content=_over_limit(), headers=JSON), 413,
                 "body_too_large")  # fmt: skip


def test_streamed_body_over_the_limit_is_413_without_content_length(client):
    # Given a body sent in chunks, with no Content-Length to refuse it early
    def chunks() -> Iterator[bytes]:
        body = _over_limit()
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    # When it is posted
    response = client.post("/v1/check/batch", content=chunks(), headers=JSON)
    # Then the count of bytes read stops it
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "body_too_large")


def test_form_post_over_the_limit_is_413(client):
    response = client.post("/", data={"claims": "x" * (MAX_BODY_BYTES + 1)})
    assert_error(response, 413, "body_too_large")


def test_body_limit_comes_from_the_settings(model_dir):
    with api_client(model_dir, max_body_bytes=100) as client:
        assert client.post("/v1/check", json={"claim": "short"}).status_code == 200
        assert_error(client.post("/v1/check", json={"claim": "y" * 100}), 413, "body_too_large")


@pytest.mark.parametrize("method,path,status,code", [
    ("GET", "/v1/check", 405, "method_not_allowed"),
    ("PUT", "/v1/check/batch", 405, "method_not_allowed"),
    ("POST", "/v1/myths", 405, "method_not_allowed"),
    ("GET", "/v1/nothing-here", 404, "not_found"),
    ("GET", "/nothing-here", 404, "not_found"),
    ("GET", "/v1/myths/no-such-myth", 404, "unknown_myth"),
    ("GET", "/v1/myths/no-such-myth/claimreview", 404, "unknown_myth"),
    ("GET", "/myths/no-such-myth", 404, "unknown_myth"),
])  # fmt: skip
def test_wrong_route_gets_the_error_shape(client, method, path, status, code):
    assert_error(client.request(method, path), status, code)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["claim", "claims", "min_confidence", "x"]), children,
                      max_size=4),
    max_leaves=12,
)  # fmt: skip


@settings(
    max_examples=200,
    deadline=None,
    database=None,  # no example database written into the source tree
    suppress_health_check=[HealthCheck.too_slow],
)
@given(path=st.sampled_from(["/v1/check", "/v1/check/batch"]), body=JSON_VALUES)
def test_no_json_body_yields_a_server_error(client, path, body):
    # json.dumps writes NaN, Infinity and lone surrogates as Python's parser reads them
    response = client.post(path, content=json.dumps(body), headers=JSON)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert_error(response, response.status_code, response.json()["error"]["code"])
