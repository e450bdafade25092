"""Faults on a real ``mythcheck serve`` over loopback, each bounded in count and
time: clients that hang up mid-request, slow clients that dribble a body,
idle connections, bodies over the limit (declared, undeclared, lied about),
and SIGTERM while requests are in flight.

The server here has a 2-second body deadline (MYTHCHECK_BODY_TIMEOUT) and a
1-second keep-alive, so that the timeouts show within the test's time.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import struct
import time
from collections.abc import Iterator

import httpx
import pytest
from rawhttp import (
    Answer,
    address,
    closed_by_server,
    json_request,
    read_answer,
    request_head,
)
from test_api_helpers import FASTING_MYTH, assert_error
from test_serve_support import Server, running_server

from service.api.settings import BODY_TIMEOUT_ENV, MAX_BODY_BYTES

pytestmark = pytest.mark.slow

BODY_TIMEOUT = 2.0
KEEP_ALIVE = 1
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def server(model_dir, tmp_path_factory) -> Iterator[Server]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(BODY_TIMEOUT_ENV, str(BODY_TIMEOUT))
        with running_server(model_dir, tmp_path_factory.mktemp("faults"),
                            "--timeout-keep-alive", str(KEEP_ALIVE)) as server:  # fmt: skip
            yield server
        assert "Traceback" not in server.output(), server.output()


def _still_serving(server: Server) -> None:
    assert server.process.poll() is None, server.output()
    result = httpx.post(f"{server.url}/v1/check", json={"claim": FASTING_MYTH}, timeout=5)
    assert result.status_code == 200 and result.json()["verdict"] == "myth"


def _answer(answer: Answer) -> httpx.Response:
    """A raw answer as an httpx response, for the shared ``assert_error``."""
    return httpx.Response(answer.status, headers=answer.headers, content=answer.body)


def _reset(sock: socket.socket) -> None:
    """Close with an RST instead of a FIN: SO_LINGER with a zero timeout."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_clients_that_hang_up_mid_request_leave_the_server_serving(server):
    host, port = address(server.url)
    heavy = json_request("/v1/check/batch", {"claims": [FASTING_MYTH] * 1_000})
    body_start = heavy.index(b"\r\n\r\n") + 4
    cuts = [
        heavy[:20],  # inside the request line
        heavy[: body_start - 2],  # inside the headers
        heavy[: body_start + 100],  # inside the body
        heavy,  # all sent, answer never read
    ]
    # When 80 clients each send part of a request and hang up (half with an RST)
    for round_ in range(20):
        for cut in cuts:
            sock = socket.create_connection((host, port), timeout=5)
            sock.sendall(cut)
            if round_ % 2:
                _reset(sock)
            else:
                sock.close()
    time.sleep(0.5)  # the work of the last whole requests is still running
    # Then the server goes on answering, and correctly
    _still_serving(server)


async def _dribble(url: str, body: bytes, every: float) -> tuple[Answer | None, float, bool]:
    """Send a request's headers, then its body one byte per ``every`` seconds
    until the server answers; the answer, when it came, and whether it closed."""
    reader, writer = await asyncio.open_connection(*address(url))
    head = {**JSON, "Content-Length": str(len(body))}
    writer.write(request_head("POST", "/v1/check", head))
    began = time.monotonic()
    answer = None
    try:
        for byte in body:
            writer.write(bytes([byte]))
            await writer.drain()
            try:
                answer = await read_answer(reader, seconds=every)
                break
            except TimeoutError:
                continue
        closed = await closed_by_server(reader, seconds=3)
    except ConnectionError:
        closed = True
    finally:
        writer.close()
    return answer, time.monotonic() - began, closed


async def _promised_body_never_sent(url: str) -> tuple[Answer, float]:
    reader, writer = await asyncio.open_connection(*address(url))
    writer.write(request_head("POST", "/v1/check", {**JSON, "Content-Length": "500000"}))
    writer.write(b'{"claim": "')
    began = time.monotonic()
    try:
        return await read_answer(reader, seconds=BODY_TIMEOUT + 3), time.monotonic() - began
    finally:
        writer.close()


