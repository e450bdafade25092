"""What a scan reports: a ``Finding`` is a ``CheckResult`` for one sentence of a
longer text plus where that sentence is; a ``ScanReport`` is the sentence
count and the findings of one text.

The one contract that ``mythcheck scan --format json``, ``POST /v1/scan`` and
the web form's post mode all render. ``claim`` (inherited) is the sentence as
checked: markup removed, whitespace collapsed. ``sentence`` is the scanned
text's own characters from ``start`` to ``end``, so ``text[start:end] ==
sentence`` always holds, whatever the markup.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from claims.result import CheckResult
from claims.sentences import Sentence
from claims.verdict import Verdict

LOCATION_FIELDS = ("line", "column", "start", "end", "sentence")
"""A finding's own fields, in the order flat outputs (JSON Lines, CSV) put them."""


class Finding(CheckResult):
    """One sentence of a scanned text, where it is, and what mythcheck says about it."""

    start: int = Field(
        ge=0, description="Offset of the sentence's first character in the scanned text "
        "(Unicode code points, i.e. Python string indices)."
    )
    end: int = Field(ge=0, description="Offset just after the sentence's last character.")
    line: int = Field(ge=1, description="1-based line of the sentence's first character.")
    column: int = Field(ge=1, description="1-based column of the sentence's first character.")
    sentence: str = Field(
        description="The scanned text from start to end, exactly as submitted "
        "(markup and line breaks included)."
    )

    @classmethod
    def at(cls, sentence: Sentence, result: CheckResult) -> Finding:
        """The finding for ``result``, the check of ``sentence``."""
        return cls(
            **dict(result),
            start=sentence.start,
            end=sentence.end,
            line=sentence.line,
            column=sentence.column,
            sentence=sentence.source,
        )

    def record(self) -> dict[str, Any]:
        """A flat JSON-ready dict: the location fields first, then the result's."""
        data = self.model_dump(mode="json")
        return {**{name: data.pop(name) for name in LOCATION_FIELDS}, **data}


class ScanReport(BaseModel):
    """The scan of one text: how many sentences were checked, and the findings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sentences: int = Field(ge=0, description="How many sentences were checked.")
    findings: list[Finding] = Field(
        description="Sentences that repeat or rebut a myth, in text order (every "
        "sentence when all were asked for)."
    )

    @property
    def repeats_myth(self) -> bool:
        """True when at least one sentence repeats a myth."""
        return any(finding.verdict is Verdict.MYTH for finding in self.findings)
