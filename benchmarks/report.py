"""BENCHMARKS.md, rendered from a run's JSON and nothing else: every figure in
it comes from ``results``; the prose around them carries no numbers."""

from __future__ import annotations

from typing import Any

from benchmarks.targets import MB
from model.metrics import HEADLINE_METRICS

SYSTEMS = (("mythcheck", "mythcheck"), ("tfidf-nn", "TF-IDF nearest neighbour"),
           ("embedding-nn", "embedding nearest neighbour"))  # fmt: skip
PROFILES = (
    ("single_before", "one claim, before"),
    ("single_after", "one claim, after"),
    ("batch_before", "batch, before"),
    ("batch_after", "batch, after"),
    ("check_single", "`check`, one claim"),
    ("check_batch", "`check`, batch"),
)
_DECISIONS = {"mythcheck": "batch_decisions"}
"""Where each system's decisions-only throughput is (the baselines only make decisions)."""
REPRODUCE = "mythcheck bench --out benchmarks/results.json --markdown BENCHMARKS.md"
INSTALL = "pip install torch==2.13.0 && pip install -e '.[bench]'"


def render(results: dict[str, Any], source: str = "benchmarks/results.json") -> str:
    """The whole BENCHMARKS.md."""
    sections = [_header(results, source), _machine(results), _targets(results),
                _side_by_side(results), _http(results), _start_and_scan(results),
                _hot_path(results), _skipped(results)]  # fmt: skip
    return "\n\n".join(s.rstrip() for s in sections if s) + "\n"


def _header(r: dict[str, Any], source: str) -> str:
    machine = r["machine"]
    return (
        "# Benchmarks\n\n"
        f"<!-- Generated from {source} by `mythcheck bench`; do not edit by hand. -->\n\n"
        f"Measured {r['started_at']} to {r['finished_at']} ({_n(r['seconds'], 0)} s), "
        f"mythcheck {machine['mythcheck']}, commit `{machine['git_commit']}`.\n\n"
        "Reproduce on a fresh clone (the `bench` extra brings the embedding baseline, "
        "pyinstrument and httpx; torch 2.13.0 first, so that pip takes the CPU build):\n\n"
        f"```\n{INSTALL}\n{REPRODUCE}\n```\n\n"
        f"Command of this run: `{r['command']}`. Re-render this page without measuring: "
        f"`mythcheck bench --from-json {source} --markdown BENCHMARKS.md`.\n\n"
        "Every figure below was measured in that one run, on the same data; the machine is "
        "shared, so read the ratios between systems before the absolute numbers."
    )


def _machine(r: dict[str, Any]) -> str:
    m, config = r["machine"], r["config"]
    libraries = ", ".join(f"{k} {v}" for k, v in m["libraries"].items() if v)
    return (
        "## Machine\n\n| cores | CPU | memory | Python | platform | load average (start → end) |\n"
        "|---|---|---|---|---|---|\n"
        f"| {m['cores']} | {m['cpu']} | {_n((m['memory_bytes'] or 0) / 2**30, 1)} GiB | "
        f"{m['python']} | {m['platform']} | {m['load_average_start']} → "
        f"{m.get('load_average_end')} |\n\n"
        f"Libraries: {libraries}.\n\n"
        f"Every measured process ran with {config['threads']} BLAS/OpenMP/torch thread(s) "
        "(threadpoolctl and the environment); the load generator ran in its own process."
    )


def _targets(r: dict[str, Any]) -> str:
    rows = ["## Targets (issue 6)\n", "| target | required | measured | result |",
            "|---|---|---|---|"]  # fmt: skip
    for t in r["targets"]:
        result = {True: "met", False: "**MISSED**", None: "not measured"}[t["met"]]
        value = "—" if t["value"] is None else f"{_n(t['value'])} {t['unit']}"
        rows.append(f"| {t['target']} | {t['required']} | {value} | {result} |")
    return "\n".join(rows)


