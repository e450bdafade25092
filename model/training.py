"""Training: fit the pipeline on the train split, calibrate its temperature and
choose its abstention threshold on the validation split, score it on both
held-out splits. Seeded and deterministic; no file I/O here."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from claims.catalogue import Catalogue
from model.calibration import fit_temperature, scaled_probabilities
from model.classifier import Classifier
from model.decision import LabelSpace
from model.metrics import score
from model.pipeline import HYPERPARAMETERS, build_pipeline
from model.scope import out_of_scope_reason, vocabulary
from model.threshold import choose_threshold, tradeoff

SEED = 20260505
TRAINING_THREADS = 1
"""BLAS threads while fitting: on 2 shared cores more threads only contend."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainingReport:
    """What training measured, for the artifact's manifest."""

    seed: int
    seconds: float
    hyperparameters: dict[str, Any]
    temperature: float
    threshold: float
    sizes: dict[str, int]
    validation: dict[str, Any]
    test: dict[str, Any]
    tradeoff: list[dict[str, Any]]


def fit_classifier(
    train: pd.DataFrame,
    validation: pd.DataFrame,
    catalogue: Catalogue,
    seed: int = SEED,
    **options: Any,
) -> Classifier:
    """Fit on ``train``; calibrate and choose the threshold on ``validation``."""
    with threadpool_limits(limits=TRAINING_THREADS):
        pipeline = build_pipeline(seed, **options).fit(train.text.tolist(), train.label.tolist())
        space = LabelSpace.from_classes(list(pipeline.classes_))
        logits = np.asarray(pipeline.decision_function(validation.text.tolist()), dtype=np.float64)
        column = {label: i for i, label in enumerate(pipeline.classes_)}
        temperature = fit_temperature(logits, np.array([column[x] for x in validation.label]))
        known_words = vocabulary(train.text)
        reasons = [out_of_scope_reason(text, known_words) for text in validation.text]
        threshold = choose_threshold(
            scaled_probabilities(logits, temperature), space, validation.label.tolist(), reasons
        )
    logger.info("temperature %.3f, threshold %.2f", temperature, threshold)
    return Classifier(pipeline, temperature, threshold, known_words, catalogue)


def evaluate_split(
    classifier: Classifier, frame: pd.DataFrame, min_confidence: float | None = None
) -> dict[str, Any]:
    """Every metric of ``classifier`` on a labelled frame."""
    decisions = classifier.decisions(frame.text.tolist(), min_confidence)
    return score(frame.label.tolist(), decisions, classifier.space.myth_ids)


def train(
    splits: dict[str, pd.DataFrame], catalogue: Catalogue, seed: int = SEED
) -> tuple[Classifier, TrainingReport]:
    """Train the shipped model on ``splits['train']`` and report on the others."""
    started = time.perf_counter()
    classifier = fit_classifier(splits["train"], splits["validation"], catalogue, seed)
    seconds = time.perf_counter() - started
    validation = splits["validation"]
    reasons = [out_of_scope_reason(t, classifier.known_words) for t in validation.text]
    report = TrainingReport(
        seed=seed,
        seconds=round(seconds, 2),
        hyperparameters=HYPERPARAMETERS,
        temperature=classifier.temperature,
        threshold=classifier.threshold,
        sizes={name: len(frame) for name, frame in splits.items()},
        validation=evaluate_split(classifier, validation),
        test=evaluate_split(classifier, splits["test"]),
        tradeoff=tradeoff(
            classifier.probabilities(validation.text.tolist()),
            classifier.space,
            validation.label.tolist(),
            reasons,
        ),
    )
    return classifier, report
