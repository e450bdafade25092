"""A classifier that factors the joint label into topic and stance.

The flat alternative learns "myth" and "consistent" separately for every myth,
each from a few dozen rebuttals. Here one logistic regression learns the topic
(which myth, or none) from every text, and a second one learns the stance
(asserts vs rebuts) pooled over all myths, so that "isn't just", "won't",
"it's a myth that" are learnt once from every rebuttal in the corpus:

    P(myth_id, verdict) ∝ P_topic(myth_id) * P_stance(verdict)
    P(no_match)         ∝ P_topic(none) * P_stance(no_match)

Some stance cues belong to one myth ("only" rebuts the rapamycin myth, "always"
asserts the muscle one), so a third expert, when ``per_myth_stance_c`` is set,
learns myth vs consistent from the myths' own texts over the features twice
over: once shared by every myth and once for that myth alone (the "feature
augmentation" of domain adaptation). Its weights for a myth are the sum of the
two copies, so scoring it costs one more column per myth:

    P(myth_id, verdict) ∝ P_topic(myth_id) * P_stance(verdict) * P_stance(verdict | myth_id)
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.special import log_expit, logsumexp
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
        per_myth_stance_c: float | None = None,
    ) -> None:
        self.neutral_stance = neutral_stance
        self.per_myth_stance_c = per_myth_stance_c
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
        self._fit_per_myth_stance(X, topics, stances)
        return self

    def _fit_per_myth_stance(self, X, topics: np.ndarray, stances: np.ndarray) -> None:
        """The third expert: P(myth | text, myth_id) from shared plus per-myth weights."""
        self.per_myth_topics_ = np.array(sorted(set(topics) - {NO_TOPIC}), dtype=object)
        if self.per_myth_stance_c is None:
            self.per_myth_weights_ = None
            return
        on_topic = np.flatnonzero(topics != NO_TOPIC)
        block = {t: i + 1 for i, t in enumerate(self.per_myth_topics_)}
        augmented = _shared_and_own(
            sp.csr_matrix(X[on_topic]), np.array([block[t] for t in topics[on_topic]]), len(block)
        )
        width = X.shape[1]
        asserts = stances[on_topic] == "myth"
        expert = self._regression(self.per_myth_stance_c).fit(augmented, asserts)
        coef = expert.coef_[0].reshape(len(block) + 1, width)
        self.per_myth_weights_ = np.ascontiguousarray(coef[1:] + coef[0])  # (myths, features)
        self.per_myth_intercept_ = expert.intercept_[0]
        myth_index = {t: i for i, t in enumerate(self.per_myth_topics_)}
        layout = [
            (-1, False) if label == NO_MATCH_LABEL
            else (myth_index[split_label(label)[0]], split_label(label)[1].value == "myth")
            for label in self.classes_
        ]  # fmt: skip
        self.per_myth_columns_ = np.array([myth for myth, _ in layout])
        self.per_myth_signs_ = np.array([1.0 if asserts else -1.0 for _, asserts in layout])

    def predict_log_proba(self, X) -> np.ndarray:
        topic = self.topic_.predict_log_proba(X)
        stance = self.stance_.predict_log_proba(X)
        joint = np.empty((topic.shape[0], len(self.classes_)))
        for column, (topic_column, stance_column) in enumerate(self.layout_):
            joint[:, column] = topic[:, topic_column]
            if stance_column is not None:
                joint[:, column] += stance[:, stance_column]
        if self.per_myth_weights_ is not None:
            per_myth_scores = X @ self.per_myth_weights_.T + self.per_myth_intercept_
            joint += self.per_myth_log_proba(per_myth_scores)
        return joint - logsumexp(joint, axis=1, keepdims=True)

    def per_myth_log_proba(self, scores: np.ndarray) -> np.ndarray:
        """The third expert's log-probability for every joint label (0 for no_match),
        from its decision scores ``X @ per_myth_weights_.T + per_myth_intercept_``,
        one column per myth."""
        scores = np.asarray(scores)
        columns = self.per_myth_columns_
        log_p = log_expit(self.per_myth_signs_ * scores[:, np.maximum(columns, 0)])
        return np.where(columns >= 0, log_p, 0.0)

    def decision_function(self, X) -> np.ndarray:
        """Log-probabilities: the logits that temperature scaling divides."""
        return self.predict_log_proba(X)

    def predict_proba(self, X) -> np.ndarray:
        return np.exp(self.predict_log_proba(X))

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_log_proba(X), axis=1)]


def _shared_and_own(rows: sp.csr_matrix, blocks: np.ndarray, count: int) -> sp.csr_matrix:
    """Each row's features twice: in the shared columns ``[0, width)`` and in
    its own block's, ``[k * width, (k + 1) * width)`` for block ``k`` of ``count``."""
    width = rows.shape[1]
    entries = rows.tocoo()
    row = np.concatenate([entries.row, entries.row])
    column = np.concatenate([entries.col, entries.col + width * blocks[entries.row]])
    data = np.concatenate([entries.data, entries.data])
    return sp.csr_matrix((data, (row, column)), shape=(rows.shape[0], width * (count + 1)))
