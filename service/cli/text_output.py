"""How a result reads in a terminal."""

from __future__ import annotations

import textwrap

from claims.result import CheckResult
from claims.verdict import Verdict

WIDTH = 88
_INDENT = "    "


def format_result(result: CheckResult) -> str:
    """The claim, its verdict in words, the myth, the confidence, and for a match
    the article's reality and explanation."""
    lines = [f"“{result.claim}”"]
    headline = f"{result.verdict.plain_words}"
    if result.verdict is Verdict.NO_MATCH:
        detail = f" ({result.reason.value.replace('_', ' ')})" if result.reason else ""
        lines.append(f"  → {headline}{detail}.")
        if (
            result.candidates
            and result.reason is not None
            and result.reason.value == "low_confidence"
        ):
            best = result.candidates[0]
            lines.append(f"    closest: {best.myth_id} ({best.confidence:.0%})")
        return "\n".join(lines) + "\n"
    lines.append(
        f"  → {headline}: {result.title} [{result.myth_id}], confidence {result.confidence:.0%}"
    )
    lines.append(_wrapped("Myth", result.myth))
    lines.append(_wrapped("Reality", result.reality))
    lines.append(_wrapped("Why", result.explanation))
    return "\n".join(lines) + "\n"


def _wrapped(label: str, text: str | None) -> str:
    return textwrap.fill(
        f"{label}: {text}", width=WIDTH, initial_indent=_INDENT, subsequent_indent=_INDENT + "  "
    )
