"""Choosing the abstention threshold on the validation split, and the
precision / recall trade-off that users pick their own operating point from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

from claims.corpus import NO_MATCH_LABEL
from claims.result import NoMatchReason
from model.decision import LabelSpace, decide, decided_labels

THRESHOLD_GRID = tuple(round(t, 2) for t in np.arange(0.20, 0.905, 0.01))
TRADEOFF_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def choose_threshold(
    probabilities: np.ndarray,
    space: LabelSpace,
    gold_labels: Sequence[str],
    reasons: list[NoMatchReason | None],
) -> float:
    """The grid threshold with the best joint macro-F1; the lowest of equals."""
    labels = sorted(set(gold_labels))
    best_threshold, best_f1 = THRESHOLD_GRID[0], -1.0
    for threshold in THRESHOLD_GRID:
        predicted = decided_labels(decide(probabilities, space, threshold, reasons))
        f1 = f1_score(gold_labels, predicted, labels=labels, average="macro", zero_division=0)
        if f1 > best_f1 + 1e-12:
            best_threshold, best_f1 = threshold, f1
    return float(best_threshold)


def tradeoff(
    probabilities: np.ndarray,
    space: LabelSpace,
    gold_labels: Sequence[str],
    reasons: list[NoMatchReason | None],
    thresholds: Sequence[float] = TRADEOFF_THRESHOLDS,
) -> list[dict[str, Any]]:
    """Per threshold: precision and recall of the matches (a match is right when
    myth and verdict are both right), and the share of texts answered."""
    gold = np.array(gold_labels)
    gold_match = gold != NO_MATCH_LABEL
    rows = []
    for threshold in thresholds:
        predicted = np.array(decided_labels(decide(probabilities, space, threshold, reasons)))
        answered = predicted != NO_MATCH_LABEL
        right = answered & (predicted == gold)
        rows.append(
            {
                "threshold": float(threshold),
                "precision": float(right.sum() / answered.sum()) if answered.any() else 1.0,
                "recall": float(right.sum() / gold_match.sum()) if gold_match.any() else 0.0,
                "answered": float(answered.mean()) if len(answered) else 0.0,
            }
        )
    return rows