async def _dribblers_and_a_crowd(url: str) -> tuple[list, tuple[Answer, float], list[float]]:
    body = json_request("/v1/check", {"claim": FASTING_MYTH * 3}).split(b"\r\n\r\n", 1)[1]
    dribblers = [asyncio.create_task(_dribble(url, body, every=0.05)) for _ in range(8)]
    silent = asyncio.create_task(_promised_body_never_sent(url))
    await asyncio.sleep(0.2)
    latencies = []
    async with httpx.AsyncClient(timeout=5) as client:
        for _ in range(30):  # while the dribblers hold their requests open
            began = time.monotonic()
            response = await client.post(f"{url}/v1/check", json={"claim": FASTING_MYTH})
            assert response.status_code == 200
            latencies.append(time.monotonic() - began)
            await asyncio.sleep(0.02)
    return await asyncio.gather(*dribblers), await silent, latencies


def test_slow_clients_are_timed_out_while_others_are_served(server):
    # Given 8 clients sending a body a byte every 50 ms (it would take ~7 s),
    # and one that promises 500 kB in its Content-Length and sends 11 bytes
    # When others send ordinary requests meanwhile
    dribbled, (silent, silent_seconds), latencies = asyncio.run(_dribblers_and_a_crowd(server.url))
    # Then the others are answered at once
    assert max(latencies) < 1.0, latencies
    # and each slow client gets 408 in the error shape at the deadline, and is cut off
    for answer, seconds, closed in dribbled:
        assert answer is not None, "the slow client was never answered"
        message = assert_error(_answer(answer), 408, "request_timeout")
        assert f"{BODY_TIMEOUT:g} seconds" in message
        assert answer.headers["connection"] == "close" and closed
        assert BODY_TIMEOUT - 0.1 <= seconds < BODY_TIMEOUT + 1.5, seconds
    assert_error(_answer(silent), 408, "request_timeout")
    assert BODY_TIMEOUT - 0.1 <= silent_seconds < BODY_TIMEOUT + 1.5
    _still_serving(server)


async def _idle_after_one_request(url: str) -> tuple[int, bool]:
    reader, writer = await asyncio.open_connection(*address(url))
    writer.write(request_head("GET", "/healthz"))
    answer = await read_answer(reader)
    closed = await closed_by_server(reader, seconds=KEEP_ALIVE + 2)
    writer.close()
    return answer.status, closed


def test_an_idle_keep_alive_connection_is_closed_after_the_timeout(server):
    status, closed = asyncio.run(_idle_after_one_request(server.url))
    assert status == 200 and closed


async def _declared_too_large(url: str) -> tuple[Answer, bool]:
    reader, writer = await asyncio.open_connection(*address(url))
    too_large = str(MAX_BODY_BYTES + 1)
    writer.write(request_head("POST", "/v1/check", {**JSON, "Content-Length": too_large}))
    await writer.drain()  # and not one byte of the body
    answer = await read_answer(reader, seconds=5)
    closed = await closed_by_server(reader, seconds=3)
    writer.close()
    return answer, closed


def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(server):
    # (a chunked body over the limit: test_serve_cli.py::
    #  test_real_server_refuses_a_large_chunked_body_with_413)
    answer, closed = asyncio.run(_declared_too_large(server.url))
    assert_error(_answer(answer), 413, "body_too_large")
    assert answer.headers["connection"] == "close" and closed


async def _lying_content_length(url: str) -> tuple[Answer, bytes, bool]:
    """Content-Length says 100 bytes; 2 MB follow. The answer to the 100 bytes,
    what the server sent after the rest, and whether it ended the connection."""
    reader, writer = await asyncio.open_connection(*address(url))
    body = b'{"claim": "' + b"x" * (2 * MAX_BODY_BYTES) + b'"}'
    try:
        writer.write(request_head("POST", "/v1/check", {**JSON, "Content-Length": "100"}))
        writer.write(body[:100])
        first = await read_answer(reader, seconds=5)  # read before the server resets
        rest = b""
        try:
            async with asyncio.timeout(5):
                writer.write(body[100:])
                await writer.drain()
                rest = await reader.read()  # to the end: the server closes
            ended = True
        except ConnectionError:  # it closed with our bytes unread: a reset
            ended = True
        except TimeoutError:
            ended = False
        return first, rest, ended
    finally:
        writer.close()


def test_bytes_past_a_lying_content_length_are_refused_and_the_connection_closed(server):
    # When a client declares 100 bytes and sends 2 MB
    first, rest, ended = asyncio.run(_lying_content_length(server.url))
    # Then the 100 bytes are judged as the body (cut-off JSON: 400 in the error
    # shape); the bytes after them are no HTTP request (uvicorn's own 400, when
    # it arrives before the reset), and the server ends the connection: nothing
    # past the declared length is ever read as a body
    assert_error(_answer(first), 400, "malformed_json")
    assert ended
    assert rest == b"" or rest.startswith(b"HTTP/1.1 400 ")
    _still_serving(server)


