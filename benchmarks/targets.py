"""The issue's targets, written once, and how a run's results meet them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MB = 1024 * 1024


@dataclass(frozen=True)
class Target:
    name: str
    unit: str
    at_most: float | None
    at_least: float | None
    value: Callable[[dict[str, Any]], float | None]


def _get(results: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(results, dict) or key not in results:
            return None
        results = results[key]
    return results


def _ratio(results: dict[str, Any], *path: str) -> float | None:
    return _get(results, "ratios", "embedding-nn", *path)


TARGETS: tuple[Target, ...] = (
    Target("in-process single claim p50 (check)", "ms", 0.5, None,
           lambda r: _get(r, "mythcheck", "single", "p50_ms")),
    Target("in-process batch throughput (check, one call)", "claims/s", None, 20_000,
           lambda r: _get(r, "mythcheck", "batch", "claims_per_second")),
    Target("/v1/check requests/s at concurrency 16, one worker", "req/s", None, 1_000,
           lambda r: _get(r, "http", "check", "16", "requests_per_second")),
    Target("/v1/check p99 at concurrency 16, one worker", "ms", 50, None,
           lambda r: _get(r, "http", "check", "16", "p99_ms")),
    Target("cold start: process start to first answer", "s", 2.0, None,
           lambda r: _get(r, "cold_start", "median_seconds")),
    Target("server peak RSS under load", "MB", 250, None,
           lambda r: _mb(_get(r, "http", "server_peak_rss_bytes"))),
    Target("training time", "s", 30, None, lambda r: _get(r, "training", "seconds")),
    Target("faster per claim than the embedding baseline (single p50)", "x", None, 50,
           lambda r: _ratio(r, "single_speedup")),
    Target("faster per claim than the embedding baseline (batch)", "x", None, 50,
           lambda r: _ratio(r, "batch_throughput")),
    Target("macro-F1 on the test split / embedding baseline's", "x", None, 1.0,
           lambda r: _ratio(r, "macro_f1")),
)  # fmt: skip


def _mb(value: int | None) -> float | None:
    return None if value is None else round(value / MB, 1)


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured value and whether it is met (None: not measured)."""
    rows = []
    for target in TARGETS:
        value = target.value(results)
        if target.at_most is not None:
            bound = f"<= {target.at_most:g}"
            met = None if value is None else value <= target.at_most
        else:
            bound = f">= {target.at_least:g}"
            met = None if value is None else value >= target.at_least
        rows.append({"target": target.name, "required": f"{bound} {target.unit}",
                     "value": value, "unit": target.unit, "met": met})  # fmt: skip
    return rows


def ratios(results: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Ours / each baseline: throughput (ours/theirs: how many times faster),
    latency, accuracy and memory; ``single_speedup`` is their p50 over ours."""
    ours = results.get("mythcheck", {})
    found = {}
    for name, baseline in results.get("baselines", {}).items():
        if baseline.get("status") != "measured":
            continue
        ours_p50, their_p50 = _get(ours, "single", "p50_ms"), _get(baseline, "single", "p50_ms")
        ours_rate = _get(ours, "batch", "claims_per_second")
        their_rate = _get(baseline, "batch", "claims_per_second")
        found[name] = {
            "single_p50_latency": _divide(ours_p50, their_p50),
            "single_speedup": _divide(their_p50, ours_p50),
            "batch_throughput": _divide(ours_rate, their_rate),
            "macro_f1": _divide(_get(ours, "accuracy", "macro_f1"),
                                _get(baseline, "accuracy", "macro_f1")),
            "myth_id_accuracy": _divide(_get(ours, "accuracy", "myth_id_accuracy"),
                                        _get(baseline, "accuracy", "myth_id_accuracy")),
            "peak_rss": _divide(ours.get("peak_rss_bytes"), baseline.get("peak_rss_bytes")),
        }  # fmt: skip
    return found


def _divide(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 3)
