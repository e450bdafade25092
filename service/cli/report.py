"""Writes the PNG charts of ``mythcheck evaluate --report DIR``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.charts import close_figure, confidence_figure, confusion_figure, threshold_figure
from model.classifier import Classifier
from model.decision import Decision, decided_labels
from model.scope import out_of_scope_reason
from model.threshold import THRESHOLD_GRID, tradeoff


def write_report(
    directory: Path,
    classifier: Classifier,
    frame: pd.DataFrame,
    decisions: list[Decision],
    metrics: dict[str, Any],
) -> list[Path]:
    """Save the three charts into ``directory``; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    correct = np.array(decided_labels(decisions)) == frame.label.to_numpy()
    texts = frame.text.tolist()
    reasons = [out_of_scope_reason(text, classifier.known_words) for text in texts]
    rows = tradeoff(
        classifier.probabilities(texts), classifier.space, frame.label.tolist(), reasons,
        THRESHOLD_GRID,
    )  # fmt: skip
    figures = {
        "confusion-matrix.png": confusion_figure(metrics),
        "confidence-histogram.png": confidence_figure(decisions, correct),
        "threshold-precision-recall.png": threshold_figure(rows, classifier.threshold),
    }
    paths = []
    for name, figure in figures.items():
        path = directory / name
        figure.savefig(path, dpi=110)
        close_figure(figure)
        paths.append(path)
    return paths
