"""POST /v1/check and /v1/check/batch: the result contract, order, limits,
min_confidence, and swapping the model through the dependency."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_api_helpers import COFFEE_REBUTTAL, FASTING_MYTH, api_client, assert_error

from claims.result import CheckResult, NoMatchReason
from claims.text import MAX_CLAIM_CHARS
from claims.verdict import Verdict
from service.api.deps import get_classifier
from service.api.settings import MAX_BATCH


@pytest.fixture(scope="module")
def client(model_dir) -> Iterator[TestClient]:
    with api_client(model_dir) as client:
        yield client


def test_check_returns_exactly_the_classifiers_result(client, classifier):
    response = client.post("/v1/check", json={"claim": FASTING_MYTH})
    assert response.status_code == 200
    assert response.json() == classifier.check_one(FASTING_MYTH).model_dump(mode="json")
    assert CheckResult.model_validate(response.json()).verdict is Verdict.MYTH


def test_check_fasting_myth_is_a_myth_with_the_articles_reality(client, catalogue):
    result = client.post("/v1/check", json={"claim": FASTING_MYTH}).json()
    myth = catalogue["fasting-resets-via-mtor"]
    assert (result["verdict"], result["myth_id"]) == ("myth", "fasting-resets-via-mtor")
    assert (result["reality"], result["explanation"]) == (myth.reality, myth.explanation)


def test_check_rebuttal_of_coffee_myth_is_consistent(client):
    result = client.post("/v1/check", json={"claim": COFFEE_REBUTTAL}).json()
    assert (result["verdict"], result["myth_id"]) == ("consistent", "coffee-activates-mtor")


def test_check_off_topic_claim_is_no_match_with_a_reason(client):
    result = client.post("/v1/check", json={"claim": "The train to Leeds leaves at nine."}).json()
    assert result["verdict"] == "no_match"
    assert result["myth_id"] is None and result["reality"] is None
    assert result["reason"] in {reason.value for reason in NoMatchReason}


def test_batch_answers_in_input_order(client, classifier):
    claims = [COFFEE_REBUTTAL, "The train to Leeds leaves at nine.", FASTING_MYTH]
    response = client.post("/v1/check/batch", json={"claims": claims})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["claim"] for r in results] == claims
    assert results == [r.model_dump(mode="json") for r in classifier.check(claims)]


def test_batch_of_exactly_the_limit_is_accepted(client):
    claims = [f"claim number {n} about coffee and mTOR" for n in range(MAX_BATCH)]
    response = client.post("/v1/check/batch", json={"claims": claims})
    assert response.status_code == 200
    assert len(response.json()["results"]) == MAX_BATCH


def test_claim_of_exactly_the_length_limit_is_accepted(client):
    claim = ("coffee " * MAX_CLAIM_CHARS)[:MAX_CLAIM_CHARS]
    assert client.post("/v1/check", json={"claim": claim}).status_code == 200


def test_min_confidence_one_turns_a_confident_match_into_low_confidence(client):
    default = client.post("/v1/check", json={"claim": COFFEE_REBUTTAL}).json()
    strict = client.post("/v1/check", json={"claim": COFFEE_REBUTTAL, "min_confidence": 1.0})
    assert default["verdict"] == "consistent" and default["confidence"] < 1.0
    assert (strict.json()["verdict"], strict.json()["reason"]) == ("no_match", "low_confidence")


@pytest.mark.parametrize("path,body", [
    ("/v1/check", {"claim": FASTING_MYTH, "min_confidence": 0.25}),
    ("/v1/check/batch", {"claims": [FASTING_MYTH], "min_confidence": 0.25}),
    ("/v1/check", {"claim": FASTING_MYTH, "min_confidence": 0}),
])  # fmt: skip
def test_min_confidence_reaches_the_classifier(client, classifier, path, body):
    # Given a classifier that records what it is asked
    seen: list[float | None] = []

    class Recording:
        catalogue = classifier.catalogue

        def check(self, claims, min_confidence=None, max_chars=MAX_CLAIM_CHARS):
            seen.append(min_confidence)
            return classifier.check(claims, min_confidence, max_chars)

    client.app.dependency_overrides[get_classifier] = Recording
    try:
        # When the endpoint is called with min_confidence
        response = client.post(path, json=body)
    finally:
        client.app.dependency_overrides.clear()
    # Then the classifier got it, as given
    assert response.status_code == 200
    assert seen == [body["min_confidence"]]


def test_claim_length_limit_comes_from_the_settings(model_dir):
    with api_client(model_dir, max_claim_chars=20) as client:
        assert client.post("/v1/check", json={"claim": "x" * 20}).status_code == 200
        message = assert_error(client.post("/v1/check", json={"claim": "x" * 21}), 422,
                               "claim_too_long")  # fmt: skip
    assert "20" in message


def test_batch_limit_comes_from_the_settings(model_dir):
    with api_client(model_dir, max_batch=2) as client:
        ok = client.post("/v1/check/batch", json={"claims": ["a claim", "another claim"]})
        too_many = client.post("/v1/check/batch", json={"claims": ["a", "b", "c"]})
    assert ok.status_code == 200
    assert "the limit is 2" in assert_error(too_many, 422, "batch_too_large")
