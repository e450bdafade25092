"""A bounded asynchronous HTTP load generator, for machines without ``wrk``:
``python -m benchmarks.loadgen`` reads ``{"url", "bodies", "concurrency",
"seconds"}`` on stdin, POSTs the bodies in turn from ``concurrency``
connections until the time is up (or ``MAX_REQUESTS``), and prints what wrk
would report: requests/s, p50 and p99 latency, errors."""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from typing import Any

import numpy as np

MAX_REQUESTS = 1_000_000
HEADERS = {"Content-Type": "application/json"}


async def generate(url: str, bodies: list[str], concurrency: int, seconds: float) -> dict[str, Any]:
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    errors = 0
    counter = itertools.count()
    async with httpx.AsyncClient(limits=limits, timeout=10.0) as client:
        deadline = time.perf_counter() + seconds

        async def connection() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                number = next(counter)
                if number >= MAX_REQUESTS:
                    return
                started = time.perf_counter()
                try:
                    response = await client.post(url, content=bodies[number % len(bodies)],
                                                 headers=HEADERS)  # fmt: skip
                    errors += response.status_code != 200
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(connection() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    values = np.asarray(latencies) * 1e3 if latencies else np.zeros(1)
    return {
        "concurrency": concurrency,
        "seconds": round(elapsed, 3),
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(float(np.percentile(values, 50)), 3),
        "p99_ms": round(float(np.percentile(values, 99)), 3),
        "errors": errors,
    }


def main() -> int:
    job = json.loads(sys.stdin.read())
    result = asyncio.run(generate(job["url"], job["bodies"], job["concurrency"], job["seconds"]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
