"""The topic x stance model (model.factored) on small hand-made data: each
expert learns what it is for, and the joint labels are a distribution."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from model.factored import TopicStanceClassifier, _shared_and_own

# A stance cue whose meaning depends on the myth: "always" marks the muscle
# myth's texts and the rapamycin myth's rebuttals, "sometimes" the other way
# round. For one pooled linear stance model this is an XOR; the per-myth expert,
# with its own weights for each myth, can learn it.
TEXTS = [
    *(["muscle always"] * 6),
    *(["muscle sometimes"] * 6),
    *(["rapamycin always"] * 6),
    *(["rapamycin sometimes"] * 6),
    *(["weather sunny"] * 6),
]
LABELS = [
    *(["more-mtor-better-for-muscle:myth"] * 6),
    *(["more-mtor-better-for-muscle:consistent"] * 6),
    *(["mtor-is-just-rapamycin-pathway:consistent"] * 6),
    *(["mtor-is-just-rapamycin-pathway:myth"] * 6),
    *(["no_match"] * 6),
]


@pytest.fixture(scope="module")
def features():
    vectorizer = CountVectorizer().fit(TEXTS)
    return vectorizer, vectorizer.transform(TEXTS).astype(np.float32)


def _fit(features, per_myth_stance_c):
    return TopicStanceClassifier(
        topic_c=10.0, stance_c=10.0, neutral_stance=True, per_myth_stance_c=per_myth_stance_c
    ).fit(features[1], LABELS)


def test_the_per_myth_expert_learns_a_cue_that_means_opposite_things_per_myth(features):
    assert _fit(features, 10.0).predict(features[1]).tolist() == LABELS


def test_without_it_the_pooled_stance_cannot_tell_those_stances_apart(features):
    model = _fit(features, None)
    probabilities = model.predict_proba(features[1])
    on_topic = [i for i, label in enumerate(LABELS) if label != "no_match"]
    gold = [list(model.classes_).index(LABELS[i]) for i in on_topic]
    assert (probabilities[on_topic, gold] < 0.6).all()


@pytest.mark.parametrize("per_myth_stance_c", [None, 10.0])
def test_joint_probabilities_are_a_distribution(features, per_myth_stance_c):
    vectorizer, _ = features
    unseen = vectorizer.transform(["always sometimes", "", "muscle rapamycin"]).astype(np.float32)
    probabilities = _fit(features, per_myth_stance_c).predict_proba(unseen)
    assert probabilities.shape == (3, 5)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert (probabilities >= 0).all()


def test_the_per_myth_expert_is_absent_when_not_asked_for(features):
    assert _fit(features, None).per_myth_weights_ is None
    weights = _fit(features, 10.0).per_myth_weights_
    assert weights.shape == (2, features[1].shape[1])


def test_shared_and_own_copies_each_row_into_the_shared_and_its_own_block():
    rows = sp.csr_matrix(np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]], dtype=np.float32))
    augmented = _shared_and_own(rows, np.array([2, 1]), count=2).toarray()
    assert augmented.shape == (2, 9)
    assert augmented[0].tolist() == [1, 0, 2, 0, 0, 0, 1, 0, 2]
    assert augmented[1].tolist() == [0, 3, 0, 0, 3, 0, 0, 0, 0]
