"""The labelled corpus: valid labels, minimums met, no duplicates, no copies of
the outside evaluation set, and a split that is deterministic, stratified and
leak-free."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from claims.corpus import STYLES, load_corpus
from claims.errors import CorpusError
from claims.split import PARTS, assign_splits, split_corpus
from claims.stats import corpus_stats
from claims.text import duplicate_key


@pytest.fixture(scope="module")
def corpus(catalogue) -> pd.DataFrame:
    return load_corpus(catalogue=catalogue)


def test_every_row_has_a_known_myth_and_a_valid_verdict(corpus, catalogue):
    on_topic = corpus[corpus.verdict != "no_match"]
    assert set(on_topic.myth_id) == set(catalogue.ids)
    assert set(corpus.verdict) == {"myth", "consistent", "no_match"}
    assert (corpus[corpus.verdict == "no_match"].myth_id == "").all()
    assert set(corpus["style"]) == set(STYLES)


def test_corpus_meets_every_minimum(corpus, catalogue):
    stats = corpus_stats(corpus, catalogue)
    assert stats.shortfalls == []
    assert stats.hard_negative_share >= 0.40


def test_corpus_has_no_duplicates_after_normalisation(corpus):
    keys = corpus.text.map(duplicate_key)
    assert not keys.duplicated().any(), corpus.text[keys.duplicated()].tolist()[:5]


def test_split_is_deterministic(corpus):
    assert assign_splits(corpus).equals(assign_splits(corpus.copy()))


def test_split_has_no_text_in_two_parts(corpus):
    parts = split_corpus(corpus)
    keys = {name: set(frame.text.map(duplicate_key)) for name, frame in parts.items()}
    assert not keys["train"] & keys["validation"]
    assert not keys["train"] & keys["test"]
    assert not keys["validation"] & keys["test"]
    assert sum(len(frame) for frame in parts.values()) == len(corpus)


def test_split_is_stratified_by_label(corpus):
    parts = assign_splits(corpus)
    for label, group in corpus.groupby("label"):
        shares = parts[group.index].value_counts(normalize=True).reindex(PARTS, fill_value=0)
        assert shares["train"] == pytest.approx(0.70, abs=0.03), label
        assert shares["test"] == pytest.approx(0.15, abs=0.03), label


def test_split_is_stable_when_a_row_is_added(corpus):
    before = assign_splits(corpus)
    extra = pd.DataFrame(
        [
            {
                "text": "A brand new neutral sentence about gardening.",
                "myth_id": "",
                "verdict": "no_match",
                "style": "blog",
                "label": "no_match",
            }
        ]
    )
    after = assign_splits(pd.concat([corpus, extra], ignore_index=True))
    moved = (before != after[: len(before)]).sum()
    assert moved <= 2


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("hello,not-a-myth,myth,tweet", "field myth_id: 'not-a-myth' is not a catalogued myth"),
        ("hello,,maybe,tweet", "field verdict: 'maybe'"),
        ("hello,coffee-activates-mtor,no_match,tweet", "must be empty for no_match"),
        (",,no_match,tweet", "field text: empty"),
        ("hello,,no_match,limerick", "field style: 'limerick'"),
    ],
)
def test_malformed_corpus_row_is_named(tmp_path, catalogue, row, expected):
    path = tmp_path / "bad.csv"
    path.write_text("text,myth_id,verdict,style\n" + row + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="row 2") as raised:
        load_corpus(path, catalogue)
    assert expected in str(raised.value)


def test_corpus_without_style_column_is_accepted(tmp_path, catalogue):
    path = tmp_path / "eval.csv"
    path.write_text("text,myth_id,verdict\nCoffee switches mTOR on,coffee-activates-mtor,myth\n")
    assert load_corpus(path, catalogue).label.tolist() == ["coffee-activates-mtor:myth"]


STRANGERS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "strangers-dev.csv"


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.casefold()))


@pytest.mark.skipif(not STRANGERS.exists(), reason=f"no outside evaluation set at {STRANGERS}")
def test_no_corpus_text_repeats_or_closely_paraphrases_an_outside_evaluation_text(corpus):
    """The outside set is only worth something while the model has not seen it:
    no exact duplicate, and no text sharing 70 % of its words (Jaccard) with one.
    The offending texts are counted, never printed."""
    outside = pd.read_csv(STRANGERS, keep_default_na=False).text
    outside_keys = set(outside.map(duplicate_key))
    outside_words = [_words(text) for text in outside]
    exact = corpus.text.map(duplicate_key).isin(outside_keys).sum()
    near = sum(
        len(words) >= 4 and any(len(words & o) / len(words | o) >= 0.7 for o in outside_words)
        for words in corpus.text.map(_words)
    )
    assert (exact, near) == (0, 0)
