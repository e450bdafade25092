"""The hot path: a fitted pipeline compiled into a lean scorer that computes the
same logits as ``pipeline.decision_function``, without scikit-learn's per-call
work (parameter validation, FeatureUnion's joblib dispatch, and a Python-level
dictionary lookup for every character n-gram of every text).

It keeps from the pipeline each TfidfVectorizer's own preprocessor, tokenizer,
vocabulary and idf vector (``model.fast_features``), and the coefficients and
intercepts of the logistic regressions, side by side, so that one sparse @
dense product scores both. Every step runs in the dtypes and the order
scikit-learn uses (float32 features, float32 dot products added in column
order, float64 joint labels); only the final log-sum-exp is plain NumPy, so
the logits agree to about 1e-15 and the probabilities to about 1e-16. A single
text skips scipy.sparse altogether.

``compiled_scorer(pipeline)`` builds the scorer once per fitted pipeline,
lazily and thread-safely; the artifact still stores the scikit-learn pipeline.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from model.factored import TopicStanceClassifier
from model.fast_features import FeatureBlock, UnsupportedPipelineError, feature_block

CHUNK = 2_000
"""Texts featurised at once: bounds the memory of a large call."""
SMALL = 4
"""Up to this many texts, each is scored on its own, without scipy.sparse."""

logger = logging.getLogger(__name__)
__all__ = ["FastScorer", "UnsupportedPipelineError", "compiled_scorer"]


class FastScorer:
    """The logits of a fitted mythcheck pipeline, computed without scikit-learn."""

    def __init__(
        self,
        blocks: list[FeatureBlock],
        weights: np.ndarray,
        intercept: np.ndarray,
        head: _Head,
        decode: Callable[[object], str],
    ) -> None:
        self.blocks = blocks
        self.weights = weights  # (features, outputs): both regressions side by side
        self.intercept = intercept
        self.head = head
        self.decode = decode  # bytes to str, as the vectorizers do

    @classmethod
    def compile(cls, pipeline: Pipeline) -> FastScorer:
        """Read a fitted FeatureUnion of TfidfVectorizers followed by a
        TopicStanceClassifier or a LogisticRegression; raise
        UnsupportedPipelineError for anything else."""
        if len(pipeline.steps) != 2 or not isinstance(pipeline.steps[0][1], FeatureUnion):
            raise UnsupportedPipelineError("expected a pipeline of a FeatureUnion and a classifier")
        union, estimator = pipeline.steps[0][1], pipeline.steps[1][1]
        if union.transformer_weights:
            raise UnsupportedPipelineError("FeatureUnion transformer_weights are not supported")
        head, coefficients, intercept = _head(estimator)
        blocks, offset = [], 0
        for name, vectorizer in union.transformer_list:
            blocks.append(feature_block(name, vectorizer, offset))
            offset += len(vectorizer.vocabulary_)
        if offset != coefficients.shape[1]:
            raise UnsupportedPipelineError(f"{offset} features but {coefficients.shape[1]} weights")
        if len({block.idf.dtype for block in blocks}) != 1:
            raise UnsupportedPipelineError("the vectorizers have different dtypes")
        weights = np.ascontiguousarray(coefficients.T)
        return cls(blocks, weights, intercept, head, union.transformer_list[0][1].decode)

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """The same (texts x classes) array as ``pipeline.decision_function``."""
        texts = [text if isinstance(text, str) else self.decode(text) for text in texts]
        if len(texts) <= SMALL:
            scores = np.array([self._one(text) for text in texts], self.weights.dtype)
        else:
            scores = np.vstack([self._many(texts[i : i + CHUNK])
                                for i in range(0, len(texts), CHUNK)])  # fmt: skip
        return self.head(scores.reshape(len(texts), self.weights.shape[1]) + self.intercept)

    def _many(self, texts: list[str]) -> np.ndarray:
        """Linear scores of a batch: the features as one CSR matrix, times the weights
        (scipy adds each row's terms in column order, as in scikit-learn)."""
        parts = []
        for block in self.blocks:
            counts = block.counts(texts)
            rows = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))
            counts.data = block.tfidf(counts.data, counts.indices, rows)
            parts.append(counts)
        return sp.hstack(parts, format="csr") @ self.weights

    def _one(self, text: str) -> np.ndarray:
        """Linear scores of one text: the same products, added in the same order."""
        values, columns = [], []
        for block in self.blocks:
            local, counts = block.found(text)
            if len(local):
                values.append(block.tfidf(counts, local, np.zeros(len(local), np.intp)))
                columns.append(local + block.offset)
        if not values:
            return np.zeros(self.weights.shape[1], self.weights.dtype)
        products = np.concatenate(values)[:, None] * self.weights[np.concatenate(columns)]
        return products.sum(axis=0)  # down the rows of a C-ordered array: one by one


