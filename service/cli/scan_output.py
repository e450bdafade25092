"""How ``mythcheck scan`` writes what it found: readable text grouped by post,
JSON Lines or CSV, one record per finding; or, for tables, one record per
post with counts per myth and verdict. Every writer renders the same
``Finding`` objects and flushes after each post, so output streams."""

from __future__ import annotations

import csv
import json
import textwrap
from collections import Counter
from dataclasses import dataclass
from typing import Any, TextIO

from claims.corpus import label_of
from claims.finding import LOCATION_FIELDS, Finding, ScanReport
from claims.verdict import Verdict

FORMATS = ("text", "json", "csv")
CSV_RESULT_FIELDS = ("claim", "verdict", "myth_id", "title", "confidence", "reason")
"""The result fields a CSV row carries after the location; the article's text
is one join on myth_id away, and candidates need JSON."""
WIDTH = 88


@dataclass
class Tally:
    """What a scan has seen so far: it decides the exit status and the summary."""

    posts: int = 0
    sentences: int = 0
    myths: int = 0
    consistent: int = 0
    unreadable: int = 0

    def add(self, report: ScanReport) -> None:
        self.posts += 1
        self.sentences += report.sentences
        self.myths += sum(f.verdict is Verdict.MYTH for f in report.findings)
        self.consistent += sum(f.verdict is Verdict.CONSISTENT for f in report.findings)

    def summary(self) -> str:
        posts = f"{self.posts} post{'s' * (self.posts != 1)}"
        sentences = f"{self.sentences:,} sentence{'s' * (self.sentences != 1)}"
        unreadable = f"; {self.unreadable} could not be read" if self.unreadable else ""
        return (f"{posts}, {sentences}: {self.myths} repeat a myth, "
                f"{self.consistent} agree with the evidence{unreadable}")  # fmt: skip


class FindingWriter:
    """Writes each post's findings; ``key`` names the post column (file or id)."""

    def __init__(self, out: TextIO, output_format: str, key: str = "file") -> None:
        self.out, self.format, self.key = out, output_format, key
        self._csv = csv.writer(out, lineterminator="\n") if output_format == "csv" else None
        if self._csv:
            self._csv.writerow([key, *LOCATION_FIELDS, *CSV_RESULT_FIELDS])

    def write(self, label: str, report: ScanReport) -> None:
        if self.format == "text":
            if report.findings:
                self.out.write("".join(_readable(label, f) for f in report.findings) + "\n")
        else:
            for finding in report.findings:
                record = {self.key: label, **finding.record()}
                if self._csv:
                    self._csv.writerow([record[self.key], *(record[f] for f in LOCATION_FIELDS),
                                        *(record[f] for f in CSV_RESULT_FIELDS)])  # fmt: skip
                else:
                    self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()

    def close(self, tally: Tally) -> None:
        if self.format == "text":
            self.out.write(tally.summary() + "\n")


class CountWriter:
    """One record per post: its sentence count, then findings per myth and verdict."""

    def __init__(self, out: TextIO, output_format: str, myth_ids: tuple[str, ...]) -> None:
        self.out, self.format, self.myth_ids = out, output_format, myth_ids
        verdicts = (Verdict.MYTH, Verdict.CONSISTENT)
        self.columns = [label_of(m, v) for m in myth_ids for v in verdicts]
        self._csv = csv.writer(out, lineterminator="\n") if output_format != "json" else None
        if self._csv:
            self._csv.writerow(["id", "sentences", "myth", "consistent", *self.columns])

    def write(self, label: str, report: ScanReport) -> None:
        counts = Counter(label_of(f.myth_id, f.verdict) for f in report.findings if f.myth_id)
        record: dict[str, Any] = {
            "id": label,
            "sentences": report.sentences,
            "myth": sum(f.verdict is Verdict.MYTH for f in report.findings),
            "consistent": sum(f.verdict is Verdict.CONSISTENT for f in report.findings),
            **{column: counts[column] for column in self.columns},
        }
        if self._csv:
            self._csv.writerow(record.values())
        else:
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()

    def close(self, tally: Tally) -> None:
        """Counts need no summary: the table is the summary."""


def _readable(label: str, finding: Finding) -> str:
    where = f"{label}:{finding.line}:{finding.column}"
    if finding.verdict is Verdict.NO_MATCH:
        reason = f" ({finding.reason.value.replace('_', ' ')})" if finding.reason else ""
        head = f"{where}: {finding.verdict.plain_words}{reason}"
    else:
        head = (f"{where}: {finding.verdict.plain_words}: {finding.title} "
                f"[{finding.myth_id}], confidence {finding.confidence:.0%}")  # fmt: skip
    lines = [head, _wrapped(f"“{finding.claim}”")]
    if finding.verdict is Verdict.MYTH:
        lines.append(_wrapped(f"Reality: {finding.reality}"))
    return "\n".join(lines) + "\n"


def _wrapped(text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="    ", subsequent_indent="      ")
