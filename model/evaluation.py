"""Evaluating a classifier on a labelled frame: the metrics, the rows it got
wrong, and the baseline that every metric is read beside."""

from __future__ import annotations

from typing import Any

import pandas as pd

from claims.corpus import split_label
from model.classifier import Classifier
from model.decision import Decision, decided_labels
from model.metrics import score


def majority_baseline(
    train_labels: list[str], frame: pd.DataFrame, myth_ids: tuple[str, ...]
) -> dict[str, Any]:
    """The metrics of always answering the training split's commonest label."""
    majority = pd.Series(train_labels).mode().iloc[0]
    myth_id, verdict = split_label(majority)
    decisions = [
        Decision(myth_id=myth_id, verdict=verdict, confidence=1.0, candidates=(), reason=None)
        for _ in range(len(frame))
    ]
    return score(frame.label.tolist(), decisions, myth_ids)


def evaluate(
    classifier: Classifier, frame: pd.DataFrame, min_confidence: float | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]], list[Decision]]:
    """Metrics, misclassified rows and all decisions of ``classifier`` on ``frame``."""
    decisions = classifier.decisions(frame.text.tolist(), min_confidence)
    metrics = score(frame.label.tolist(), decisions, classifier.space.myth_ids)
    predicted = decided_labels(decisions)
    errors = [
        {
            "text": text,
            "gold": gold,
            "predicted": guess,
            "confidence": round(decision.confidence, 4),
            "reason": decision.reason.value if decision.reason else None,
        }
        for text, gold, guess, decision in zip(
            frame.text, frame.label, predicted, decisions, strict=True
        )
        if gold != guess
    ]
    return metrics, errors, decisions
