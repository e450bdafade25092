"""Over HTTP: ``python -m service serve`` on a free loopback port, loaded from a
separate process by Debian's ``wrk`` or, without it, by ``benchmarks.loadgen``
(a bounded asynchronous httpx client). Loopback only; every load level is
bounded in time, and the server is stopped by its own process id."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
STARTUP_SECONDS = 90.0
BODIES = 2_000
"""Distinct single-claim bodies cycled through by the load generator."""
BATCH_BODIES = 5
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}
_PERCENTILE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.M)
"""A line of wrk's latency distribution, such as ``     99%    3.21ms``."""


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    startup_seconds: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(model_dir: Path, env: dict[str, str], log: Path) -> Iterator[Server]:
    """The service on a free loopback port, answering /healthz; stopped on exit."""
    port = free_port()
    command = [sys.executable, "-m", "service", "-q", "serve", "--host", HOST,
               "--port", str(port), "--model", str(model_dir)]  # fmt: skip
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        url = f"http://{HOST}:{port}"
        while not _healthy(url):
            if process.poll() is not None or time.perf_counter() - started > STARTUP_SECONDS:
                raise RuntimeError(f"mythcheck serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.05)
        yield Server(url, process.pid, time.perf_counter() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def memory(pid: int) -> dict[str, int]:
    """Resident and peak resident memory of a process, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) * 1024
    return {"rss_bytes": fields.get("VmRSS", 0), "peak_rss_bytes": fields.get("VmHWM", 0)}


def measure_http(config: Any, model_dir: Path, env: dict[str, str], claims: list[str],
                 work_dir: Path) -> dict[str, Any]:  # fmt: skip
    """Requests/s and latency of /v1/check per concurrency, claims/s of
    /v1/check/batch, and the server's memory."""
    generator = "wrk" if shutil.which("wrk") else "httpx (benchmarks.loadgen)"
    singles = [json.dumps({"claim": c}) for c in claims[:BODIES]]
    size = min(config.http_batch_size, len(claims))
    batches = [json.dumps({"claims": claims[i * size : (i + 1) * size]})
               for i in range(max(1, min(BATCH_BODIES, len(claims) // size)))]  # fmt: skip
    with running_server(model_dir, env, work_dir / "serve.log") as server:
        idle = memory(server.pid)
        check = {
            str(c): _load(server.url + "/v1/check", singles, c, config.http_seconds, work_dir, env)
            for c in config.http_concurrency
        }
        url = server.url + "/v1/check/batch"
        batch = _load(url, batches, 1, config.http_seconds, work_dir, env)
        batch["claims_per_request"] = size
        batch["claims_per_second"] = round(batch["requests_per_second"] * size, 1)
        loaded = memory(server.pid)
    return {
        "status": "measured",
        "load_generator": generator,
        "startup_seconds": round(server.startup_seconds, 3),
        "server_rss_idle_bytes": idle["rss_bytes"],
        "server_rss_bytes": loaded["rss_bytes"],
        "server_peak_rss_bytes": loaded["peak_rss_bytes"],
        "check": check,
        "batch": batch,
    }


def _load(url: str, bodies: list[str], concurrency: int, seconds: float, work_dir: Path,
          env: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    if shutil.which("wrk"):
        return _wrk(url, bodies, concurrency, seconds, work_dir)
    payload = {"url": url, "bodies": bodies, "concurrency": concurrency, "seconds": seconds}
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.loadgen"], input=json.dumps(payload), env=env,
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    )  # fmt: skip
    return json.loads(completed.stdout)


def _wrk(url: str, bodies: list[str], concurrency: int, seconds: float,
         work_dir: Path) -> dict[str, Any]:  # fmt: skip
    script = work_dir / "post.lua"
    script.write_text(_lua(bodies))
    duration = max(1, round(seconds))
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{duration}s", "--latency",
               "--timeout", "10s", "-s", str(script), url]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60,
                         check=True).stdout  # fmt: skip
    percentiles = {p: float(v) * _UNITS[u] for p, v, u in _PERCENTILE.findall(out)}
    requests = re.search(r"(\d+) requests in", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "concurrency": concurrency,
        "seconds": duration,
        "requests": int(requests.group(1)) if requests else 0,
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": round(percentiles["50"], 3),
        "p99_ms": round(percentiles["99"], 3),
        "errors": (sum(map(int, errors.groups())) if errors else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def _lua(bodies: list[str]) -> str:
    """A wrk script that POSTs the JSON bodies in turn (Lua long strings, with a
    bracket level that no body contains)."""
    level = "=" * next(n for n in range(1, 20) if not any(f"]{'=' * n}]" in b for b in bodies))
    listed = ",\n".join(f"[{level}[{body}]{level}]" for body in bodies)
    return (
        f"local bodies = {{\n{listed}\n}}\nlocal counter = 0\n"
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        "request = function()\n  counter = counter + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[(counter % #bodies) + 1])\nend\n"
    )
