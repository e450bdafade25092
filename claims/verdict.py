"""The three verdicts a claim can get, and how each reads in plain words."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """What a text does with a catalogued myth."""

    MYTH = "myth"
    """The text asserts (repeats, endorses) the myth."""
    CONSISTENT = "consistent"
    """The text is about the myth but states the article's reality or rebuts it."""
    NO_MATCH = "no_match"
    """No catalogued myth: off-topic, other claims, true facts, neutral questions."""

    @property
    def plain_words(self) -> str:
        """The sentence a person reads for this verdict (CLI and web form alike)."""
        return _PLAIN_WORDS[self]


_PLAIN_WORDS = {
    Verdict.MYTH: "This repeats a common myth",
    Verdict.CONSISTENT: "This agrees with the evidence",
    Verdict.NO_MATCH: "No myth in this article matches",
}