async def _headers_of(url: str, size: int) -> bytes:
    """A GET whose one extra header makes the head ``size`` bytes: all the
    server sent back until it closed the connection (b"" if it reset it)."""
    reader, writer = await asyncio.open_connection(*address(url))
    try:
        head = request_head("GET", "/healthz", {"Connection": "close", "X-Padding": ""})
        writer.write(head[:-4] + b"x" * (size - len(head)) + b"\r\n\r\n")
        async with asyncio.timeout(5):
            await writer.drain()
            return await reader.read()
    except ConnectionError:
        return b""
    finally:
        writer.close()


def test_a_megabyte_of_headers_is_refused_and_the_server_keeps_serving(server):
    # uvicorn's h11 refuses a head still unfinished after 16 KiB have arrived (a
    # smaller one arriving whole may pass); with a megabyte it closes on us
    assert asyncio.run(_headers_of(server.url, 8 * 1024)).startswith(b"HTTP/1.1 200 ")
    refused = asyncio.run(_headers_of(server.url, 1024 * 1024))
    assert refused == b"" or refused.startswith(b"HTTP/1.1 400 ")
    _still_serving(server)


async def _batches_in_flight(url: str, count: int) -> list[tuple[Answer, bool]]:
    """``count`` heavy batches sent on connections already open: each answer,
    and whether the server closed the connection after it."""
    host, port = address(url)
    streams = [await asyncio.open_connection(host, port) for _ in range(count)]
    try:
        for reader, writer in streams:  # the server has accepted every connection
            writer.write(request_head("GET", "/healthz"))
            assert (await read_answer(reader)).status == 200
        batch = json_request("/v1/check/batch", {"claims": [FASTING_MYTH] * 1_000})
        for _, writer in streams:
            writer.write(batch)
        await asyncio.gather(*(writer.drain() for _, writer in streams))

        async def answer_then_close(reader: asyncio.StreamReader) -> tuple[Answer, bool]:
            return await read_answer(reader), await closed_by_server(reader, seconds=10)

        return await asyncio.gather(*(answer_then_close(reader) for reader, _ in streams))
    finally:
        for _, writer in streams:
            writer.close()


def test_sigterm_under_load_finishes_requests_in_flight_then_exits_0(model_dir, tmp_path):
    with running_server(model_dir, tmp_path, "--timeout-graceful-shutdown", "20") as server:
        pid = server.process.pid

        async def load_then_terminate() -> list[tuple[Answer, bool]]:
            answers = asyncio.create_task(_batches_in_flight(server.url, 40))
            await asyncio.sleep(0.8)  # 40 batches of 1,000 claims take ~3 s
            assert not answers.done()
            os.kill(pid, signal.SIGTERM)
            return await answers

        # When SIGTERM arrives while 40 batches are being checked
        began = time.monotonic()
        answered = asyncio.run(load_then_terminate())
        # Then every one of them is answered in full, and its connection closed
        assert [answer.status for answer, _ in answered] == [200] * 40
        assert all(len(answer.json()["results"]) == 1_000 for answer, _ in answered)
        assert all(closed for _, closed in answered)
        # and the server exits 0, having refused new connections meanwhile
        assert server.process.wait(timeout=20) == 0
        assert time.monotonic() - began < 20
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{server.url}/healthz", timeout=1)
    log = server.output()
    assert "Finished server process" in log and "Traceback" not in log


def test_sigterm_does_not_wait_past_the_graceful_shutdown_timeout(model_dir, tmp_path):
    # Given a client holding a request open (a body deadline longer than the test)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(BODY_TIMEOUT_ENV, "60")
        with running_server(model_dir, tmp_path, "--timeout-graceful-shutdown", "1") as server:
            sock = socket.create_connection(address(server.url), timeout=5)
            sock.sendall(request_head("POST", "/v1/check", {**JSON, "Content-Length": "100"}))
            time.sleep(0.3)
            # When the server is asked to stop
            began = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            # Then it gives up on that request after 1 s and still exits 0
            assert server.process.wait(timeout=10) == 0
            assert time.monotonic() - began < 4
            sock.close()
    assert "timeout graceful shutdown exceeded" in server.output()
