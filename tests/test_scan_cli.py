"""``mythcheck scan`` on files, folders and standard input, through ``main([...])``
and once as a subprocess: formats, exit statuses, unreadable inputs, an empty
file and a 5 MB file."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claims.finding import LOCATION_FIELDS
from service.cli.main import main
from service.cli.scan_output import CSV_RESULT_FIELDS

POSTS = Path(__file__).parent / "fixtures" / "scan" / "posts"
MYTH = "Berberine shuts down mTOR, it works just like rapamycin in a capsule."
REBUTTAL = "A standard berberine supplement does not predictably shut down mTOR in humans."
NEUTRAL = "My neighbour painted her fence bright green last weekend."


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    """A copy of the sample posts, with a hidden file and a non-post file beside them."""
    folder = tmp_path / "posts"
    shutil.copytree(POSTS, folder, ignore=shutil.ignore_patterns("*.expected"))
    (folder / ".draft.md").write_text(MYTH, "utf-8")
    (folder / "notes.rst").write_text(MYTH, "utf-8")
    return folder


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_folder_scan_reports_file_line_column_verdict_myth_and_confidence(model_env, posts,
                                                                          capsys):  # fmt: skip
    status = main(["scan", str(posts)])
    out = capsys.readouterr().out
    assert status == 1
    assert (f"{posts / 'supplements.txt'}:3:1: This repeats a common myth: Berberine shuts "
            "down mTOR [berberine-shuts-down-mtor], confidence ") in out  # fmt: skip
    assert f"{posts / 'supplements.txt'}:3:71: This agrees with the evidence: " in out
    assert f"    “{MYTH}”" in out
    assert "    Reality: " in out
    assert out.rstrip().splitlines()[-1].startswith("4 posts, 20 sentences: ")
    assert ".draft.md" not in out and "notes.rst" not in out


def test_findings_are_grouped_by_file_in_path_order(model_env, posts, capsys):
    main(["scan", str(posts)])
    files = [line.split(":")[0] for line in capsys.readouterr().out.splitlines()
             if line.startswith(str(posts))]  # fmt: skip
    assert files == sorted(files)


def test_json_lines_carry_the_location_then_the_result(model_env, posts, capsys):
    status = main(["scan", str(posts / "supplements.txt"), "--format", "json"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1
    assert [r["verdict"] for r in records] == ["myth", "consistent", "myth"]
    first = records[0]
    assert list(first)[:6] == ["file", *LOCATION_FIELDS]
    text = (posts / "supplements.txt").read_text("utf-8")
    assert text[first["start"] : first["end"]] == first["sentence"] == MYTH
    assert first["myth_id"] == "berberine-shuts-down-mtor" and first["reality"]


def test_csv_has_one_row_per_finding(model_env, posts, capsys):
    main(["scan", str(posts / "supplements.txt"), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["file", *LOCATION_FIELDS, *CSV_RESULT_FIELDS]
    assert [(r["line"], r["column"], r["verdict"]) for r in rows] == [
        ("3", "1", "myth"), ("3", "71", "consistent"), ("5", "1", "myth")
    ]  # fmt: skip


def test_all_also_reports_sentences_that_match_no_myth(model_env, tmp_path, capsys):
    post = _write(tmp_path / "post.txt", f"{MYTH} {NEUTRAL}")
    main(["scan", str(post), "--all", "--format", "json"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["sentence"], r["verdict"]) for r in records] == [
        (MYTH, "myth"), (NEUTRAL, "no_match")
    ]  # fmt: skip


def test_rebuttals_alone_exit_0(model_env, tmp_path, capsys):
    post = _write(tmp_path / "post.md", f"# Supplements\n\n{REBUTTAL} {NEUTRAL}\n")
    assert main(["scan", str(post)]) == 0
    assert "This agrees with the evidence" in capsys.readouterr().out


def test_min_confidence_one_leaves_no_myth_and_exit_0(model_env, posts, capsys):
    assert main(["scan", str(posts), "--min-confidence", "1"]) == 0
    assert "0 repeat a myth" in capsys.readouterr().out


def test_standard_input_is_read_with_dash(model_env, monkeypatch, capsys):
    stdin = io.TextIOWrapper(io.BytesIO(f"Intro line.\n\n{MYTH}\n".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["scan", "-", "--format", "json"]) == 1
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (record["file"], record["line"], record["column"]) == ("<stdin>", 3, 1)


def test_empty_file_has_no_sentences_and_exit_0(model_env, tmp_path, capsys):
    assert main(["scan", str(_write(tmp_path / "empty.md", ""))]) == 0
    summary = "1 post, 0 sentences: 0 repeat a myth, 0 agree with the evidence\n"
    assert capsys.readouterr().out == summary


def test_bad_encoding_is_reported_and_the_other_files_still_scanned(model_env, tmp_path,
                                                                    capsys):  # fmt: skip
    # Given a Latin-1 file between two UTF-8 posts
    (tmp_path / "a.txt").write_text(MYTH, "utf-8")
    (tmp_path / "b.txt").write_bytes("Café au lait activates mTOR.".encode("latin-1"))
    (tmp_path / "c.txt").write_text(REBUTTAL, "utf-8")
    # When the folder is scanned
    status = main(["scan", str(tmp_path), "--format", "json"])
    # Then the bad file is named on stderr, the others are reported, and 2 wins over 1
    captured = capsys.readouterr()
    assert status == 2
    assert f"mythcheck: {tmp_path / 'b.txt'}: not valid UTF-8 (byte 0xe9 at offset 3)" in (
        captured.err
    )
    assert [json.loads(line)["file"] for line in captured.out.splitlines()] == [
        str(tmp_path / "a.txt"), str(tmp_path / "c.txt")
    ]  # fmt: skip


def test_missing_path_is_reported_and_the_others_still_scanned(model_env, posts, capsys):
    status = main(["scan", str(posts / "nowhere.md"), str(posts / "supplements.txt")])
    captured = capsys.readouterr()
    assert status == 2
    assert f"{posts / 'nowhere.md'}: no such file or folder" in captured.err
    assert "supplements.txt:3:1:" in captured.out
    assert "1 could not be read" in captured.out


def test_folder_without_posts_is_an_input_error(model_env, tmp_path, capsys):
    (tmp_path / "notes.rst").write_text(MYTH, "utf-8")
    assert main(["scan", str(tmp_path)]) == 2
    assert "no .md, .markdown, .txt, .html, .htm files in this folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["scan"], "nothing to scan"),
        (["scan", "x.md", "--csv", "x.csv", "--text-column", "body"], "not both"),
        (["scan", "x.md", "--per-post"], "--per-post only go with --csv"),
        (["scan", "--csv", "x.csv"], "--csv needs --text-column"),
    ],
)
def test_usage_errors_exit_2_with_one_line(model_env, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_help_ends_with_examples_and_documents_the_exit_status(capsys):
    assert main(["scan", "--help"]) == 0
    out = capsys.readouterr().out
    assert "exit status: 0 no sentence repeats a myth, 1 at least one does, 2 usage" in out
    assert "  mythcheck scan posts/" in out


@pytest.mark.slow
def test_five_megabyte_post_is_scanned_in_bounded_time(model_env, tmp_path, capsys):
    paragraph = f"{NEUTRAL} {MYTH} {REBUTTAL} I had oatmeal for breakfast.\n\n"
    post = _write(tmp_path / "big.txt", paragraph * (5_000_000 // len(paragraph) + 1))
    began = time.perf_counter()
    status = main(["scan", str(post), "--format", "csv"])
    elapsed = time.perf_counter() - began
    rows = capsys.readouterr().out.count("\n") - 1
    assert status == 1
    assert rows == 2 * (5_000_000 // len(paragraph) + 1)  # each myth and each rebuttal
    assert elapsed < 120, f"5 MB took {elapsed:.0f} s"


@pytest.mark.slow
def test_python_m_service_scan_runs_as_a_subprocess(model_env, posts):
    result = subprocess.run(
        [sys.executable, "-m", "service", "scan", str(posts / "supplements.txt"),
         "--format", "json"],
        capture_output=True, text=True, timeout=120, env={**os.environ},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["myth_id"] == "berberine-shuts-down-mtor"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_and_erased_at_the_end(monkeypatch):
    from service.cli import progress

    monkeypatch.setattr(progress, "FIRST_DRAW_SECONDS", 0.0)
    terminal = _Terminal()
    bar = progress.Progress(terminal, total=4)
    bar.advance(posts=1, sentences=12)
    bar.close()
    drawn = terminal.getvalue()
    assert drawn.startswith("\rscanning  25% 1 posts, 12 sentences (")
    assert drawn.endswith("\r\x1b[2K")


def test_progress_stays_silent_when_stderr_is_not_a_terminal(monkeypatch):
    from service.cli import progress

    monkeypatch.setattr(progress, "FIRST_DRAW_SECONDS", 0.0)
    stream = io.StringIO()
    bar = progress.Progress(stream, total=4)
    bar.advance(posts=4, sentences=40)
    bar.close()
    assert stream.getvalue() == ""
