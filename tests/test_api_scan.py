"""POST /v1/scan: a post checked sentence by sentence, with offsets into the
submitted text; Markdown and HTML; the length limit; every error in the one
error shape; the documented contract in the OpenAPI schema."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_api_helpers import api_client, assert_error

from claims.finding import ScanReport
from model.scan import scan_text
from service.api import Settings
from service.api.settings import MAX_SCAN_CHARS

# Clear-cut sentences from tests/golden/claims.csv
MYTH = "Fasting turns off mTOR and turns on autophagy, a total reset for your body."
REBUTTAL = "Coffee does not reliably activate mTOR the way protein plus lifting does."
NEUTRAL = "My cat knocked a glass of water off the table again this morning."
FASTING, COFFEE = "fasting-resets-via-mtor", "coffee-activates-mtor"

JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(model_dir) -> Iterator[TestClient]:
    with api_client(model_dir) as client:
        yield client


def _scan(client: TestClient, text: str, **options) -> dict:
    response = client.post("/v1/scan", json={"text": text, **options})
    assert response.status_code == 200, response.text
    return response.json()


def _located(text: str, report: dict) -> list[tuple[str, str, str | None]]:
    """(sentence, verdict, myth_id) per finding, after checking each finding's
    offsets point at its own sentence in ``text``."""
    for finding in report["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["sentence"]
        assert finding["line"] == text.count("\n", 0, finding["start"]) + 1
        line_start = text.rfind("\n", 0, finding["start"]) + 1
        assert finding["column"] == finding["start"] - line_start + 1
    return [(f["sentence"], f["verdict"], f["myth_id"]) for f in report["findings"]]


def test_mixed_post_is_judged_sentence_by_sentence_with_exact_offsets(client):
    # Given a post with a myth, a rebuttal and a neutral sentence
    text = f"{MYTH} {REBUTTAL}\n{NEUTRAL}\n"
    # When every sentence is reported
    report = _scan(client, text, include_all=True)
    # Then each one is found where it is, with its verdict
    assert report["sentences"] == 3
    assert _located(text, report) == [
        (MYTH, "myth", FASTING),
        (REBUTTAL, "consistent", COFFEE),
        (NEUTRAL, "no_match", None),
    ]
    assert [f["start"] for f in report["findings"]] == [0, len(MYTH) + 1, text.index(NEUTRAL)]


def test_by_default_only_myths_and_rebuttals_are_reported(client, catalogue):
    text = f"{NEUTRAL} {MYTH}\n\n{REBUTTAL}"
    report = _scan(client, text)
    assert report["sentences"] == 3
    assert _located(text, report) == [(MYTH, "myth", FASTING), (REBUTTAL, "consistent", COFFEE)]
    myth = report["findings"][0]
    assert (myth["line"], myth["column"]) == (1, len(NEUTRAL) + 2)
    assert (myth["reality"], myth["myth"]) == (catalogue[FASTING].reality, catalogue[FASTING].myth)


def test_answer_is_exactly_the_scan_report_of_the_library(client, classifier):
    text = f"# Notes\n\n{MYTH} {REBUTTAL} {NEUTRAL}"
    response = client.post("/v1/scan", json={"text": text, "include_all": True})
    assert response.json() == scan_text(classifier, text, include_all=True).model_dump(mode="json")
    assert ScanReport.model_validate(response.json()).repeats_myth


def test_markdown_post_offsets_point_into_the_markdown_and_code_is_skipped(client):
    # Given a Markdown post: a heading, a list with emphasis, a code block
    text = (
        "# Before you fast\n\n"
        f"- **Fasting** {MYTH.removeprefix('Fasting ')}\n"
        f"- {REBUTTAL}\n\n"
        f"```\n{MYTH}\n```\n\n"
        f"{NEUTRAL}\n"
    )
    # When it is scanned as Markdown
    report = _scan(client, text, markup="markdown")
    # Then the myth is found in the list item, its claim without the markup,
    # and the copy inside the code block is not a sentence at all
    assert report["sentences"] == 4
    [myth, rebuttal] = report["findings"]
    assert (myth["verdict"], myth["myth_id"], myth["claim"]) == ("myth", FASTING, MYTH)
    assert "**" in myth["sentence"] and text[myth["start"] : myth["end"]] == myth["sentence"]
    assert _located(text, report)[1] == (REBUTTAL, "consistent", COFFEE)
    assert (myth["line"], rebuttal["line"]) == (3, 4)


def test_html_post_offsets_point_into_the_html_and_scripts_are_dropped(client):
    # Given an HTML post with an entity inside a sentence and a script
    rebuttal_html = REBUTTAL.replace("the way", "the&nbsp;way")
    text = (
        f"<article><h1>Notes</h1><p>{MYTH}</p>\n<p>{rebuttal_html}</p><p>{NEUTRAL}</p>\n"
        f'<script>var s = "{MYTH}";</script></article>'
    )
    # When it is scanned (HTML is detected)
    report = _scan(client, text, include_all=True)
    # Then each sentence points at its HTML source; the script is not read
    assert report["sentences"] == 4
    assert _located(text, report) == [
        ("Notes", "no_match", None),
        (MYTH, "myth", FASTING),
        (rebuttal_html, "consistent", COFFEE),
        (NEUTRAL, "no_match", None),
    ]
    assert report["findings"][2]["claim"] == REBUTTAL  # entity decoded for checking


def test_offsets_count_code_points_not_utf16_units(client):
    text = f"🔥🔥\n\n{MYTH}"  # each emoji is one code point, two UTF-16 units
    [finding] = _scan(client, text)["findings"]
    assert finding["start"] == 4 and finding["column"] == 1
    assert text[finding["start"] : finding["end"]] == MYTH


def test_markup_text_reads_html_as_plain_characters(client):
    text = f"<p>{MYTH}</p>"
    [finding] = _scan(client, text, markup="text")["findings"]
    assert finding["sentence"] == text  # the tags stay part of the sentence


def test_post_without_sentences_reports_none(client):
    assert _scan(client, "🔥🔥 ---") == {"sentences": 0, "findings": []}


def test_min_confidence_one_leaves_no_finding_and_include_all_says_why(client):
    text = f"{MYTH} {REBUTTAL}"
    assert _scan(client, text, min_confidence=1.0)["findings"] == []
    every = _scan(client, text, min_confidence=1.0, include_all=True)["findings"]
    assert [(f["verdict"], f["reason"]) for f in every] == [("no_match", "low_confidence")] * 2


def _text_of_length(length: int) -> str:
    sentences = f"{MYTH} {REBUTTAL} {NEUTRAL} " * (length // len(MYTH) + 1)
    return sentences[:length]


def test_text_of_exactly_the_limit_is_accepted(client):
    text = _text_of_length(MAX_SCAN_CHARS)
    report = _scan(client, text)
    assert report["sentences"] > 1_000
    assert all(text[f["start"] : f["end"]] == f["sentence"] for f in report["findings"])


def test_text_one_character_over_the_limit_is_refused(client):
    response = client.post("/v1/scan", json={"text": _text_of_length(MAX_SCAN_CHARS + 1)})
    message = assert_error(response, 422, "text_too_long")
    assert f"{MAX_SCAN_CHARS + 1:,}" in message and f"the limit is {MAX_SCAN_CHARS:,}" in message


def test_text_limit_comes_from_the_settings(model_dir):
    assert Settings().max_scan_chars == MAX_SCAN_CHARS == 100_000
    assert Settings.from_env({"MYTHCHECK_MAX_SCAN_CHARS": "500"}).max_scan_chars == 500
    with api_client(model_dir, max_scan_chars=200) as client:
        assert client.post("/v1/scan", json={"text": "x" * 200}).status_code == 200
        message = assert_error(client.post("/v1/scan", json={"text": "x" * 201}), 422,
                               "text_too_long")  # fmt: skip
    assert "the limit is 200" in message


ERROR_CASES = [
    # (id, body, status, code)
    ("empty-text", {"text": ""}, 422, "empty_text"),
    ("blank-text", {"text": " \t\n\r\n "}, 422, "empty_text"),
    ("control-chars-only", {"text": "\u0000\u200b\ufeff"}, 422, "empty_text"),
    ("lone-surrogate", {"text": f"{MYTH} \ud800"}, 422, "invalid_text"),
    ("text-number", {"text": 42}, 422, "invalid_type"),
    ("text-null", {"text": None}, 422, "invalid_type"),
    ("text-list", {"text": [MYTH]}, 422, "invalid_type"),
    ("missing-text", {}, 422, "missing_field"),
    ("claim-instead-of-text", {"claim": MYTH}, 422, "unknown_field"),
    ("unknown-field", {"text": MYTH, "lang": "en"}, 422, "unknown_field"),
    ("confidence-above-1", {"text": MYTH, "min_confidence": 1.5}, 422, "invalid_min_confidence"),
    ("confidence-negative", {"text": MYTH, "min_confidence": -0.1}, 422,
     "invalid_min_confidence"),
    ("confidence-string", {"text": MYTH, "min_confidence": "0.5"}, 422, "invalid_min_confidence"),
    ("include-all-number", {"text": MYTH, "include_all": 1}, 422, "invalid_type"),
    ("include-all-string", {"text": MYTH, "include_all": "yes"}, 422, "invalid_type"),
    ("markup-unknown", {"text": MYTH, "markup": "rst"}, 422, "invalid_request"),
    ("markup-number", {"text": MYTH, "markup": 1}, 422, "invalid_request"),
    ("body-array", [MYTH], 422, "invalid_type"),
    ("body-string", MYTH, 422, "invalid_type"),
]  # fmt: skip


@pytest.mark.parametrize("body,status,code", [c[1:] for c in ERROR_CASES],
                         ids=[c[0] for c in ERROR_CASES])  # fmt: skip
def test_bad_scan_request_gets_the_error_shape(client, body, status, code):
    response = client.post("/v1/scan", content=json.dumps(body), headers=JSON)
    assert_error(response, status, code)


def test_error_messages_name_the_problem(client):
    unknown = assert_error(client.post("/v1/scan", json={"claim": MYTH}), 422, "unknown_field")
    assert "claim" in unknown and "text" in unknown
    markup = client.post("/v1/scan", json={"text": MYTH, "markup": "rst"})
    assert "'markdown'" in assert_error(markup, 422, "invalid_request")
    surrogate = client.post("/v1/scan", content=json.dumps({"text": "ok \udfff"}), headers=JSON)
    assert "character 4" in assert_error(surrogate, 422, "invalid_text")


@pytest.mark.parametrize("body,headers,status,code", [
    (b'{"text": ', JSON, 400, "malformed_json"),
    (b'{"text": "\xff"}', JSON, 400, "malformed_json"),
    (b"", JSON, 422, "missing_field"),
    (json.dumps({"text": MYTH}).encode(), {"content-type": "text/plain"}, 415,
     "unsupported_media_type"),
])  # fmt: skip
def test_unparseable_scan_body_gets_the_error_shape(client, body, headers, status, code):
    assert_error(client.post("/v1/scan", content=body, headers=headers), status, code)


def test_body_over_the_byte_limit_is_413(model_dir):
    with api_client(model_dir, max_body_bytes=1_000) as client:
        response = client.post("/v1/scan", json={"text": MYTH * 20})
    assert_error(response, 413, "body_too_large")


def test_scan_is_documented_with_its_limit_offsets_and_strict_body(client):
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/v1/scan"]["post"]
    assert f"{MAX_SCAN_CHARS:,} characters" in operation["description"]
    assert "MYTHCHECK_MAX_SCAN_CHARS" in operation["description"]
    assert "code points" in operation["description"] and "UTF-16" in operation["description"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ScanReport"
    }
    assert {"413", "422"} <= set(operation["responses"])
    request = schema["components"]["schemas"]["ScanRequest"]
    assert request["additionalProperties"] is False and request["required"] == ["text"]
    assert request["properties"]["markup"]["enum"] == ["auto", "text", "markdown", "html"]
