"""The CLI's model commands through ``main([...])`` and one real subprocess:
check, evaluate, train, data stats, and the exit statuses."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from service.cli import check_command
from service.cli.main import build_parser, main

CONTRACT_FIELDS = {
    "claim", "verdict", "myth_id", "confidence", "title", "myth", "reality", "explanation",
    "candidates", "reason",
}  # fmt: skip


def test_check_prints_the_fasting_myth_with_reality_and_explanation(model_env, capsys, catalogue):
    assert main(["check", "fasting turns off mTOR"]) == 0
    out = capsys.readouterr().out
    myth = catalogue["fasting-resets-via-mtor"]
    assert "This repeats a common myth" in out
    assert "fasting-resets-via-mtor" in out
    assert "Reality:" in out and myth.reality.split()[0] in out
    assert "Why:" in out


def test_check_json_lines_honour_the_contract_in_input_order(model_env, capsys):
    claims = ["coffee definitely activates mTOR", "the bus was late", "berberine shuts mTOR down"]
    assert main(["check", "--format", "json", *claims]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["claim"] for row in rows] == claims
    for row in rows:
        assert set(row) == CONTRACT_FIELDS
        assert row["verdict"] in {"myth", "consistent", "no_match"}
        assert 0 <= row["confidence"] <= 1
        assert len(row["candidates"]) <= 3
    assert rows[1]["verdict"] == "no_match" and rows[1]["myth_id"] is None
    assert rows[1]["reality"] is None and rows[1]["explanation"] is None


def test_check_reads_one_claim_per_line_from_stdin(model_env, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("coffee activates mTOR\n\n  \nI like trains\n"))
    parser = build_parser()
    args = parser.parse_args(["check", "--format", "json"])
    assert check_command.run_check(args, stdin=sys.stdin) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["claim"] for row in rows] == ["coffee activates mTOR", "I like trains"]


@pytest.mark.parametrize("argv", [["check", ""], ["check", "   "], ["check", "x" * 100_000]])
def test_check_rejects_bad_claims_with_exit_status_2(model_env, capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("mythcheck: ") and err.count("\n") == 1


def test_check_with_no_claims_on_stdin_is_a_usage_error(model_env, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["check"]) == 2
    assert "no claim given" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_check_rejects_a_bad_min_confidence(model_env, capsys, value):
    assert main(["check", "--min-confidence", value, "coffee activates mTOR"]) == 2


def test_min_confidence_one_turns_every_match_into_no_match(model_env, capsys):
    assert (
        main(["check", "--format", "json", "--min-confidence", "1", "coffee activates mTOR"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["verdict"] == "no_match"


def test_evaluate_json_reports_every_metric_beside_the_baseline(model_env, capsys):
    assert main(["evaluate", "--json", "--errors"]) == 0
    payload = json.loads(capsys.readouterr().out)
    metrics = payload["metrics"]
    for key in (
        "macro_f1",
        "myth_id_accuracy",
        "stance_accuracy",
        "out_of_scope_precision",
        "out_of_scope_recall",
        "ece",
        "per_myth",
        "confusion",
    ):
        assert key in metrics
    assert metrics["macro_f1"] > payload["baseline"]["macro_f1"]
    assert isinstance(payload["errors"], list)


def test_evaluate_any_labelled_csv(model_env, tmp_path, capsys):
    data = tmp_path / "eval.csv"
    data.write_text(
        "text,myth_id,verdict\n"
        "Coffee reliably switches mTOR on,coffee-activates-mtor,myth\n"
        "My neighbour painted his fence green,,no_match\n",
        encoding="utf-8",
    )
    assert main(["evaluate", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "(2 rows)" in out and "macro-F1" in out


def test_evaluate_malformed_csv_is_a_clear_failure(model_env, tmp_path, capsys):
    data = tmp_path / "eval.csv"
    data.write_text("text,label\nhello,world\n", encoding="utf-8")
    assert main(["evaluate", "--data", str(data)]) == 1
    assert "missing column(s) myth_id, verdict" in capsys.readouterr().err


def test_evaluate_report_writes_the_charts(model_env, tmp_path, capsys):
    assert main(["evaluate", "--report", str(tmp_path / "charts")]) == 0
    names = sorted(p.name for p in (tmp_path / "charts").glob("*.png"))
    assert names == [
        "confidence-histogram.png",
        "confusion-matrix.png",
        "threshold-precision-recall.png",
    ]
    assert all((tmp_path / "charts" / n).read_bytes()[:4] == b"\x89PNG" for n in names)


def test_train_refuses_to_overwrite_a_model_without_force(model_env, capsys):
    assert main(["train", "--model", str(model_env)]) == 1
    assert "--force" in capsys.readouterr().err


def test_data_stats_meets_every_minimum(capsys):
    assert main(["data", "stats"]) == 0
    out = capsys.readouterr().out
    assert "all minimums met" in out


def test_data_stats_fails_on_a_corpus_below_the_minimums(tmp_path, capsys):
    small = tmp_path / "small.csv"
    small.write_text(
        "text,myth_id,verdict,style\nCoffee activates mTOR,coffee-activates-mtor,myth,tweet\n"
    )
    assert main(["data", "stats", "--data", str(small)]) == 1
    assert "MINIMUMS NOT MET" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command", ["data stats", "train", "evaluate", "compare", "check", "serve"]
)
def test_every_help_ends_with_an_example(command, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args([*command.split(), "--help"])
    help_text = capsys.readouterr().out
    assert "example" in help_text.split("options:")[-1]
    assert f"mythcheck {command.split()[0]}" in help_text.split("options:")[-1]


@pytest.mark.slow
def test_check_runs_as_a_real_process_with_python_m(model_env):
    completed = subprocess.run(
        [sys.executable, "-m", "service", "check", "--format", "json", "coffee activates mTOR"],
        capture_output=True, text=True, timeout=120, env={**os.environ}, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["myth_id"] == "coffee-activates-mtor"
