"""The service's limits, each at its edge: the limit itself passes, one more is
refused with its code. And the README's limits table, when it has one between
``<!-- begin: limits -->`` and ``<!-- end: limits -->``, says exactly this.

Where the rest is tested (real server, over loopback):
body deadline, keep-alive, graceful shutdown, declared, lying and chunked
bodies: test_faults_serve.py and test_serve_cli.py.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import anyio
import pytest
from test_api_helpers import FASTING_MYTH, api_client, assert_error

from claims.text import MAX_CLAIM_CHARS
from service.api.settings import (
    BODY_TIMEOUT_ENV,
    BODY_TIMEOUT_SECONDS,
    MAX_BATCH,
    MAX_BATCH_ENV,
    MAX_BODY_BYTES,
    MAX_BODY_BYTES_ENV,
    MAX_CLAIM_CHARS_ENV,
    MAX_SCAN_CHARS,
    MAX_SCAN_CHARS_ENV,
)
from service.api.timeouts import BodyTimeoutMiddleware
from service.cli.serve_command import GRACEFUL_SHUTDOWN_SECONDS, KEEP_ALIVE_SECONDS

README = Path(__file__).resolve().parents[1] / "README.md"


def limits_table() -> str:
    """The README's limits table, written from the constants the service enforces."""
    rows = [
        ("claim: `/v1/check`, each batch item, each line of the form",
         f"{MAX_CLAIM_CHARS:,} characters (after cleaning)", f"`{MAX_CLAIM_CHARS_ENV}`",
         "422 `claim_too_long`"),
        ("claims in one `/v1/check/batch` or one form", f"{MAX_BATCH:,}", f"`{MAX_BATCH_ENV}`",
         "422 `batch_too_large`"),
        ("text of one `/v1/scan` or one post in the form", f"{MAX_SCAN_CHARS:,} characters",
         f"`{MAX_SCAN_CHARS_ENV}`", "422 `text_too_long`"),
        ("request body, declared or counted (chunked too)",
         f"{MAX_BODY_BYTES:,} bytes (1 MiB)", f"`{MAX_BODY_BYTES_ENV}`",
         "413 `body_too_large`; connection closed"),
        ("time for a body to arrive after its headers", f"{BODY_TIMEOUT_SECONDS:g} s",
         f"`{BODY_TIMEOUT_ENV}`", "408 `request_timeout`; connection closed"),
        ("idle keep-alive connection", f"{KEEP_ALIVE_SECONDS} s",
         "`serve --timeout-keep-alive S`", "connection closed"),
        ("requests still running after SIGTERM", f"{GRACEFUL_SHUTDOWN_SECONDS} s",
         "`serve --timeout-graceful-shutdown S`", "cancelled; the server still exits 0"),
    ]  # fmt: skip
    lines = ["| limit | default | set with | past it |", "|---|---|---|---|"]
    return "\n".join([*lines, *(f"| {' | '.join(row)} |" for row in rows)]) + "\n"


def test_readme_limits_table_matches_the_enforced_limits():
    text = README.read_text("utf-8") if README.is_file() else ""
    begin, end = "<!-- begin: limits -->\n", "<!-- end: limits -->"
    assert begin in text, f"README.md lacks its limits block: {begin.strip()} ... {end}"
    block = text.split(begin, 1)[1].split(end, 1)[0]
    assert block == limits_table(), f"README's limits table should read:\n{limits_table()}"


@pytest.fixture(scope="module")
def client(model_dir):
    with api_client(model_dir) as client:
        yield client


def test_a_claim_of_exactly_the_limit_is_checked_and_one_more_is_refused(client):
    at_limit = ("coffee activates mTOR " * MAX_CLAIM_CHARS)[: MAX_CLAIM_CHARS - 1] + "x"
    assert client.post("/v1/check", json={"claim": at_limit}).status_code == 200
    over = client.post("/v1/check", json={"claim": at_limit + "y"})
    assert f"the limit is {MAX_CLAIM_CHARS:,}" in assert_error(over, 422, "claim_too_long")


def test_a_batch_of_exactly_the_limit_is_checked_and_one_more_is_refused(client):
    at_limit = client.post("/v1/check/batch", json={"claims": [FASTING_MYTH] * MAX_BATCH})
    assert at_limit.status_code == 200 and len(at_limit.json()["results"]) == MAX_BATCH
    over = client.post("/v1/check/batch", json={"claims": [FASTING_MYTH] * (MAX_BATCH + 1)})
    assert f"the limit is {MAX_BATCH:,}" in assert_error(over, 422, "batch_too_large")


def test_the_form_has_the_batch_limit_too(client):
    lines = "\n".join([FASTING_MYTH] * (MAX_BATCH + 1))
    page = client.post("/", data={"claims": lines})
    assert page.status_code == 422 and f"the limit is {MAX_BATCH:,}" in page.text


def test_a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(client):
    def body(size: int) -> bytes:
        claim = "x" * (size - len(json.dumps({"claim": ""})))
        data = json.dumps({"claim": claim}).encode()
        assert len(data) == size
        return data

    headers = {"content-type": "application/json"}
    at_limit = client.post("/v1/check", content=body(MAX_BODY_BYTES), headers=headers)
    assert_error(at_limit, 422, "claim_too_long")  # read and judged: not refused unread
    over = client.post("/v1/check", content=body(MAX_BODY_BYTES + 1), headers=headers)
    assert_error(over, 413, "body_too_large")


def test_a_body_longer_than_its_content_length_is_counted_not_trusted(model_dir):
    # In process a transport can hand the app more bytes than were declared
    # (a real server cuts the body at Content-Length: test_faults_serve.py)
    with api_client(model_dir, max_body_bytes=1_000) as client:
        request = client.build_request("POST", "/v1/check", content=b"[" * 5_000,
                                       headers={"content-type": "application/json"})  # fmt: skip
        request.headers["content-length"] = "10"
        assert_error(client.send(request), 413, "body_too_large")


async def _slow_body_through_the_middleware(deadline: float, gap: float) -> list[dict]:
    """Three body chunks ``gap`` seconds apart through a BodyTimeoutMiddleware."""
    chunks = [{"type": "http.request", "body": b"x", "more_body": True}] * 2
    chunks.append({"type": "http.request", "body": b"x", "more_body": False})
    sent: list[dict] = []

    async def receive() -> dict:
        await anyio.sleep(gap)
        return chunks.pop(0)

    async def send(message: dict) -> None:
        sent.append(message)

    async def app(scope, receive, send) -> None:  # reads the body, then answers 200
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [], "query_string": b""}
    await BodyTimeoutMiddleware(app, seconds=deadline)(scope, receive, send)
    return sent


def test_body_deadline_counts_the_whole_body_not_the_gaps():
    # Every gap (0.1 s) is shorter than the deadline (0.25 s), the whole body is not
    began = time.monotonic()
    sent = anyio.run(_slow_body_through_the_middleware, 0.25, 0.1)
    assert sent[0]["status"] == 408 and (b"connection", b"close") in sent[0]["headers"]
    assert 0.25 <= time.monotonic() - began < 1
    assert json.loads(sent[1]["body"])["error"]["code"] == "request_timeout"
    # and a body that arrives in time passes untouched
    assert anyio.run(_slow_body_through_the_middleware, 1.0, 0.01)[0]["status"] == 200
