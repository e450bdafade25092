"""``mythcheck scan --csv``: a column of a CSV of posts in, one CSV row per
finding or per post out, read in chunks and written as each chunk is done;
clear errors for a missing column and a file that is not a CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from service.cli import scan_table
from service.cli.main import main

MYTH = "Berberine shuts down mTOR, it works just like rapamycin in a capsule."
REBUTTAL = "A standard berberine supplement does not predictably shut down mTOR in humans."
COFFEE = "Drinking coffee reliably switches mTOR on, so I have an espresso before the gym."
NEUTRAL = "My neighbour painted her fence bright green last weekend."


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "posts.csv"
    pd.DataFrame(
        {
            "id": ["p1", "p2", "p3", "p4"],
            "author": ["ann", "bo", "cy", "di"],
            "body": [f"{MYTH}\n\n{REBUTTAL}", NEUTRAL, "", f"# Morning\n\n{COFFEE} {MYTH}"],
        }
    ).to_csv(path, index=False)
    return path


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_csv_row_per_finding_labelled_by_the_id_column(model_env, table, capsys):
    status = main(["scan", "--csv", str(table), "--text-column", "body", "--id-column", "id"])
    rows = _rows(capsys.readouterr().out)
    assert status == 1
    assert [(r["id"], r["line"], r["column"], r["verdict"], r["myth_id"]) for r in rows] == [
        ("p1", "1", "1", "myth", "berberine-shuts-down-mtor"),
        ("p1", "3", "1", "consistent", "berberine-shuts-down-mtor"),
        ("p4", "3", "1", "myth", "coffee-activates-mtor"),
        ("p4", "3", "82", "myth", "berberine-shuts-down-mtor"),
    ]
    assert rows[1]["sentence"] == REBUTTAL


def test_without_an_id_column_posts_are_named_by_row_number(model_env, table, capsys):
    main(["scan", "--csv", str(table), "--text-column", "body", "--format", "json"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in records] == ["1", "1", "4", "4"]


def test_per_post_gives_counts_per_myth_and_verdict(model_env, table, capsys, catalogue):
    status = main(["scan", "--csv", str(table), "--text-column", "body", "--id-column", "id",
                   "--per-post"])  # fmt: skip
    rows = _rows(capsys.readouterr().out)
    assert status == 1
    columns = [f"{m}:{v}" for m in catalogue.ids for v in ("myth", "consistent")]
    assert list(rows[0]) == ["id", "sentences", "myth", "consistent", *columns]
    assert [(r["id"], r["sentences"], r["myth"], r["consistent"]) for r in rows] == [
        ("p1", "2", "1", "1"), ("p2", "1", "0", "0"), ("p3", "0", "0", "0"), ("p4", "3", "2", "0")
    ]  # fmt: skip
    assert rows[0]["berberine-shuts-down-mtor:myth"] == "1"
    assert rows[0]["berberine-shuts-down-mtor:consistent"] == "1"
    assert rows[3]["coffee-activates-mtor:myth"] == "1"
    assert sum(int(rows[1][c]) + int(rows[2][c]) for c in columns) == 0


def test_table_without_myths_exits_0(model_env, tmp_path, capsys):
    path = tmp_path / "calm.csv"
    pd.DataFrame({"body": [NEUTRAL, REBUTTAL]}).to_csv(path, index=False)
    assert main(["scan", "--csv", str(path), "--text-column", "body", "--per-post"]) == 0


def test_rows_are_written_as_each_chunk_is_done(model_env, table, monkeypatch):
    # Given chunks of one row, and a reader that notes how much was written before each
    monkeypatch.setattr(scan_table, "CHUNK_ROWS", 1)
    out = io.StringIO()
    written_before_chunk = []
    read_csv = pd.read_csv

    def spying_read_csv(*args, **kwargs):
        reader = read_csv(*args, **kwargs)
        if kwargs.get("chunksize") is None:
            return reader
        assert kwargs["chunksize"] == 1 and kwargs["usecols"] == ["body", "id"]

        def chunks():
            for chunk in reader:
                written_before_chunk.append(out.getvalue().count("\n"))
                yield chunk

        return chunks()

    monkeypatch.setattr(scan_table.pd, "read_csv", spying_read_csv)
    # When the table is scanned
    from service.cli.main import build_parser
    from service.cli.scan_command import run_scan

    args = build_parser().parse_args(["scan", "--csv", str(table), "--text-column", "body",
                                      "--id-column", "id", "--per-post"])  # fmt: skip
    run_scan(args, out=out, err=io.StringIO())
    # Then every post's row was out before the next chunk was read
    assert written_before_chunk == [1, 2, 3, 4]  # the header, then one row per post


def test_missing_column_is_named_with_the_columns_there_are(model_env, table, capsys):
    assert main(["scan", "--csv", str(table), "--text-column", "text"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"mythcheck: {table}: no column 'text'; its columns are 'id', 'author', 'body'\n"
    )
    assert captured.out == ""


def test_missing_id_column_is_named_too(model_env, table, capsys):
    assert main(["scan", "--csv", str(table), "--text-column", "body", "--id-column", "x"]) == 2
    assert "no column 'x'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not valid UTF-8"),
        (b"", "empty: a CSV needs a header row"),
        (b'body\n"unclosed quote\n', "not a readable CSV"),
    ],
    ids=["binary", "empty", "malformed"],
)
def test_file_that_is_not_a_csv_is_an_input_error(model_env, tmp_path, capsys, content,
                                                  message):  # fmt: skip
    path = tmp_path / "posts.csv"
    path.write_bytes(content)
    assert main(["scan", "--csv", str(path), "--text-column", "body"]) == 2
    assert message in capsys.readouterr().err


def test_missing_csv_file_is_an_input_error(model_env, tmp_path, capsys):
    assert main(["scan", "--csv", str(tmp_path / "nope.csv"), "--text-column", "body"]) == 2
    assert "nope.csv: no such file" in capsys.readouterr().err
