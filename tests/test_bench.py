"""The benchmark's code path with tiny counts: the measurements, the baselines,
the targets and the Markdown rendered from the JSON. Speed targets are never
asserted here; only `mythcheck bench` measures them."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from benchmarks.http import _lua, _wrk
from benchmarks.report import render
from benchmarks.run import failed_parts, machine
from benchmarks.systems import tfidf_baseline
from benchmarks.targets import evaluate_targets, ratios
from benchmarks.timing import latencies, throughput
from benchmarks.worker import run_baseline, run_mythcheck
from benchmarks.workload import QUICK, corpus_splits, distinct_claims
from service.cli.main import main

TINY = dataclasses.replace(QUICK, batch_claims=60, single_claims=10, single_seconds=1.0,
                           baseline_single=5, baseline_seconds=2.0, posts=2)  # fmt: skip


def test_distinct_claims_are_distinct_and_reproducible():
    texts = ["Coffee activates mTOR today.", "coffee activates mtor today",
             "Fasting resets the whole body", "Whey protein feeds every tumour",
             "Rapamycin extends human lifespan a lot"]  # fmt: skip
    claims = distinct_claims(texts, 8, seed=1)
    keys = {"".join(ch for ch in c.lower() if ch.isalnum()) for c in claims}
    assert len(claims) == len(keys) == 8
    assert claims == distinct_claims(texts, 8, seed=1)


def test_loops_stop_at_their_count():
    calls = []
    timed = latencies(calls.append, ["a", "b", "c"], max_seconds=5, warmup=1)
    assert timed["count"] == 3 and timed["p50_ms"] >= 0
    rate = throughput(calls.append, ["a"] * 10, repeats=2, max_seconds=5, chunk=4)
    assert rate["claims"] == 10 and rate["runs"] == 2 and rate["complete"]


def test_tfidf_baseline_abstains_below_its_validation_threshold():
    splits = corpus_splits(step=10)
    baseline = tfidf_baseline().fit(splits["train"], splits["validation"])
    decisions = baseline.decisions(["the train to Leeds was late", *splits["test"].text[:5]])
    assert 0.0 <= baseline.threshold_ < 1.0
    assert len(decisions) == 6
    assert all(0.0 <= d.confidence <= 1.0 for d in decisions)


def test_wrk_script_posts_every_body_in_turn(tmp_path):
    bodies = [json.dumps({"claim": "a ]=] b"}), json.dumps({"claim": "c"})]
    script = _lua(bodies)
    assert "[==[" in script and script.count("]==]") == 2
    assert 'wrk.method = "POST"' in script


def test_targets_say_met_missed_or_not_measured():
    results = {"mythcheck": {"single": {"p50_ms": 0.2}, "batch": {"claims_per_second": 5.0}},
               "training": {"seconds": 40.0}, "baselines": {}}  # fmt: skip
    verdicts = {t["target"]: t["met"] for t in evaluate_targets(results)}
    assert verdicts["in-process single claim p50 (check)"] is True
    assert verdicts["in-process batch throughput (check, one call)"] is False
    assert verdicts["training time"] is False
    assert verdicts["cold start: process start to first answer"] is None


def test_in_process_measurements_and_report_with_tiny_counts(model_dir, tmp_path):
    # Given tiny counts and the session's trained model
    ours = run_mythcheck(TINY, model_dir, tmp_path)
    tfidf = run_baseline("tfidf-nn", TINY)
    # When they are assembled as a run and rendered
    results = {
        "started_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:01:00Z",
        "seconds": 60.0, "command": "mythcheck bench --quick", "config": TINY.to_dict(),
        "machine": {**machine(), "load_average_end": None},
        "training": {"status": "skipped", "reason": "the session's model"},
        "mythcheck": {"status": "measured", **ours},
        "cold_start": {"status": "skipped", "reason": "not in this test"},
        "http": {"status": "skipped", "reason": "not in this test"},
        "baselines": {"tfidf-nn": {"status": "measured", **tfidf},
                      "embedding-nn": {"status": "skipped", "reason": "not in this test"}},
    }  # fmt: skip
    results["ratios"] = ratios(results)
    results["targets"] = evaluate_targets(results)
    markdown = render(json.loads(json.dumps(results)))
    # Then every part is there, from the numbers measured
    assert ours["single"]["count"] == TINY.single_claims
    assert ours["batch"]["claims"] == TINY.batch_claims
    assert 0.5 < ours["accuracy"]["macro_f1"] <= 1.0
    assert ours["scan"]["status"] in {"measured", "not measured"}
    assert results["ratios"]["tfidf-nn"]["macro_f1"] > 0
    assert "## Targets" in markdown and "TF-IDF nearest neighbour" in markdown
    assert "embedding-nn: skipped" in markdown
    assert failed_parts(results) == []


def test_from_json_renders_without_measuring(tmp_path, capsys):
    results = {"broken": True}
    source = tmp_path / "results.json"
    source.write_text(json.dumps(results))
    assert main(["bench", "--from-json", str(source)]) == 2
    assert "--markdown" in capsys.readouterr().err


@pytest.mark.slow
def test_bench_quick_runs_every_part_and_writes_json_and_markdown(tmp_path):
    out, markdown = tmp_path / "bench.json", tmp_path / "BENCHMARKS.md"
    status = main(["bench", "--quick", "--out", str(out), "--markdown", str(markdown)])
    results = json.loads(out.read_text())
    assert status == 0, failed_parts(results)
    assert results["http"]["status"] == "measured"
    assert set(results["http"]["check"]) == {str(c) for c in QUICK.http_concurrency}
    assert results["cold_start"]["status"] == "measured"
    assert results["baselines"]["embedding-nn"]["status"] in {"measured", "skipped"}
    assert markdown.read_text().startswith("# Benchmarks")


def test_wrk_output_is_read(monkeypatch, tmp_path):
    sample = """Running 1s test @ http://127.0.0.1:1/v1/check
  1 threads and 16 connections
  Latency Distribution
     50%    1.50ms
     75%    2.00ms
     90%    3.00ms
     99%  800.00us
  1234 requests in 1.00s, 1.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
Requests/sec:   1234.00
"""

    def fake_run(*args, **kwargs):
        return type("Completed", (), {"stdout": sample})()

    monkeypatch.setattr("benchmarks.http.subprocess.run", fake_run)
    measured = _wrk("http://127.0.0.1:1/v1/check", ["{}"], 16, 1.0, tmp_path)
    assert measured == {"concurrency": 16, "seconds": 1, "requests": 1234,
                        "requests_per_second": 1234.0, "p50_ms": 1.5, "p99_ms": 0.8,
                        "errors": 3}  # fmt: skip


def test_bench_help_ends_with_examples(capsys):
    assert main(["bench", "--help"]) == 0
    epilog = capsys.readouterr().out.split("options:")[-1]
    assert "examples:" in epilog and "mythcheck bench --out" in epilog


def test_benchmarks_md_is_rendered_from_the_committed_results():
    repo = Path(__file__).resolve().parent.parent
    source, page = repo / "benchmarks" / "results.json", repo / "BENCHMARKS.md"
    if not (source.is_file() and page.is_file()):
        pytest.skip("no committed benchmark run in this tree")
    results = json.loads(source.read_text(encoding="utf-8"))
    assert page.read_text(encoding="utf-8") == render(results, "benchmarks/results.json")