def _side_by_side(r: dict[str, Any]) -> str:
    systems = {"mythcheck": r["mythcheck"], **r["baselines"]}
    shown = [(k, title) for k, title in SYSTEMS if systems.get(k, {}).get("status") == "measured"]
    head = "| | " + " | ".join(title for _, title in shown)
    rule = "|---" * (len(shown) + 1) + "|"
    train = r.get("training", {})

    def row(title: str, value: Any) -> str:
        return f"| {title} | " + " | ".join(_n(value(systems[k], k)) for k, _ in shown) + " |"

    speed = [
        "## mythcheck beside the baselines\n",
        "Each baseline answers with the label of the most similar training text and abstains "
        "below a similarity threshold chosen on the validation split (best macro-F1), as "
        "mythcheck chooses its own threshold. For mythcheck, `batch` is the whole public call, "
        "`Classifier.check` (validation, scoring, decisions, result objects); `decisions only` "
        "stops at the decisions, as the baselines do, for a like-for-like reading.\n",
        head + " |", rule,
        row("model load (s)", lambda s, k: s.get("load_seconds")),
        row("training / index build (s)",
            lambda s, k: train.get("seconds") if k == "mythcheck" else s.get("fit_seconds")),
        row("single claim p50 (ms)", lambda s, k: s["single"]["p50_ms"]),
        row("single claim p99 (ms)", lambda s, k: s["single"]["p99_ms"]),
        row("claims timed one at a time", lambda s, k: s["single"]["count"]),
        row("batch (claims/s)", lambda s, k: s["batch"]["claims_per_second"]),
        row("batch, decisions only (claims/s)",
            lambda s, k: s[_DECISIONS.get(k, "batch")]["claims_per_second"]),
        row("claims in the timed batch", lambda s, k: s["batch"]["claims"]),
        row("peak RSS of its process (MB)", lambda s, k: s["peak_rss_bytes"] / MB),
    ]  # fmt: skip
    majority = r["mythcheck"].get("majority_baseline", {})
    step = r["config"]["corpus_step"]
    sample = f", every {step}th row of each split (a quick run)" if step > 1 else ""
    accuracy = [
        f"\nAccuracy on the test split ({_n(r['mythcheck']['accuracy']['rows'])} texts{sample}), "
        "with the majority-class answer for scale:\n",
        head + " | majority class |", rule + "---|",
    ]
    for key, title in HEADLINE_METRICS:
        cells = " | ".join(_n(systems[k]["accuracy"].get(key)) for k, _ in shown)
        accuracy.append(f"| {title} | {cells} | {_n(majority.get(key))} |")
    accuracy.append("\nA baseline's confidence is its cosine similarity, not a calibrated "
                    "probability: read its calibration error in that light.")  # fmt: skip
    ratio_rows = ["\nRatios, mythcheck / baseline (throughput ratio = how many times faster; "
                  "single-claim speedup = the baseline's p50 over mythcheck's):\n",
                  "| baseline | batch throughput | single-claim speedup | macro-F1 | "
                  "myth-id accuracy | peak RSS |", "|---|---|---|---|---|---|"]  # fmt: skip
    for name, ratio in r["ratios"].items():
        ratio_rows.append(
            f"| {dict(SYSTEMS)[name]} | {_n(ratio['batch_throughput'])}× | "
            f"{_n(ratio['single_speedup'])}× | {_n(ratio['macro_f1'])} | "
            f"{_n(ratio['myth_id_accuracy'])} | {_n(ratio['peak_rss'])} |"
        )
    return "\n".join(speed + accuracy + ratio_rows)


def _http(r: dict[str, Any]) -> str:
    h = r["http"]
    if h.get("status") != "measured":
        return f"## Over HTTP\n\nNot measured: {h.get('reason') or h.get('error')}."
    rows = ["## Over HTTP (`mythcheck serve`, one worker, loopback)\n",
            f"Load generator: {h['load_generator']}, in its own process; each level ran "
            f"{_n(h['batch']['seconds'])} s.\n",
            "| endpoint | concurrency | requests/s | p50 (ms) | p99 (ms) | errors |",
            "|---|---|---|---|---|---|"]  # fmt: skip
    for level in h["check"].values():
        rows.append(f"| POST /v1/check | {level['concurrency']} | "
                    f"{_n(level['requests_per_second'])} | {_n(level['p50_ms'])} | "
                    f"{_n(level['p99_ms'])} | {level['errors']} |")  # fmt: skip
    b = h["batch"]
    rows.append(f"| POST /v1/check/batch ({b['claims_per_request']} claims) | 1 | "
                f"{_n(b['requests_per_second'])} | {_n(b['p50_ms'])} | {_n(b['p99_ms'])} | "
                f"{b['errors']} |")  # fmt: skip
    idle, loaded, peak = (h[k] / MB for k in ("server_rss_idle_bytes", "server_rss_bytes",
                                              "server_peak_rss_bytes"))  # fmt: skip
    rows.append(
        f"\nThrough /v1/check/batch: {_n(b['claims_per_second'])} claims/s. Server: ready "
        f"{_n(h['startup_seconds'])} s after its process started; RSS {_n(idle)} MB idle, "
        f"{_n(loaded)} MB after the load, peak {_n(peak)} MB."
    )
    return "\n".join(rows)


