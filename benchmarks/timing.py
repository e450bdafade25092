"""Bounded timing loops, percentiles, peak memory, and profiler summaries."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np


def latencies(check: Callable[[list[str]], Any], claims: Sequence[str],
              max_seconds: float, warmup: int = 20) -> dict[str, Any]:  # fmt: skip
    """Check each claim on its own, in order, until all are done or time is up."""
    for claim in claims[:warmup]:
        check([claim])
    seconds: list[float] = []
    deadline = time.perf_counter() + max_seconds
    for claim in claims:
        started = time.perf_counter()
        check([claim])
        ended = time.perf_counter()
        seconds.append(ended - started)
        if ended > deadline:
            break
    return summary_ms(seconds)


def summary_ms(seconds: Sequence[float]) -> dict[str, Any]:
    """p50, p99 and mean in milliseconds, and how many samples."""
    if not seconds:
        return {"count": 0, "p50_ms": None, "p99_ms": None, "mean_ms": None}
    values = np.asarray(seconds) * 1e3
    return {
        "count": len(values),
        "p50_ms": round(float(np.percentile(values, 50)), 4),
        "p99_ms": round(float(np.percentile(values, 99)), 4),
        "mean_ms": round(float(values.mean()), 4),
    }


def throughput(check: Callable[[list[str]], Any], claims: Sequence[str], repeats: int,
               max_seconds: float, chunk: int | None = None) -> dict[str, Any]:  # fmt: skip
    """Claims per second over ``claims``: each run passes them all in one call
    (``chunk=None``) or ``chunk`` at a time, stopping at the time bound; the
    median run is reported."""
    runs = []
    deadline = time.perf_counter() + max_seconds
    for _ in range(max(repeats, 1)):
        done, started = 0, time.perf_counter()
        step = chunk or len(claims)
        for start in range(0, len(claims), step):
            check(list(claims[start : start + step]))
            done = min(start + step, len(claims))
            if time.perf_counter() > deadline:
                break
        runs.append((done, time.perf_counter() - started))
        if time.perf_counter() > deadline:
            break
    rates = sorted(done / seconds for done, seconds in runs)
    done, seconds = runs[0]
    return {
        "claims_per_second": round(rates[len(rates) // 2], 1),
        "claims": done,
        "runs": len(runs),
        "seconds_first_run": round(seconds, 3),
        "complete": done == len(claims),
    }


def timed(action: Callable[[], Any]) -> tuple[Any, float]:
    """The action's result and its wall time in seconds."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def peak_rss_bytes() -> int:
    """This process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def profile_top(action: Callable[[], Any], top: int = 8, min_seconds: float = 2.0,
                most: int = 20) -> dict[str, Any] | None:  # fmt: skip
    """Where ``action`` spends its time, by pyinstrument (the ``bench`` extra):
    the functions with the most own time and their share. The action is repeated
    for ``min_seconds`` (at most ``most`` times): pyinstrument samples wall time,
    and on a shared machine one preemption would otherwise be charged to
    whichever function was running. None without pyinstrument."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    profiler = Profiler(interval=0.0005)
    profiler.start()
    deadline, runs = time.perf_counter() + min_seconds, 0
    while runs < most and (runs == 0 or time.perf_counter() < deadline):
        action()
        runs += 1
    session = profiler.stop()
    own: dict[str, float] = {}
    stack = [session.root_frame()]
    while stack:
        frame = stack.pop()
        if frame is None:
            continue
        stack.extend(frame.children)
        self_time = frame.total_self_time
        if self_time and not frame.children:
            name = _frame_name(frame)
            own[name] = own.get(name, 0.0) + self_time
    total = sum(own.values()) or 1.0
    ranked = sorted(own.items(), key=lambda item: -item[1])[:top]
    return {
        "seconds": round(session.duration, 3),
        "runs": runs,
        "top": [{"function": name, "share": round(t / total, 3)} for name, t in ranked],
    }


def _frame_name(frame: Any) -> str:
    """``function (file)`` of a leaf, or its parent's for the ``[self]`` pseudo-frames."""
    if frame.is_synthetic and frame.parent is not None:
        frame = frame.parent
    where = (frame.file_path_short or "").split("site-packages/")[-1]
    return f"{frame.function} ({where})" if where else frame.function
