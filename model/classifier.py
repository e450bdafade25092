"""The classifier that turns claims into results: the fitted pipeline, its
temperature and threshold, and the catalogue it answers from.

Safe to share between threads: checking only reads the fitted objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from claims.catalogue import Catalogue
from claims.errors import InputError
from claims.result import Candidate, CheckResult, make_result
from claims.text import MAX_CLAIM_CHARS, validate_claim
from model.calibration import scaled_probabilities
from model.decision import Decision, LabelSpace, decide
from model.fast_inference import compiled_scorer
from model.scope import out_of_scope_reason

CHUNK = 1_000
"""Claims featurised at once: bounds memory for long inputs."""


@dataclass
class Classifier:
    """A trained mythcheck model. Build it with ``model.training.train`` or load
    it with ``model.load_classifier``."""

    pipeline: Pipeline
    temperature: float
    threshold: float
    known_words: frozenset[str]
    catalogue: Catalogue
    manifest: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.space = LabelSpace.from_classes(list(self.pipeline.classes_))
        unknown = set(self.space.myth_ids) - set(self.catalogue.ids)
        if unknown:
            raise ValueError(f"the model knows myths the catalogue lacks: {sorted(unknown)}")

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities of every joint label (columns: ``classes``),
        scored by the pipeline compiled once into ``model.fast_inference``."""
        logits = compiled_scorer(self.pipeline).decision_function(texts)
        return scaled_probabilities(np.asarray(logits, dtype=np.float64), self.temperature)

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def decisions(
        self, texts: Sequence[str], min_confidence: float | None = None
    ) -> list[Decision]:
        """Decisions for already validated texts."""
        if not texts:
            return []
        threshold = self.threshold if min_confidence is None else min_confidence
        reasons = [out_of_scope_reason(text, self.known_words) for text in texts]
        return decide(self.probabilities(texts), self.space, threshold, reasons)

    def check(
        self,
        claims: Sequence[str],
        min_confidence: float | None = None,
        max_chars: int = MAX_CLAIM_CHARS,
    ) -> list[CheckResult]:
        """Check claims, in order. ``min_confidence`` overrides the stored threshold.

        Raises InputError, before checking anything, for an empty or over-long
        claim, a non-text item, no claims at all, or a bad ``min_confidence``.
        """
        if isinstance(claims, str):
            claims = [claims]
        if not claims:
            raise InputError("no claim given: pass at least one claim", "empty_claim")
        if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
            raise InputError(
                f"min_confidence must be between 0 and 1, not {min_confidence}",
                "invalid_min_confidence",
            )
        cleaned = [_validated(claim, position, len(claims), max_chars)
                   for position, claim in enumerate(claims)]  # fmt: skip
        decisions: list[Decision] = []
        for start in range(0, len(cleaned), CHUNK):
            decisions += self.decisions(cleaned[start : start + CHUNK], min_confidence)
        return [
            make_result(
                claim=original,
                verdict=decision.verdict,
                myth=self.catalogue[decision.myth_id] if decision.myth_id else None,
                confidence=decision.confidence,
                candidates=[Candidate(myth_id=m, confidence=p) for m, p in decision.candidates],
                reason=decision.reason,
            )
            for original, decision in zip(claims, decisions, strict=True)
        ]

    def check_one(self, claim: str, min_confidence: float | None = None) -> CheckResult:
        """Check a single claim."""
        return self.check([claim], min_confidence)[0]


def _validated(claim: object, position: int, count: int, max_chars: int) -> str:
    try:
        return validate_claim(claim, max_chars)
    except InputError as error:
        if count == 1:
            raise
        raise InputError(f"claim {position + 1}: {error.message}", error.code) from error
