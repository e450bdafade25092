"""Load on a real ``mythcheck serve`` over loopback: 20,000 requests from 64
keep-alive connections at once, without a single error, while the server's
resident memory stays under a stated bound.

Measured on a 2-core machine (November 2026; the test prints its numbers):
~1,200 requests/s in ~17 s, the server's RSS ~190 MB after startup and ~200 MB
at its peak. The bound, 300 MB, leaves room for another machine's allocator and
Python build, and would still catch a leak of 5 kB per request (100 MB here).
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from rawhttp import json_request, request_head, rss_kib, run_load
from test_api_helpers import COFFEE_REBUTTAL, FASTING_MYTH
from test_serve_support import running_server

pytestmark = pytest.mark.slow

REQUESTS = 20_000
CONCURRENCY = 64
RSS_BOUND_KIB = 300 * 1024
"""The server's resident memory must stay under 300 MB during the whole run."""
LOAD_SECONDS = 120
"""The run is abandoned (and fails) after this long; it takes ~20 s."""
CLAIMS = [FASTING_MYTH, COFFEE_REBUTTAL, "The train to Leeds leaves at nine.",
          "protein shakes feed tumours through mTOR"]  # fmt: skip


def mixed_request(number: int) -> bytes:
    """Seven in ten check a claim (each one different), two read a myth, one the health."""
    kind = number % 10
    if kind < 7:
        return json_request("/v1/check", {"claim": f"{CLAIMS[number % 4]} ({number})"})
    if kind < 9:
        return request_head("GET", "/v1/myths/coffee-activates-mtor")
    return request_head("GET", "/healthz")


def test_twenty_thousand_requests_at_concurrency_64_without_errors_in_bounded_memory(
    model_dir, tmp_path, capsys
):
    with running_server(model_dir, tmp_path) as server:
        pid = server.process.pid
        before = rss_kib(pid)
        # When 20,000 requests arrive over 64 connections at once
        result = asyncio.run(run_load(server.url, REQUESTS, CONCURRENCY, mixed_request, pid,
                                      deadline_seconds=LOAD_SECONDS))  # fmt: skip
        # Then every one got its 200, and the server still answers correctly
        assert result.errors == [], result.errors[:5]
        assert result.statuses == {200: REQUESTS}
        after = httpx.post(f"{server.url}/v1/check", json={"claim": FASTING_MYTH}).json()
        assert after["verdict"] == "myth"
        assert server.process.poll() is None
    # and its memory stayed under the bound throughout
    peak = max(result.rss_samples_kib)
    with capsys.disabled():
        print("\nload:", json.dumps({
            "requests": REQUESTS, "concurrency": CONCURRENCY,
            "seconds": round(result.seconds, 1),
            "requests_per_second": round(result.requests_per_second),
            "rss_mb_before": round(before / 1024), "rss_mb_peak": round(peak / 1024),
            "rss_mb_end": round(result.rss_samples_kib[-1] / 1024),
        }))  # fmt: skip
    assert peak < RSS_BOUND_KIB, f"server RSS peaked at {peak / 1024:.0f} MB"
    assert "Traceback" not in server.output()