def _start_and_scan(r: dict[str, Any]) -> str:
    lines = ["## Start-up, training, artifact, scanning\n"]
    cold, train, ours = r["cold_start"], r["training"], r["mythcheck"]
    if cold.get("status") == "measured":
        lines.append(f"- Cold start (`python -m service check`, process start to first answer, "
                     f"artifact on disk): median {_n(cold['median_seconds'])} s over runs "
                     f"{cold['runs_seconds']}.")  # fmt: skip
    if train.get("status") == "measured":
        lines.append(f"- Training (`train_and_save`: fit, calibrate, evaluate, write): "
                     f"{_n(train['seconds'])} s, of which fitting {_n(train['fit_seconds'])} s; "
                     f"artifact {_n(train['artifact_bytes'] / MB)} MB.")  # fmt: skip
    if ours.get("status") == "measured":
        lines.append(f"- Loading the artifact in a warm process: {_n(ours['load_seconds'])} s; "
                     f"first check, compiling the scorer: {_n(ours['first_check_seconds'])} s.")
        claims = ours["claims"]
        lines.append(f"- The claims: {_n(claims['count'])} distinct, {_n(claims['mean_chars'])} "
                     f"characters on average, {_n(claims['distinct_words'])} distinct words.")
        scan = ours["scan"]
        if scan["status"] == "measured":
            lines.append(f"- Scanning {scan['posts']} Markdown posts ({_n(scan['sentences'])} "
                         f"sentences): {_n(scan['sentences_per_second'])} sentences/s.")
        else:
            lines.append(f"- Scanning: TODO, not measured ({scan['reason']}).")
    return "\n".join(lines)


def _hot_path(r: dict[str, Any]) -> str:
    ours = r["mythcheck"]
    if ours.get("status") != "measured":
        return ""
    hot = ours["hot_path"]
    single = (hot["single_before"]["p50_ms"], hot["single_after"]["p50_ms"])
    batch = (hot["batch_before"]["claims_per_second"], hot["batch_after"]["claims_per_second"])
    lines = [
        "## The hot path, before and after\n",
        "`Classifier.probabilities` used to call the scikit-learn pipeline; it now calls the "
        "pipeline compiled once by `model.fast_inference` (same probabilities: the tests compare "
        "them on the whole corpus and on odd inputs). The profile of the old path showed "
        "scikit-learn's input validation and FeatureUnion's dispatch dominating one claim, and "
        "the char_wb analyzer's dictionary lookup per n-gram dominating a batch. The compiled "
        "scorer keeps the vectorizers' own preprocessing, finds character n-grams as integer "
        "keys with NumPy once per distinct word of a call, and scores both regressions with one "
        "sparse product. Both paths were measured in this run:\n",
        "| | scikit-learn pipeline (before) | compiled scorer (after) | gain |",
        "|---|---|---|---|",
        f"| one claim, p50 (ms) | {_n(single[0])} | {_n(single[1])} | "
        f"{_n(_over(single[0], single[1]))}× |",
        f"| batch (claims/s) | {_n(batch[0])} | {_n(batch[1])} | "
        f"{_n(_over(batch[1], batch[0]))}× |",
        f"\n`check` on the batch with every core's BLAS threads instead of "
        f"{r['config']['threads']}: {_n(ours['batch_all_threads']['claims_per_second'])} claims/s.",
    ]  # fmt: skip
    profile = ours.get("profile")
    if profile:
        lines.append("\nWhere the time goes (pyinstrument; functions with the most own time, "
                     "share of the profiled time):\n")  # fmt: skip
        for key, title in PROFILES:
            top = profile.get(key)
            if top:
                found = "; ".join(f"`{t['function']}` {t['share']:.0%}" for t in top["top"][:6])
                lines.append(f"- {title}: {found}.")
    return "\n".join(lines)


def _skipped(r: dict[str, Any]) -> str:
    parts = {"training": r["training"], "mythcheck": r["mythcheck"], "cold start": r["cold_start"],
             "HTTP": r["http"], **r["baselines"]}  # fmt: skip
    notes = [f"- {name}: {part['status']} — {part.get('reason') or part.get('error', '')}"
             for name, part in parts.items() if part.get("status") != "measured"]  # fmt: skip
    return "## Skipped or failed\n\n" + "\n".join(notes) if notes else ""


def _over(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def _n(value: Any, digits: int | None = None) -> str:
    """A number for people: three significant digits below 100, whole above."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if digits is not None:
        return f"{value:,.{digits}f}"
    if isinstance(value, int) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"
