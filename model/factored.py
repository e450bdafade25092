"""A classifier that factors the joint label into topic and stance.

The flat alternative learns "myth" and "consistent" separately for every myth,
each from a few dozen rebuttals. Here one logistic regression learns the topic
(which myth, or none) from every text, and a second one learns the stance
(asserts vs rebuts) pooled over all myths, so that "isn't just", "won't",
"it's a myth that" are learnt once from every rebuttal in the corpus:

    P(myth_id, verdict) = P_topic(myth_id) * P_stance(verdict)
    P(no_match)         = P_topic(none)
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

from claims.corpus import NO_MATCH_LABEL, split_label

NO_TOPIC = "(none)"


class TopicStanceClassifier(ClassifierMixin, BaseEstimator):
    """Joint labels (``no_match``, ``<myth_id>:<verdict>``) from a topic and a stance model."""

    def __init__(
        self,
        topic_c: float = 10.0,
        stance_c: float = 10.0,
        class_weight: str | None = "balanced",
        max_iter: int = 2_000,
        random_state: int | None = None,
        neutral_stance: bool = False,
    ) -> None:
        self.neutral_stance = neutral_stance
        self.topic_c = topic_c
        self.stance_c = stance_c
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    def _regression(self, c: float) -> LogisticRegression:
        return LogisticRegression(
            C=c, class_weight=self.class_weight, max_iter=self.max_iter,
            random_state=self.random_state,
        )  # fmt: skip

    def fit(self, X, y) -> TopicStanceClassifier:
        labels = np.asarray(y, dtype=object)
        parsed = [split_label(label) for label in labels]
        topics = np.array([myth_id or NO_TOPIC for myth_id, _ in parsed], dtype=object)
        on_topic = topics != NO_TOPIC
        stances = np.array([verdict.value for _, verdict in parsed], dtype=object)
        self.topic_ = self._regression(self.topic_c).fit(X, topics)
        stance_rows = np.ones(len(labels), dtype=bool) if self.neutral_stance else on_topic
        self.stance_ = self._regression(self.stance_c).fit(X[stance_rows], stances[stance_rows])
        self.classes_ = np.array(sorted(set(labels)), dtype=object)
        topic_column = {t: i for i, t in enumerate(self.topic_.classes_)}
        stance_column = {s: i for i, s in enumerate(self.stance_.classes_)}
        self.layout_ = [
            (topic_column[NO_TOPIC], stance_column.get(NO_MATCH_LABEL))
            if label == NO_MATCH_LABEL
            else (topic_column[split_label(label)[0]], stance_column[split_label(label)[1].value])
            for label in self.classes_
        ]
        return self

    def predict_log_proba(self, X) -> np.ndarray:
        topic = self.topic_.predict_log_proba(X)
        stance = self.stance_.predict_log_proba(X)
        joint = np.empty((topic.shape[0], len(self.classes_)))
        for column, (topic_column, stance_column) in enumerate(self.layout_):
            joint[:, column] = topic[:, topic_column]
            if stance_column is not None:
                joint[:, column] += stance[:, stance_column]
        return joint - logsumexp(joint, axis=1, keepdims=True)

    def decision_function(self, X) -> np.ndarray:
        """Log-probabilities: the logits that temperature scaling divides."""
        return self.predict_log_proba(X)

    def predict_proba(self, X) -> np.ndarray:
        return np.exp(self.predict_log_proba(X))

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_log_proba(X), axis=1)]
