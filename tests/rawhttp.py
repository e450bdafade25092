"""HTTP/1.1 by hand for the load and fault tests: requests written byte by byte
if need be, answers read with asyncio streams, a load generator over
keep-alive connections, and the resident memory of a process.

Only for talking to our own ``mythcheck serve`` on the loopback interface: every
loop here is bounded in count and in time. uvicorn always answers with a
Content-Length, so the reader needs no chunked decoding.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

READ_SECONDS = 30.0
"""Longest wait for one answer before the test calls it an error."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def address(url: str) -> tuple[str, int]:
    """Host and port of ``http://127.0.0.1:PORT``; refuses anything but loopback."""
    parts = urlsplit(url)
    assert parts.hostname in ("127.0.0.1", "localhost", "::1"), f"not loopback: {url}"
    assert parts.port is not None
    return parts.hostname, parts.port


def request_head(method: str, path: str, headers: dict[str, str] | None = None) -> bytes:
    """The request line and headers, up to and including the blank line."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def json_request(path: str, data: Any, extra: dict[str, str] | None = None) -> bytes:
    """A whole POST of ``data`` as JSON, with its true Content-Length."""
    body = json.dumps(data).encode("utf-8")
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    headers.update(extra or {})
    return request_head("POST", path, headers) + body


async def read_answer(reader: asyncio.StreamReader, seconds: float = READ_SECONDS) -> Answer:
    """One response; EOFError (IncompleteReadError) if the server closed instead."""
    async with asyncio.timeout(seconds):
        status_line = await reader.readuntil(b"\r\n")
        headers: dict[str, str] = {}
        while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        assert "content-length" in headers, f"no Content-Length: {status_line!r} {headers}"
        body = await reader.readexactly(int(headers["content-length"]))
    return Answer(int(status_line.split()[1]), headers, body)


async def closed_by_server(reader: asyncio.StreamReader, seconds: float) -> bool:
    """True when the server closes the connection within ``seconds`` (reads to EOF)."""
    try:
        async with asyncio.timeout(seconds):
            while await reader.read(65_536):
                pass
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return True


def rss_kib(pid: int) -> int:
    """Resident memory of a process (``VmRSS`` in /proc/PID/status), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


@dataclass
class LoadResult:
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    rss_samples_kib: list[int] = field(default_factory=list)

    @property
    def requests_per_second(self) -> float:
        return sum(self.statuses.values()) / self.seconds if self.seconds else 0.0


async def run_load(
    url: str,
    total: int,
    concurrency: int,
    make_request: Callable[[int], bytes],
    pid: int | None = None,
    deadline_seconds: float = 180.0,
) -> LoadResult:
    """Send ``total`` requests over ``concurrency`` keep-alive connections, one
    at a time each; statuses and errors counted, the server's RSS sampled every
    0.1 s when ``pid`` is given. Stops at ``deadline_seconds`` whatever happens."""
    host, port = address(url)
    result = LoadResult()
    issued = 0

    async def connection() -> None:
        nonlocal issued
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while issued < total:
                number = issued
                issued += 1
                try:
                    writer.write(make_request(number))
                    await writer.drain()
                    answer = await read_answer(reader)
                except (OSError, EOFError, TimeoutError) as error:
                    result.errors.append(f"request {number}: {error!r}")
                    return
                result.statuses[answer.status] += 1
                if answer.status != 200:
                    result.errors.append(f"request {number}: {answer.status} {answer.body[:200]!r}")
        finally:
            writer.close()

    async def sample() -> None:
        while pid is not None:
            result.rss_samples_kib.append(rss_kib(pid))
            await asyncio.sleep(0.1)

    began = time.perf_counter()
    sampler = asyncio.create_task(sample())
    try:
        async with asyncio.timeout(deadline_seconds):
            await asyncio.gather(*(connection() for _ in range(concurrency)))
    except TimeoutError:
        result.errors.append(f"the load did not finish within {deadline_seconds} s")
    finally:
        result.seconds = time.perf_counter() - began
        sampler.cancel()
    if pid is not None:
        result.rss_samples_kib.append(rss_kib(pid))
    return result
