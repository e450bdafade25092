"""Scores of decisions against gold labels: every number ``mythcheck evaluate``
reports. Pure functions; the metric definitions live here and only here.

- myth-id accuracy: over texts whose gold verdict is myth or consistent, the
  share whose predicted myth is the gold myth (abstaining counts as wrong);
- out-of-scope precision / recall: "no myth" (verdict no_match) as the
  positive class against "any myth";
- stance accuracy: over texts whose gold verdict is myth or consistent and
  whose myth was found, the share with the right verdict;
- macro-F1: over the joint labels (no_match and every myth x verdict pair
  present in the gold labels);
- ECE: expected calibration error of the returned confidence against the
  correctness of the joint label, in 10 equal-width bins.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from claims.corpus import NO_MATCH_LABEL, split_label
from model.decision import Decision, decided_labels

NONE = "(none)"
HEADLINE_METRICS = (
    ("macro_f1", "macro-F1 (joint labels)"),
    ("myth_id_accuracy", "myth-id accuracy"),
    ("stance_accuracy", "stance accuracy"),
    ("out_of_scope_precision", "out-of-scope precision"),
    ("out_of_scope_recall", "out-of-scope recall"),
    ("accuracy", "accuracy (joint labels)"),
    ("ece", "expected calibration error"),
)
"""The summary metrics every report shows, in order, with their titles."""
ECE_BINS = 10


def expected_calibration_error(
    confidences: np.ndarray, correct: np.ndarray, bins: int = ECE_BINS
) -> float:
    """Weighted mean gap between confidence and accuracy over equal-width bins."""
    if len(confidences) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidences, edges[1:-1], right=True), 0, bins - 1)
    gap = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            gap += members.mean() * abs(confidences[members].mean() - correct[members].mean())
    return float(gap)


def score(
    gold_labels: Sequence[str], decisions: Sequence[Decision], myth_ids: Sequence[str]
) -> dict[str, Any]:
    """Every evaluation metric for ``decisions`` against ``gold_labels``."""
    predicted = decided_labels(list(decisions))
    gold = list(gold_labels)
    gold_myth = [split_label(g)[0] or NONE for g in gold]
    pred_myth = [split_label(p)[0] or NONE for p in predicted]
    gold_none = np.array([g == NO_MATCH_LABEL for g in gold])
    pred_none = np.array([p == NO_MATCH_LABEL for p in predicted])

    on_topic = ~gold_none
    myth_hit = np.array([g == p for g, p in zip(gold_myth, pred_myth, strict=True)])
    stance_rows = on_topic & myth_hit
    stance_hit = np.array([g == p for g, p in zip(gold, predicted, strict=True)])

    labels_for_f1 = sorted(set(gold))
    myth_labels = [*myth_ids, NONE]
    precision, recall, f1, support = precision_recall_fscore_support(
        gold_myth, pred_myth, labels=myth_labels, zero_division=0
    )
    confidences = np.array([d.confidence for d in decisions])
    oos_tp = int((gold_none & pred_none).sum())
    return {
        "rows": len(gold),
        "accuracy": _share(stance_hit),
        "macro_f1": float(
            f1_score(gold, predicted, labels=labels_for_f1, average="macro", zero_division=0)
        ),
        "myth_id_accuracy": _share(myth_hit[on_topic]),
        "myth_id_macro_f1": float(np.mean(f1)),
        "stance_accuracy": _share(stance_hit[stance_rows]),
        "stance_rows": int(stance_rows.sum()),
        "out_of_scope_precision": oos_tp / int(pred_none.sum()) if pred_none.any() else 0.0,
        "out_of_scope_recall": oos_tp / int(gold_none.sum()) if gold_none.any() else 0.0,
        "ece": expected_calibration_error(confidences, stance_hit.astype(float)),
        "per_myth": {
            label: {
                "precision": float(p),
                "recall": float(r),
                "f1": float(f),
                "support": int(s),
            }
            for label, p, r, f, s in zip(myth_labels, precision, recall, f1, support, strict=True)
        },
        "confusion": {
            "labels": myth_labels,
            "matrix": confusion_matrix(gold_myth, pred_myth, labels=myth_labels).tolist(),
        },
    }


def _share(hits: np.ndarray) -> float:
    return float(hits.mean()) if len(hits) else 0.0
