"""The result contract (claims.result): make_result keeps the article's text for
matches only, clips and rounds confidences, keeps at most three candidates, and
what it builds round-trips through JSON unchanged."""

from __future__ import annotations

import pytest

from claims.catalogue import load_catalogue
from claims.corpus import load_corpus
from claims.result import MAX_CANDIDATES, Candidate, CheckResult, NoMatchReason, make_result
from claims.verdict import Verdict


def _revalidated(result: CheckResult) -> CheckResult:
    return CheckResult.model_validate_json(result.model_dump_json())


def test_a_match_carries_the_articles_text_and_survives_validation():
    myth = load_catalogue()["coffee-activates-mtor"]
    candidates = [
        Candidate(myth_id="coffee-activates-mtor", confidence=0.95),
        Candidate(myth_id="more-mtor-better-for-muscle", confidence=0.03),
    ]
    result = make_result("coffee switches mTOR on", Verdict.MYTH, myth, 0.912345, candidates)
    assert _revalidated(result) == result
    assert (result.myth_id, result.reality) == (myth.myth_id, myth.reality)
    assert result.confidence == 0.9123
    assert result.reason is None


def test_no_match_drops_the_myth_and_keeps_the_reason():
    myth = load_catalogue()["coffee-activates-mtor"]
    result = make_result("nice weather", Verdict.NO_MATCH, myth, 0.8,
                         [Candidate(myth_id="coffee-activates-mtor", confidence=0.1)],
                         NoMatchReason.NO_MYTH)  # fmt: skip
    assert _revalidated(result) == result
    assert result.myth_id is result.reality is result.explanation is None
    assert result.reason is NoMatchReason.NO_MYTH


@pytest.mark.parametrize("raw, kept", [(-0.2, 0.0), (1.7, 1.0), (0.123456, 0.1235)])
def test_the_confidence_is_clipped_and_rounded(raw, kept):
    result = make_result("x y z", Verdict.NO_MATCH, None, raw, [])
    assert result.confidence == kept
    assert _revalidated(result) == result


def test_at_most_three_candidates():
    ids = load_catalogue().ids
    candidates = [Candidate(myth_id=i, confidence=0.1) for i in ids]
    result = make_result("x y z", Verdict.NO_MATCH, None, 0.5, candidates)
    assert [c.myth_id for c in result.candidates] == list(ids[:MAX_CANDIDATES])


def test_every_result_on_the_corpus_round_trips_through_json(classifier):
    texts = load_corpus().text.tolist()[::3]
    for result in classifier.check(texts):
        assert _revalidated(result) == result
