"""Model selection: the alternatives compared by cross-validated macro-F1 on
the train split (joint labels, no abstention), so that the shipped pipeline is
a measured choice; and the learning curve, which says whether more data would
still pay. Pure: returns the scores; the CLI prints them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

from model.factored import TopicStanceClassifier
from model.pipeline import (
    PER_MYTH_STANCE_C,
    STANCE_C,
    TOPIC_C,
    C,
    build_features,
    build_flat_pipeline,
    build_pipeline,
)
from model.preprocess import normalise

FOLDS = 5


@dataclass(frozen=True)
class Candidate:
    """One alternative: a name, what it changes, and how to build it."""

    name: str
    description: str
    build: Callable[[int], Pipeline]


def _with_classifier(estimator: object) -> Callable[[int], Pipeline]:
    return lambda seed: Pipeline([("features", build_features()), ("classifier", estimator)])


def _factored_features(**feature_options: object) -> Callable[[int], Pipeline]:
    def build(seed: int) -> Pipeline:
        pipeline = build_pipeline(seed)
        pipeline.steps[0] = ("features", build_features(**feature_options))
        return pipeline

    return build


def _flat_without_negation(seed: int) -> Pipeline:
    pipeline = build_flat_pipeline(seed)
    words = pipeline.named_steps["features"].transformer_list[0][1]
    words.set_params(preprocessor=normalise, tokenizer=None, token_pattern=r"(?u)\b\w+\b|'\w+")
    return pipeline


def _factored(**options: object) -> Callable[[int], Pipeline]:
    def build(seed: int) -> Pipeline:
        settings = {"topic_c": TOPIC_C, "stance_c": STANCE_C, "neutral_stance": True, **options}
        return _with_classifier(TopicStanceClassifier(random_state=seed, **settings))(seed)

    return build


CANDIDATES: tuple[Candidate, ...] = (
    Candidate("shipped", f"topic x pooled 3-way stance x per-myth stance, "
              f"C={TOPIC_C:g} / {STANCE_C:g} / {PER_MYTH_STANCE_C:g}",
              lambda seed: build_pipeline(seed)),
    Candidate("no-per-myth-stance", "as shipped, without the per-myth stance expert",
              _factored()),
    Candidate("stance-2way", "no per-myth stance, pooled stance on myth/consistent only",
              _factored(neutral_stance=False)),
    Candidate("flat-logreg", f"one logistic regression over the 17 joint labels, C={C:g}",
              lambda seed: build_flat_pipeline(seed)),
    Candidate("flat-words-only", "flat, negation-marked words 1-2, no characters",
              lambda seed: build_flat_pipeline(seed, char_ngrams=None)),
    Candidate("flat-no-negation", "flat, plain words 1-2 + chars 2-5 (no negation marking)",
              _flat_without_negation),
    Candidate("flat-linear-svm", "flat, LinearSVC (no probabilities)",
              lambda seed: _with_classifier(
                  LinearSVC(C=0.5, class_weight="balanced", random_state=seed))(seed)),
    Candidate("flat-complement-nb", "flat, Complement naive Bayes",
              lambda seed: _with_classifier(ComplementNB(alpha=0.3))(seed)),
    Candidate("shipped-chars-3-6", "as shipped, character 3-6-grams",
              _factored_features(char_ngrams=(3, 6))),
    Candidate("shipped-words-1-3", "as shipped, word 1-3-grams",
              _factored_features(word_ngrams=(1, 3))),
)  # fmt: skip


@dataclass(frozen=True)
class CandidateScore:
    name: str
    description: str
    macro_f1_mean: float
    macro_f1_std: float
    fit_seconds: float


def compare(
    train: pd.DataFrame, seed: int, candidates: tuple[Candidate, ...] = CANDIDATES
) -> list[CandidateScore]:
    """Mean and spread of macro-F1 over stratified folds of ``train``, per candidate."""
    texts = np.array(train.text.tolist(), dtype=object)
    labels = np.array(train.label.tolist(), dtype=object)
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(texts, labels))
    scores = []
    with threadpool_limits(limits=1):
        for candidate in candidates:
            f1s, seconds = [], 0.0
            template = candidate.build(seed)
            for fit_rows, score_rows in folds:
                started = time.perf_counter()
                fitted = clone(template).fit(texts[fit_rows].tolist(), labels[fit_rows].tolist())
                seconds += time.perf_counter() - started
                predicted = fitted.predict(texts[score_rows].tolist())
                f1s.append(
                    f1_score(labels[score_rows], predicted, average="macro", zero_division=0)
                )
            scores.append(
                CandidateScore(
                    candidate.name,
                    candidate.description,
                    float(np.mean(f1s)),
                    float(np.std(f1s)),
                    seconds / FOLDS,
                )
            )
    return scores


LEARNING_CURVE_FRACTIONS = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class LearningCurvePoint:
    fraction: float
    rows: int
    macro_f1: float


def learning_curve(
    train: pd.DataFrame,
    validation: pd.DataFrame,
    seed: int,
    fractions: tuple[float, ...] = LEARNING_CURVE_FRACTIONS,
) -> list[LearningCurvePoint]:
    """Validation macro-F1 (joint labels, no abstention) of the shipped pipeline
    fitted on growing, nested, stratified shares of ``train``: how much more
    data would still buy."""
    order = np.random.default_rng(seed).permutation(len(train))
    shuffled = train.iloc[order]
    rank = shuffled.groupby("label").cumcount() / shuffled.groupby("label").label.transform("size")
    points = []
    with threadpool_limits(limits=1):
        for fraction in fractions:
            subset = shuffled[rank < fraction]
            fitted = build_pipeline(seed).fit(subset.text.tolist(), subset.label.tolist())
            predicted = fitted.predict(validation.text.tolist())
            f1 = f1_score(validation.label, predicted, average="macro", zero_division=0)
            points.append(LearningCurvePoint(fraction, len(subset), float(f1)))
    return points
