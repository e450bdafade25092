"""The classifier through its public Python API: golden claims, rebuttals,
abstention, awkward input, the result contract and reproducibility."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claims.errors import InputError
from claims.result import CheckResult, NoMatchReason
from claims.text import MAX_CLAIM_CHARS
from claims.verdict import Verdict

GOLDEN = Path(__file__).parent / "golden"


def _golden_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted(GOLDEN.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


@pytest.mark.parametrize("row", _golden_rows(), ids=lambda row: row["text"][:48])
def test_golden_claim_gets_its_myth_and_verdict(classifier, row):
    result = classifier.check_one(row["text"])
    assert (result.myth_id or "", result.verdict.value) == (row["myth_id"], row["verdict"])


def test_match_carries_the_articles_reality_and_explanation(classifier, catalogue):
    result = classifier.check_one("Fasting turns off mTOR and resets your whole body.")
    assert result.myth_id == "fasting-resets-via-mtor"
    myth = catalogue["fasting-resets-via-mtor"]
    assert (result.reality, result.explanation, result.myth) == (
        myth.reality,
        myth.explanation,
        myth.myth,
    )
    assert 0.0 <= result.confidence <= 1.0
    assert result.candidates[0].myth_id == "fasting-resets-via-mtor"
    assert 1 <= len(result.candidates) <= 3
    confidences = [c.confidence for c in result.candidates]
    assert confidences == sorted(confidences, reverse=True)


def test_no_match_has_no_article_text_and_a_reason(classifier):
    result = classifier.check_one("The train to Leeds was delayed by twenty minutes this morning.")
    assert result.verdict is Verdict.NO_MATCH
    assert (result.myth_id, result.reality, result.explanation, result.myth) == (
        None,
        None,
        None,
        None,
    )
    assert result.reason is not None


def test_results_come_back_in_input_order(classifier):
    claims = [
        "Coffee reliably activates mTOR.",
        "I walked the dog in the park.",
        "Berberine shuts down mTOR like rapamycin does.",
    ]
    results = classifier.check(claims)
    assert [r.claim for r in results] == claims
    assert [r.myth_id for r in results] == [
        "coffee-activates-mtor",
        None,
        "berberine-shuts-down-mtor",
    ]


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        ("mTOR", NoMatchReason.TOO_SHORT),
        ("🔥🔥🔥", NoMatchReason.TOO_SHORT),
        ("12345 678", NoMatchReason.TOO_SHORT),
        (
            "Der Kaffee aktiviert zuverlässig den Wachstumsschalter in unseren Zellen.",
            NoMatchReason.UNFAMILIAR_LANGUAGE,
        ),
        ("咖啡可以可靠地激活mTOR通路吗这是真的", NoMatchReason.TOO_SHORT),
    ],
)
def test_unjudgeable_input_gets_no_match_with_a_reason(classifier, claim, reason):
    result = classifier.check_one(claim)
    assert result.verdict is Verdict.NO_MATCH
    assert result.reason is reason


@pytest.mark.parametrize("claim", ["", "   ", "\n\t "])
def test_empty_claim_is_rejected(classifier, claim):
    with pytest.raises(InputError, match="empty") as raised:
        classifier.check_one(claim)
    assert raised.value.code == "empty_claim"


def test_claim_over_the_limit_is_rejected_not_crashed(classifier):
    with pytest.raises(InputError, match="limit") as raised:
        classifier.check_one("coffee activates mTOR " * 5_000)  # ~100 KB
    assert raised.value.code == "claim_too_long"
    assert classifier.check_one("x" * (MAX_CLAIM_CHARS - 20) + " coffee mTOR").verdict


@pytest.mark.parametrize(
    "claim",
    [
        "\x00\x01coffee\x7f activates\u200b mTOR\x1b[31m",
        "café ☕️ → mTOR ↑↑↑ 💪💪",
        "<script>alert(1)</script>",
        "Ⓒⓞⓕⓕⓔⓔ ⓐⓒⓣⓘⓥⓐⓣⓔⓢ ⓜⓣⓞⓡ",
    ],
)
def test_awkward_input_gets_an_answer(classifier, claim):
    result = classifier.check_one(claim)
    assert isinstance(result, CheckResult)


def test_lone_surrogate_is_rejected_as_invalid_text(classifier):
    with pytest.raises(InputError) as raised:
        classifier.check_one("\ud800 lone surrogate mTOR coffee")
    assert raised.value.code == "invalid_text"


@pytest.mark.parametrize("bad", [None, 42, ["coffee"], b"coffee activates mTOR"])
def test_non_text_claim_is_rejected(classifier, bad):
    with pytest.raises(InputError) as raised:
        classifier.check_one(bad)  # type: ignore[arg-type]
    assert raised.value.code == "invalid_type"


def test_bad_item_in_a_batch_is_named_by_position(classifier):
    with pytest.raises(InputError, match="claim 2"):
        classifier.check(["coffee activates mTOR", "  "])


def test_min_confidence_trades_recall_for_precision(classifier):
    claim = "coffee might do something to mTOR, who knows"
    strict = classifier.check_one(claim, min_confidence=1.0)
    lenient = classifier.check_one(claim, min_confidence=0.0)
    assert strict.verdict is Verdict.NO_MATCH
    assert lenient.verdict is not Verdict.NO_MATCH
    with pytest.raises(InputError, match="between 0 and 1"):
        classifier.check_one(claim, min_confidence=1.5)


def test_rebuttal_reusing_the_myths_words_is_consistent(classifier):
    myth = classifier.check_one("Coffee definitely activates mTOR.")
    rebuttal = classifier.check_one("Coffee doesn't reliably activate mTOR.")
    assert (myth.myth_id, myth.verdict) == ("coffee-activates-mtor", Verdict.MYTH)
    assert (rebuttal.myth_id, rebuttal.verdict) == ("coffee-activates-mtor", Verdict.CONSISTENT)


def test_concurrent_checks_agree_with_sequential_ones(classifier):
    from concurrent.futures import ThreadPoolExecutor

    claims = [
        f"Claim {i}: fasting turns off mTOR and resets you"
        if i % 2
        else f"Claim {i}: coffee does not reliably activate mTOR"
        for i in range(40)
    ]
    sequential = [classifier.check_one(c) for c in claims]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(classifier.check_one, claims))
    assert parallel == sequential
