"""The post mode's highlighted text: the submitted post cut at its findings'
offsets into plain and marked segments, grouped into paragraphs at blank lines,
each paragraph with the findings it holds (shown right below it).

Only text comes out of here. The template escapes every segment, so a post's
own markup is shown as the characters it is and never reaches the page as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from claims.finding import Finding

_BLANK_LINES = re.compile(r"[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)+")
"""A paragraph break: a line break followed by one or more blank lines."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the post: plain text, or the text of one finding."""

    text: str
    finding: Finding | None = None
    number: int = 0
    """1-based number of the finding (0 for plain text)."""


@dataclass(slots=True)
class Paragraph:
    """The segments of one paragraph and the numbered findings among them."""

    segments: list[Segment] = field(default_factory=list)
    findings: list[tuple[int, Finding]] = field(default_factory=list)


def highlight(text: str, findings: Sequence[Finding]) -> list[Paragraph]:
    """``text`` as paragraphs of segments; joined, the segments of all
    paragraphs and the breaks between them give back ``text`` (save for
    whitespace-only paragraphs, which are dropped).

    ``findings`` must point into ``text`` and come in text order, as a
    ``ScanReport`` has them; one that overlaps the previous one is not marked.
    """
    paragraphs = [Paragraph()]
    position = 0
    for number, finding in enumerate(findings, start=1):
        if finding.start < position or finding.end > len(text):
            continue
        _add_plain(paragraphs, text[position : finding.start])
        paragraphs[-1].segments.append(Segment(text[finding.start : finding.end], finding, number))
        paragraphs[-1].findings.append((number, finding))
        position = finding.end
    _add_plain(paragraphs, text[position:])
    return [p for p in paragraphs if any(s.text.strip() for s in p.segments)]


def _add_plain(paragraphs: list[Paragraph], plain: str) -> None:
    """Append ``plain`` to the last paragraph, starting a new one at each break."""
    for index, piece in enumerate(_BLANK_LINES.split(plain)):
        if index:
            paragraphs.append(Paragraph())
        if piece:
            paragraphs[-1].segments.append(Segment(piece))
