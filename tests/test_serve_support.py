"""Running ``mythcheck serve`` as a real process for the end-to-end and browser
tests: a free loopback port, a wait for /healthz, and a clean stop.

Imported by the other modules as ``from test_serve_support import ...``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from model.artifact import MODEL_DIR_ENV

STARTUP_SECONDS = 120  # generous: a server without a model trains one first


def free_port() -> int:
    """A TCP port nobody listens on at the moment, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mythcheck_command() -> list[str]:
    """The installed ``mythcheck`` script beside this Python, else ``python -m service``."""
    script = Path(sys.executable).with_name("mythcheck")
    if script.is_file():
        return [str(script)]
    found = shutil.which("mythcheck")
    return [found] if found else [sys.executable, "-m", "service"]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


@contextmanager
def running_server(model_dir: Path, log_dir: Path, *args: str) -> Iterator[Server]:
    """``mythcheck serve`` on a free loopback port with MYTHCHECK_MODEL_DIR set,
    yielded once /healthz answers; stopped (by its own pid) afterwards."""
    port = free_port()
    env = {**os.environ, MODEL_DIR_ENV: str(model_dir), "PYTHONUNBUFFERED": "1"}
    log = log_dir / f"serve-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*mythcheck_command(), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(
                f"mythcheck serve exited with {server.process.returncode}:\n{server.output()}"
            )
        try:
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"mythcheck serve did not answer /healthz:\n{server.output()}")
