"""Charts of an evaluation, as matplotlib figures (the caller saves them):
the confusion matrix, the confidence histogram of right and wrong answers,
and the precision / recall curve of the abstention threshold.

matplotlib is an optional extra (``pip install 'mythcheck[report]'``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from claims.errors import MythcheckError
from model.decision import Decision


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise MythcheckError(
            "charts need matplotlib: pip install 'mythcheck[report]'"
        ) from error
    return plt


def confusion_figure(metrics: dict[str, Any]) -> Any:
    """Gold myth (rows) against predicted myth (columns), counts in the cells."""
    plt = _pyplot()
    labels, matrix = metrics["confusion"]["labels"], np.array(metrics["confusion"]["matrix"])
    figure, axes = plt.subplots(figsize=(8, 7))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=8)
    axes.set_yticks(range(len(labels)), labels, fontsize=8)
    for (row, column), count in np.ndenumerate(matrix):
        colour = "white" if count > matrix.max() / 2 else "black"
        axes.text(column, row, str(count), ha="center", va="center", color=colour, fontsize=8)
    axes.set_xlabel("predicted")
    axes.set_ylabel("gold")
    axes.set_title("Confusion matrix (myth level)")
    figure.tight_layout()
    return figure


def confidence_figure(decisions: list[Decision], correct: np.ndarray) -> Any:
    """Histogram of the returned confidence, right answers against wrong ones."""
    plt = _pyplot()
    confidences = np.array([d.confidence for d in decisions])
    figure, axes = plt.subplots(figsize=(7, 4))
    bins = np.linspace(0, 1, 21)
    axes.hist(confidences[correct], bins=bins, alpha=0.7, label="right")
    axes.hist(confidences[~correct], bins=bins, alpha=0.7, label="wrong")
    axes.set_xlabel("confidence")
    axes.set_ylabel("texts")
    axes.set_title("Confidence of right and wrong answers")
    axes.legend()
    figure.tight_layout()
    return figure


def threshold_figure(tradeoff_rows: list[dict[str, float]], chosen: float) -> Any:
    """Precision and recall of the matches as the threshold moves."""
    plt = _pyplot()
    thresholds = [row["threshold"] for row in tradeoff_rows]
    figure, axes = plt.subplots(figsize=(7, 4))
    axes.plot(thresholds, [row["precision"] for row in tradeoff_rows], label="precision")
    axes.plot(thresholds, [row["recall"] for row in tradeoff_rows], label="recall")
    axes.axvline(chosen, color="grey", linestyle="--", label=f"threshold {chosen:.2f}")
    axes.set_xlabel("min confidence")
    axes.set_ylim(0, 1.02)
    axes.set_title("Precision / recall of matches against the threshold")
    axes.legend()
    figure.tight_layout()
    return figure


def close_figure(figure: Any) -> None:
    """Free a figure's memory once it is saved."""
    _pyplot().close(figure)
