"""From class probabilities to a decision: which myth, which verdict, how sure,
the candidates, and when to abstain. Pure functions over NumPy arrays.

The model scores joint labels (``no_match`` and ``<myth_id>:<verdict>``). The
likeliest (myth, verdict) pair is returned when its probability reaches the
threshold, and that probability is its confidence: so every match a caller
sees has at least the ``min_confidence`` it asked for. Otherwise the answer is
``no_match`` with confidence P(no_match). Candidates rank myths by the sum of
their two verdicts' probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claims.corpus import NO_MATCH_LABEL, split_label
from claims.result import MAX_CANDIDATES, NoMatchReason
from claims.verdict import Verdict


@dataclass(frozen=True)
class LabelSpace:
    """Column positions of each myth's two verdicts in a probability matrix."""

    myth_ids: tuple[str, ...]
    myth_columns: np.ndarray
    consistent_columns: np.ndarray
    no_match_column: int

    @classmethod
    def from_classes(cls, classes: list[str] | np.ndarray) -> LabelSpace:
        """Read the layout from a fitted estimator's ``classes_``."""
        position = {label: i for i, label in enumerate(classes)}
        myth_ids = sorted(
            {myth_id for myth_id, _ in map(split_label, classes) if myth_id is not None}
        )
        missing = [
            f"{m}:{v.value}"
            for m in myth_ids
            for v in (Verdict.MYTH, Verdict.CONSISTENT)
            if f"{m}:{v.value}" not in position
        ]
        if NO_MATCH_LABEL not in position or missing:
            raise ValueError(f"the model lacks classes {[NO_MATCH_LABEL, *missing]}")
        return cls(
            myth_ids=tuple(myth_ids),
            myth_columns=np.array([position[f"{m}:myth"] for m in myth_ids]),
            consistent_columns=np.array([position[f"{m}:consistent"] for m in myth_ids]),
            no_match_column=position[NO_MATCH_LABEL],
        )


@dataclass(frozen=True)
class Decision:
    """The classifier's answer for one text, before the article's text is attached."""

    myth_id: str | None
    verdict: Verdict
    confidence: float
    candidates: tuple[tuple[str, float], ...]
    reason: NoMatchReason | None


def decide(
    probabilities: np.ndarray,
    space: LabelSpace,
    threshold: float,
    out_of_scope: list[NoMatchReason | None] | None = None,
) -> list[Decision]:
    """One decision per row of ``probabilities`` (rows sum to 1).

    ``out_of_scope`` forces ``no_match`` with its reason for rows where it is set
    (too short, unfamiliar language); the candidates are still reported.
    """
    myth_p = probabilities[:, space.myth_columns]
    consistent_p = probabilities[:, space.consistent_columns]
    topic_p = myth_p + consistent_p
    pair_p = np.maximum(myth_p, consistent_p)
    rows = np.arange(len(probabilities))
    order = np.argsort(-topic_p, axis=1, kind="stable")[:, :MAX_CANDIDATES]
    best_myth = np.argmax(pair_p, axis=1)
    best_p = pair_p[rows, best_myth]
    is_myth = myth_p[rows, best_myth] >= consistent_p[rows, best_myth]
    no_match_p = probabilities[:, space.no_match_column]
    leaning = topic_p[rows, order[:, 0]] > no_match_p
    candidate_p = np.round(np.take_along_axis(topic_p, order, axis=1), 4)
    decisions = []
    for row in range(len(probabilities)):
        candidates = tuple(
            (space.myth_ids[c], float(p)) for c, p in zip(order[row], candidate_p[row], strict=True)
        )
        forced = out_of_scope[row] if out_of_scope else None
        if forced is None and best_p[row] >= threshold:
            decisions.append(
                Decision(
                    myth_id=space.myth_ids[best_myth[row]],
                    verdict=Verdict.MYTH if is_myth[row] else Verdict.CONSISTENT,
                    confidence=float(best_p[row]),
                    candidates=candidates,
                    reason=None,
                )
            )
            continue
        if forced is not None:
            reason = forced
        elif leaning[row]:
            reason = NoMatchReason.LOW_CONFIDENCE
        else:
            reason = NoMatchReason.NO_MYTH
        decisions.append(
            Decision(
                myth_id=None,
                verdict=Verdict.NO_MATCH,
                confidence=float(no_match_p[row]),
                candidates=candidates,
                reason=reason,
            )
        )
    return decisions


def decided_labels(decisions: list[Decision]) -> list[str]:
    """The joint label of each decision, for scoring against gold labels."""
    return [
        NO_MATCH_LABEL if d.verdict is Verdict.NO_MATCH else f"{d.myth_id}:{d.verdict.value}"
        for d in decisions
    ]
