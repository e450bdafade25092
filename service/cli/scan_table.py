"""``mythcheck scan --csv``: scan one text column of a CSV of posts.

pandas reads ``CHUNK_ROWS`` rows at a time and only the text and id columns,
so memory stays flat however large the file is, and each chunk's records are
written before the next chunk is read. A missing column, an undecodable or
malformed file raise ``InputError`` (exit status 2) naming the file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from claims.errors import InputError
from claims.sentences import split_sentences
from model.classifier import Classifier
from model.scan import scan_sentences
from service.cli.progress import Progress
from service.cli.scan_output import CountWriter, FindingWriter, Tally

CHUNK_ROWS = 1_000
"""Rows read, split and checked at once."""


def scan_table(
    classifier: Classifier,
    path: Path,
    text_column: str,
    id_column: str | None,
    writer: FindingWriter | CountWriter,
    tally: Tally,
    progress: Progress,
    min_confidence: float | None = None,
    include_all: bool = False,
    markup: str = "auto",
) -> None:
    """Scan every row's ``text_column``; a post is labelled by ``id_column``, else
    by its row number (1 for the first row after the header)."""
    wanted = check_columns(path, text_column, id_column)
    first_row = 1
    try:
        with path.open("rb") as handle:
            chunks = pd.read_csv(handle, usecols=wanted, dtype=str, keep_default_na=False,
                                 encoding="utf-8-sig", chunksize=CHUNK_ROWS)  # fmt: skip
            for chunk in chunks:
                texts = chunk[text_column].tolist()
                ids = (chunk[id_column].tolist() if id_column
                       else [str(first_row + n) for n in range(len(texts))])  # fmt: skip
                first_row += len(texts)
                documents = [split_sentences(text, markup) for text in texts]
                reports = scan_sentences(classifier, documents, min_confidence, include_all)
                for post_id, report in zip(ids, reports, strict=True):
                    writer.write(post_id, report)
                    tally.add(report)
                progress.advance(len(texts), sum(map(len, documents)), done=handle.tell())
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise _unreadable(path, error, first_row) from error


def check_columns(path: Path, text_column: str, id_column: str | None = None) -> list[str]:
    """The columns to read; raises InputError when ``path`` is not a readable CSV
    or lacks one of them, before anything is written."""
    wanted = list(dict.fromkeys([text_column, *([id_column] if id_column else [])]))
    try:
        columns = list(pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise _unreadable(path, error) from error
    missing = [name for name in wanted if name not in columns]
    if missing:
        raise InputError(
            f"{path}: no column {', '.join(map(repr, missing))}; its columns are "
            f"{', '.join(map(repr, columns))}",
            "missing_column",
        )
    return wanted


def _unreadable(path: Path, error: Exception, row: int | None = None) -> InputError:
    where = f" (near row {row})" if row and row > 1 else ""
    if isinstance(error, FileNotFoundError):
        reason = "no such file"
    elif isinstance(error, OSError):
        reason = f"cannot be read ({error.strerror or error})"
    elif isinstance(error, UnicodeDecodeError):
        reason = f"not valid UTF-8{where}; save it as UTF-8"
    elif isinstance(error, pd.errors.EmptyDataError):
        reason = "empty: a CSV needs a header row"
    else:
        reason = f"not a readable CSV{where} ({str(error).strip()})"
    return InputError(f"{path}: {reason}", "unreadable_input")
