"""The one function that builds the classifier's scikit-learn pipeline, and its
hyperparameters as named constants.

Features: TF-IDF over negation-marked word 1-2-grams (stance, phrasing) and
over character 2-5-grams within word boundaries (typos, spelling variants,
morphology). Model: a topic model, a stance model pooled over all myths and a
per-myth stance expert (``model.factored``), combined into the joint labels
``no_match`` and ``<myth_id>:<verdict>``, whose log-probabilities are later temperature-scaled
on the validation split. ``mythcheck compare`` shows the alternatives.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from model.factored import TopicStanceClassifier
from model.preprocess import mark_negation, normalise

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
MIN_DF = 2  # drop features seen in a single training text: they only memorise
SUBLINEAR_TF = True  # log-scaled counts: repeating a word is weak evidence
TOPIC_C = 30.0  # weak regularisation for the topic: its words are strong, specific evidence
STANCE_C = 3.0  # stronger regularisation for the pooled stance: its cues are small words
PER_MYTH_STANCE_C = 10.0  # the per-myth stance expert: shared plus per-myth weights
C = 10.0  # the flat logistic regression's C (the alternative in `mythcheck compare`)
CLASS_WEIGHT = "balanced"  # consistent texts are rarer than myth texts
MAX_ITER = 2_000

HYPERPARAMETERS: dict[str, Any] = {
    "word_ngrams": WORD_NGRAMS,
    "char_ngrams": CHAR_NGRAMS,
    "min_df": MIN_DF,
    "sublinear_tf": SUBLINEAR_TF,
    "model": "topic x stance x per-myth stance (model.factored.TopicStanceClassifier)",
    "topic_C": TOPIC_C,
    "stance_C": STANCE_C,
    "per_myth_stance_C": PER_MYTH_STANCE_C,
    "neutral_stance": True,
    "class_weight": CLASS_WEIGHT,
    "max_iter": MAX_ITER,
}


def _whitespace_tokens(text: str) -> list[str]:
    return text.split()


def build_features(
    word_ngrams: tuple[int, int] = WORD_NGRAMS,
    char_ngrams: tuple[int, int] | None = CHAR_NGRAMS,
    min_df: int = MIN_DF,
) -> FeatureUnion:
    """The sparse text features; ``char_ngrams=None`` leaves the characters out."""
    parts = [
        (
            "words",
            TfidfVectorizer(
                preprocessor=mark_negation,
                tokenizer=_whitespace_tokens,
                token_pattern=None,
                lowercase=False,
                ngram_range=word_ngrams,
                min_df=min_df,
                sublinear_tf=SUBLINEAR_TF,
                dtype=np.float32,
            ),
        )
    ]
    if char_ngrams is not None:
        parts.append(
            (
                "chars",
                TfidfVectorizer(
                    preprocessor=normalise,
                    analyzer="char_wb",
                    lowercase=False,
                    ngram_range=char_ngrams,
                    min_df=min_df,
                    sublinear_tf=SUBLINEAR_TF,
                    dtype=np.float32,
                ),
            )
        )
    return FeatureUnion(parts)


def build_pipeline(seed: int, **feature_options: Any) -> Pipeline:
    """The shipped pipeline: features plus the topic x stance model, seeded;
    ``fit`` on texts and joint labels."""
    return Pipeline(
        [
            ("features", build_features(**feature_options)),
            (
                "classifier",
                TopicStanceClassifier(
                    topic_c=TOPIC_C,
                    stance_c=STANCE_C,
                    class_weight=CLASS_WEIGHT,
                    max_iter=MAX_ITER,
                    random_state=seed,
                    neutral_stance=True,
                    per_myth_stance_c=PER_MYTH_STANCE_C,
                ),
            ),
        ]
    )


def build_flat_pipeline(seed: int, c: float = C, **feature_options: Any) -> Pipeline:
    """The alternative: one multinomial logistic regression over the joint labels."""
    return Pipeline(
        [
            ("features", build_features(**feature_options)),
            (
                "classifier",
                LogisticRegression(
                    C=c, class_weight=CLASS_WEIGHT, max_iter=MAX_ITER, random_state=seed
                ),
            ),
        ]
    )