_Head = Callable[[np.ndarray], np.ndarray]


def _head(estimator: object) -> tuple[_Head, np.ndarray, np.ndarray]:
    """What turns the linear scores into the estimator's ``decision_function``,
    and the coefficients and intercepts it needs, side by side."""
    if isinstance(estimator, LogisticRegression):
        return _flat, estimator.coef_, estimator.intercept_
    if not isinstance(estimator, TopicStanceClassifier):
        raise UnsupportedPipelineError(f"classifier {type(estimator).__name__} is not supported")
    topic, stance = estimator.topic_, estimator.stance_
    split = topic.coef_.shape[0]
    stance_end = split + stance.coef_.shape[0]
    topic_columns = np.array([t for t, _ in estimator.layout_])
    stance_columns = np.array([-1 if s is None else s for _, s in estimator.layout_])
    per_myth = getattr(estimator, "per_myth_weights_", None)

    def joint(scores: np.ndarray) -> np.ndarray:
        topic_log = _log_proba(np.ascontiguousarray(scores[:, :split]))
        stance_log = _log_proba(np.ascontiguousarray(scores[:, split:stance_end]))
        logits = topic_log[:, topic_columns].astype(np.float64, order="C")  # as in factored
        logits += np.where(stance_columns >= 0, stance_log[:, stance_columns], 0.0)
        if per_myth is not None:
            logits += estimator.per_myth_log_proba(scores[:, stance_end:])
        return logits - _logsumexp(logits)

    coefficients = [topic.coef_, stance.coef_]
    intercepts = [topic.intercept_, stance.intercept_]
    if per_myth is not None:
        coefficients.append(per_myth)
        intercepts.append(np.full(per_myth.shape[0], estimator.per_myth_intercept_))
    return joint, np.vstack(coefficients), np.concatenate(intercepts)


def _logsumexp(logits: np.ndarray) -> np.ndarray:
    """log(sum(exp)) per row, kept as a column. Plain NumPy: scipy's version, which
    scikit-learn uses here, costs tens of microseconds per call in array-API
    dispatch; the two differ in the last bits (about 1e-16), and the calibrated
    probabilities, a softmax, do not depend on this per-row constant at all."""
    peak = logits.max(axis=1, keepdims=True)
    return np.log(np.exp(logits - peak).sum(axis=1, keepdims=True)) + peak


def _flat(scores: np.ndarray) -> np.ndarray:
    return scores


def _log_proba(scores: np.ndarray) -> np.ndarray:
    """LogisticRegression.predict_log_proba from its decision scores."""
    if scores.shape[1] == 1:  # binary: scikit-learn's OvR expit form
        positive = expit(scores.reshape(-1))
        return np.log(np.stack([1 - positive, positive], axis=1))
    probabilities = scores - scores.max(axis=1, keepdims=True)
    np.exp(probabilities, out=probabilities)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    return np.log(probabilities)


_SCORERS: weakref.WeakKeyDictionary[Pipeline, FastScorer] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def compiled_scorer(pipeline: Pipeline) -> FastScorer | Pipeline:
    """The scorer of a fitted ``pipeline``, compiled on first use, once, under a lock;
    the pipeline itself (slower, same answers) when it cannot be compiled."""
    scorer = _SCORERS.get(pipeline)
    if scorer is None:
        with _LOCK:
            scorer = _SCORERS.get(pipeline)
            if scorer is None:
                try:
                    scorer = FastScorer.compile(pipeline)
                except UnsupportedPipelineError as error:
                    logger.warning("scoring with scikit-learn, not compiled: %s", error)
                    scorer = pipeline
                _SCORERS[pipeline] = scorer
    return scorer
