"""Temperature scaling: one scalar, fitted on the validation split, that turns
the logistic regression's log-odds into calibrated probabilities without
changing which label ranks first."""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax

TEMPERATURE_BOUNDS = (0.05, 20.0)


def scaled_probabilities(logits: np.ndarray, temperature: float) -> np.ndarray:
    """Softmax of ``logits / temperature`` per row."""
    return softmax(logits / temperature, axis=1)


def fit_temperature(logits: np.ndarray, gold_columns: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of the gold labels."""

    def negative_log_likelihood(temperature: float) -> float:
        log_p = log_softmax(logits / temperature, axis=1)
        return float(-log_p[np.arange(len(gold_columns)), gold_columns].mean())

    found = minimize_scalar(negative_log_likelihood, bounds=TEMPERATURE_BOUNDS, method="bounded")
    return float(found.x)
