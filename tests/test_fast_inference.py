"""The compiled scorer (model.fast_inference) gives the fitted pipeline's own
probabilities: on the whole corpus, one text at a time and in batches, on odd
inputs, and for the pipeline variants a Classifier may hold."""

from __future__ import annotations

import logging
import threading

import numpy as np
import pytest
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline

from claims.corpus import load_corpus
from claims.split import split_corpus
from model.calibration import scaled_probabilities
from model.fast_inference import FastScorer, UnsupportedPipelineError, compiled_scorer
from model.pipeline import build_features, build_flat_pipeline, build_pipeline

ATOL = 1e-9
ODD_TEXTS = [
    "☕☕☕ 🔥🔥 💪",
    "🧬 mTOR 🧬 switches ON 🔛 with coffee ☕️",
    "",
    "   ",
    "\u200b\u200d\ufeff",
    "!!! ??? ...",
    "x",
    "ab",
    "кофе активирует mTOR и это миф",
    "咖啡会激活mTOR吗",
    "القهوة تنشط mTOR",
    "Ｃｏｆｆｅｅ ａｃｔｉｖａｔｅｓ ｍＴＯＲ",
    "m-TOR m.t.o.r MTORC1 eMTOR m_tor",
    "a\tb\nc\r\nd  e",
    "coffee " * 400 + "activates mTOR",
    "fasting resets your body " * 80,
    "Rapamycin-only longevity: it's NOT about mTOR, isn't it? No. Never!",
    "naïve café résumé — coöperate",
    "a\ud800b lone surrogate",
]


def _reference(pipeline: Pipeline, texts: list[str], temperature: float = 1.0) -> np.ndarray:
    logits = np.asarray(pipeline.decision_function(texts), dtype=np.float64)
    return scaled_probabilities(logits, temperature)


def test_fast_probabilities_equal_the_pipelines_on_the_whole_corpus(classifier):
    texts = load_corpus().text.tolist() + ODD_TEXTS
    expected = _reference(classifier.pipeline, texts, classifier.temperature)
    assert np.allclose(classifier.probabilities(texts), expected, rtol=0, atol=ATOL)


def test_fast_probabilities_one_text_at_a_time_equal_the_pipelines(classifier):
    texts = load_corpus().text.tolist()[::7] + ODD_TEXTS
    expected = _reference(classifier.pipeline, texts, classifier.temperature)
    singles = np.vstack([classifier.probabilities([text]) for text in texts])
    assert np.allclose(singles, expected, rtol=0, atol=ATOL)


@pytest.mark.parametrize("text", ODD_TEXTS, ids=lambda t: repr(t[:24]))
def test_odd_text_scores_as_in_the_pipeline(classifier, text):
    expected = _reference(classifier.pipeline, [text], classifier.temperature)
    assert np.allclose(classifier.probabilities([text]), expected, rtol=0, atol=ATOL)


def test_features_are_the_vectorizers_own_numbers(classifier):
    # Given the compiled scorer of the shipped pipeline
    texts = load_corpus().text.tolist()[:500] + ODD_TEXTS
    scorer = FastScorer.compile(classifier.pipeline)
    union = classifier.pipeline.named_steps["features"]
    for (_, vectorizer), block in zip(union.transformer_list, scorer.blocks, strict=True):
        # When both turn the texts into TF-IDF rows
        expected = vectorizer.transform(texts)
        counts = block.counts(texts)
        rows = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))
        values = block.tfidf(counts.data, counts.indices, rows)
        # Then the columns and the float32 values are identical
        assert np.array_equal(counts.indptr, expected.indptr)
        assert np.array_equal(counts.indices, expected.indices)
        assert values.dtype == expected.dtype and np.array_equal(values, expected.data)


def test_empty_call_gives_an_empty_matrix(classifier):
    assert FastScorer.compile(classifier.pipeline).decision_function([]).shape == (
        0,
        len(classifier.classes),
    )


def test_scorer_is_compiled_once_even_when_threads_race(classifier):
    scorers = []
    threads = [
        threading.Thread(target=lambda: scorers.append(compiled_scorer(classifier.pipeline)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(scorer) for scorer in scorers}) == 1
    assert isinstance(scorers[0], FastScorer)


@pytest.fixture(scope="module")
def small_train():
    train = split_corpus(load_corpus())["train"]
    return train.text.iloc[::5].tolist(), train.label.iloc[::5].tolist()


VARIANTS = {
    "chars-4-6": lambda: build_pipeline(1, char_ngrams=(4, 6)),
    "chars-3-5-words-1-3": lambda: build_pipeline(1, char_ngrams=(3, 5), word_ngrams=(1, 3)),
    "words-only": lambda: build_pipeline(1, char_ngrams=None),
    "no-per-myth-stance": lambda: _without_per_myth_stance(build_pipeline(1)),
    "bigrams-only": lambda: build_pipeline(1, word_ngrams=(2, 2)),
    "flat-logreg": lambda: build_flat_pipeline(1),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", VARIANTS)
def test_pipeline_variant_scores_as_in_scikit_learn(name, small_train):
    pipeline = VARIANTS[name]().fit(*small_train)
    texts = load_corpus().text.tolist()[:300] + ODD_TEXTS
    scorer = FastScorer.compile(pipeline)
    expected = _reference(pipeline, texts)
    assert np.allclose(_scaled(scorer.decision_function(texts)), expected, rtol=0, atol=ATOL)
    singles = np.vstack([_scaled(scorer.decision_function([t])) for t in texts[:40]])
    assert np.allclose(singles, expected[:40], rtol=0, atol=ATOL)


@pytest.mark.slow
def test_two_way_stance_scores_as_in_scikit_learn(small_train):
    pipeline = build_pipeline(1)
    pipeline.named_steps["classifier"].set_params(neutral_stance=False)
    pipeline.fit(*small_train)
    assert len(pipeline.named_steps["classifier"].stance_.classes_) == 2
    texts = load_corpus().text.tolist()[:300] + ODD_TEXTS
    got = _scaled(FastScorer.compile(pipeline).decision_function(texts))
    assert np.allclose(got, _reference(pipeline, texts), rtol=0, atol=ATOL)


@pytest.mark.slow
def test_unsupported_pipeline_is_refused_by_name_and_scored_by_scikit_learn(small_train, caplog):
    pipeline = Pipeline([("features", build_features()), ("classifier", ComplementNB())])
    pipeline.fit(*small_train)
    with pytest.raises(UnsupportedPipelineError, match="ComplementNB"):
        FastScorer.compile(pipeline)
    with caplog.at_level(logging.WARNING, logger="model.fast_inference"):
        assert compiled_scorer(pipeline) is pipeline
    assert "not compiled" in caplog.text


def _without_per_myth_stance(pipeline: Pipeline) -> Pipeline:
    pipeline.named_steps["classifier"].set_params(per_myth_stance_c=None)
    return pipeline


def _scaled(logits: np.ndarray) -> np.ndarray:
    return scaled_probabilities(np.asarray(logits, dtype=np.float64), 1.0)
