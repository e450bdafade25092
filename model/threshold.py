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


SMOOTHING_STEPS = 3
"""Each grid point's macro-F1 is averaged with this many neighbours on each side
(±0.03) before the best is taken."""


def choose_threshold(
    probabilities: np.ndarray,
    space: LabelSpace,
    gold_labels: Sequence[str],
    reasons: list[NoMatchReason | None],
) -> float:
    """The grid threshold with the best smoothed joint macro-F1 (``best_smoothed``)."""
    labels = sorted(set(gold_labels))
    f1s = [
        f1_score(
            gold_labels,
            decided_labels(decide(probabilities, space, threshold, reasons)),
            labels=labels,
            average="macro",
            zero_division=0,
        )
        for threshold in THRESHOLD_GRID
    ]
    return float(THRESHOLD_GRID[best_smoothed(f1s, SMOOTHING_STEPS)])


def best_smoothed(values: Sequence[float], steps: int) -> int:
    """The index of the best moving average of ``values`` over ``steps``
    neighbours on each side (edges repeated); the lowest index of equals.

    Macro-F1 against the threshold is a flat, noisy curve: its plain maximum
    jumps from one end of the plateau to the other when a few validation texts
    change. The smoothed maximum sits inside the plateau, where the curve is
    good on both sides.
    """
    padded = np.pad(np.asarray(values, dtype=np.float64), steps, mode="edge")
    averaged = np.convolve(padded, np.full(2 * steps + 1, 1.0 / (2 * steps + 1)), mode="valid")
    return int(np.argmax(np.round(averaged, 12)))


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
