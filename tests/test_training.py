"""Training is seeded and deterministic, the shipped model beats the majority
baseline on the test split, and the learning curve is measured on nested
shares of the train split."""

from __future__ import annotations

import pytest

from claims.corpus import load_corpus
from claims.split import split_corpus
from model.evaluation import evaluate, majority_baseline
from model.selection import learning_curve
from model.threshold import best_smoothed
from model.training import fit_classifier

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def splits(catalogue):
    return split_corpus(load_corpus(catalogue=catalogue))


def test_training_twice_gives_identical_predictions(splits, catalogue, classifier):
    again = fit_classifier(splits["train"], splits["validation"], catalogue)
    texts = splits["test"].text.tolist()
    assert again.threshold == classifier.threshold
    assert again.temperature == pytest.approx(classifier.temperature)
    assert [r.model_dump() for r in again.check(texts)] == [
        r.model_dump() for r in classifier.check(texts)
    ]


def test_model_beats_the_majority_baseline_on_the_test_split(splits, classifier):
    metrics, _, _ = evaluate(classifier, splits["test"])
    baseline = majority_baseline(
        splits["train"].label.tolist(), splits["test"], classifier.space.myth_ids
    )
    assert metrics["macro_f1"] > baseline["macro_f1"] + 0.5
    assert metrics["accuracy"] > baseline["accuracy"]


def test_learning_curve_fits_nested_stratified_shares_of_the_train_split(splits):
    train = splits["train"].iloc[::4]
    points = learning_curve(train, splits["validation"], seed=1, fractions=(0.5, 1.0))
    assert [p.fraction for p in points] == [0.5, 1.0]
    assert points[1].rows == len(train)
    assert abs(points[0].rows - len(train) / 2) <= train.label.nunique()
    assert all(0.0 < p.macro_f1 <= 1.0 for p in points)
    assert points == learning_curve(train, splits["validation"], seed=1, fractions=(0.5, 1.0))


def test_threshold_choice_prefers_a_plateau_to_a_lone_spike():
    # macro-F1 over a threshold grid: a one-point spike at index 1, a broad
    # plateau from index 5 on. The plain maximum is the spike; the smoothed
    # one sits inside the plateau.
    curve = [0.80, 0.90, 0.80, 0.80, 0.80, 0.87, 0.87, 0.87, 0.87, 0.87, 0.70]
    assert max(range(len(curve)), key=curve.__getitem__) == 1
    assert best_smoothed(curve, steps=2) == 7
    assert best_smoothed(curve, steps=0) == 1


def test_threshold_choice_takes_the_lowest_of_equal_scores():
    assert best_smoothed([0.5, 0.5, 0.5], steps=1) == 0
    assert best_smoothed([0.4], steps=3) == 0
