"""The result of checking one claim: the single public contract that the CLI's
``--format json``, the HTTP API and the web form all render."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from claims.catalogue import Myth
from claims.verdict import Verdict

MAX_CANDIDATES = 3


class NoMatchReason(StrEnum):
    """Why a claim got ``no_match``; machine-readable."""

    TOO_SHORT = "too_short"
    """Fewer words than the checker needs to judge a claim."""
    UNFAMILIAR_LANGUAGE = "unfamiliar_language"
    """Too few words the model knows: another language, emoji, symbols or noise."""
    LOW_CONFIDENCE = "low_confidence"
    """A myth was the best guess, but below the confidence threshold."""
    NO_MYTH = "no_myth"
    """The model judged that the claim repeats or rebuts no catalogued myth."""


class Candidate(BaseModel):
    """A myth the claim might be about, with the probability that it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    myth_id: str
    confidence: float = Field(ge=0.0, le=1.0)


class CheckResult(BaseModel):
    """What mythcheck says about one claim."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    claim: str = Field(description="The claim as submitted.")
    verdict: Verdict = Field(description="myth | consistent | no_match")
    myth_id: str | None = Field(description="The matched myth; null for no_match.")
    confidence: float = Field(
        ge=0.0,
        le=1.0,
        description="Probability that the verdict and the myth are both right.",
    )
    title: str | None = Field(description="The myth's short title; null for no_match.")
    myth: str | None = Field(description="The myth as the article states it.")
    reality: str | None = Field(description="The article's reality; null for no_match.")
    explanation: str | None = Field(description="The article's explanation; null for no_match.")
    candidates: list[Candidate] = Field(
        max_length=MAX_CANDIDATES,
        description="Up to three myths the claim may be about, best first.",
    )
    reason: NoMatchReason | None = Field(
        default=None, description="Why the verdict is no_match; null for a match."
    )


def make_result(
    claim: str,
    verdict: Verdict,
    myth: Myth | None,
    confidence: float,
    candidates: list[Candidate],
    reason: NoMatchReason | None = None,
) -> CheckResult:
    """Build the result for one claim; the article's text comes from ``myth``."""
    matched = myth if verdict is not Verdict.NO_MATCH else None
    return CheckResult(
        claim=claim,
        verdict=verdict,
        myth_id=matched.myth_id if matched else None,
        confidence=round(min(max(confidence, 0.0), 1.0), 4),
        title=matched.title if matched else None,
        myth=matched.myth if matched else None,
        reality=matched.reality if matched else None,
        explanation=matched.explanation if matched else None,
        candidates=candidates[:MAX_CANDIDATES],
        reason=None if matched else reason,
    )
