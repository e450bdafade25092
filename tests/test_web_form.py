"""The web form at / and the myth pages, through the app: results in plain
words, escaping everywhere, errors shown on the page, ClaimReview embedded safely."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from test_api_helpers import COFFEE_REBUTTAL, FASTING_MYTH, api_client, assert_error

from claims.catalogue import Catalogue, Myth
from claims.verdict import Verdict
from service.api.claimreview import claim_review
from service.api.deps import get_classifier
from service.api.settings import MAX_BATCH

HTML = {"accept": "text/html,application/xhtml+xml"}
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def client(model_dir) -> Iterator[TestClient]:
    with api_client(model_dir) as client:
        yield client


def _results(html: str) -> list[str]:
    return re.findall(r'<li class="result[^"]*">(.*?)</li>', html, re.DOTALL)


def test_form_page_has_a_labelled_textarea_and_a_submit_button(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="en">' in html
    assert '<label for="claims">' in html and '<textarea id="claims" name="claims"' in html
    assert '<form class="check" method="post" action="/">' in html
    assert '<button type="submit">Check</button>' in html
    assert "<script" not in html  # works without JavaScript


def test_form_page_lists_every_myth_with_a_link_to_its_page(client, catalogue):
    html = client.get("/").text
    for myth in catalogue.values():
        assert f'<a href="/myths/{myth.myth_id}">{escape(myth.title)}</a>' in html


def test_pages_carry_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_posting_a_myth_shows_verdict_myth_reality_explanation_and_confidence(client, catalogue):
    response = client.post("/", data={"claims": FASTING_MYTH})
    assert response.status_code == 200
    [result] = _results(response.text)
    myth = catalogue["fasting-resets-via-mtor"]
    assert Verdict.MYTH.plain_words in result
    for text in (myth.myth, myth.reality, myth.explanation, myth.title):
        assert str(escape(text)) in result
    assert re.search(r"Confidence: \d{1,3}%", result)


def test_posting_several_lines_checks_each_in_order_and_skips_blank_ones(client):
    text = f"{COFFEE_REBUTTAL}\r\n\r\n   \nThe train to Leeds leaves at nine.\n{FASTING_MYTH}\n"
    results = _results(client.post("/", data={"claims": text}).text)
    assert len(results) == 3
    assert Verdict.CONSISTENT.plain_words in results[0]
    assert Verdict.NO_MATCH.plain_words in results[1]
    assert Verdict.MYTH.plain_words in results[2]


def test_submitted_text_is_kept_in_the_textarea(client):
    html = client.post("/", data={"claims": FASTING_MYTH}).text
    assert f"{FASTING_MYTH}</textarea>" in html


def test_script_claim_is_shown_as_text(client):
    claim = "<script>alert(1)</script>"
    html = client.post("/", data={"claims": claim}).text
    assert claim not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html


def test_quotes_and_ampersands_cannot_break_out_of_attributes_or_the_textarea(client):
    claim = '"><img src=x onerror=alert(1)></textarea><b>&amp;'
    html = client.post("/", data={"claims": claim}).text
    assert "<img" not in html and "<b>" not in html
    assert html.count("</textarea>") == 1


def test_empty_form_shows_the_error_on_the_page(client):
    response = client.post("/", data={"claims": "  \n \n"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in response.text and 'aria-invalid="true"' in response.text
    assert "write a claim" in response.text


def test_too_many_lines_show_the_batch_limit_on_the_page(client):
    text = "\n".join(f"claim {n} about mTOR" for n in range(MAX_BATCH + 1))
    response = client.post("/", data={"claims": text})
    assert response.status_code == 422
    assert f"the limit is {MAX_BATCH:,}" in response.text


def test_too_long_line_shows_the_length_limit_on_the_page(client):
    response = client.post("/", data={"claims": "ok claim\n" + "x" * 5_000})
    assert response.status_code == 422
    assert "claim 2:" in response.text and "the limit is 2,000" in response.text


def test_myth_page_shows_the_myth_and_embeds_its_claimreview(client, catalogue):
    myth = catalogue["coffee-activates-mtor"]
    response = client.get("/myths/coffee-activates-mtor")
    assert response.status_code == 200
    html = response.text
    for text in (myth.title, myth.myth, myth.reality, myth.explanation):
        assert str(escape(text)) in html
    [embedded] = JSON_LD.findall(html)
    assert json.loads(embedded) == claim_review(myth)
    assert json.loads(embedded) == client.get("/v1/myths/coffee-activates-mtor/claimreview").json()


def test_unknown_myth_page_is_a_404_page_for_browsers_and_json_for_programs(client):
    page = client.get("/myths/no-such-myth", headers=HTML)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "no myth &#39;no-such-myth&#39;" in page.text
    assert_error(client.get("/myths/no-such-myth"), 404, "unknown_myth")


def test_api_errors_stay_json_even_for_browsers(client):
    assert_error(client.get("/v1/myths/nope", headers=HTML), 404, "unknown_myth")


def test_error_page_escapes_the_path(client):
    response = client.get("/myths/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers=HTML)
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text


def test_stylesheet_is_served(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


class _FakeClassifier:
    """A stand-in model whose catalogue holds hostile text."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.manifest: dict[str, object] = {}
        self.threshold = 0.5


def test_claimreview_json_ld_cannot_close_its_script_element(client, tmp_path):
    # Given a myth whose text tries to end the script element and open another
    hostile = "</script><script>alert(1)</script><!-- & \u2028"
    myth = Myth("hostile-myth", f"Title {hostile}", f"Myth {hostile}", "Reality", "Why", "S")
    fake = _FakeClassifier(Catalogue([myth], Path(tmp_path / "myths.csv")))
    client.app.dependency_overrides[get_classifier] = lambda: fake
    try:
        # When its page is rendered
        html = client.get("/myths/hostile-myth").text
    finally:
        client.app.dependency_overrides.clear()
    # Then the JSON-LD holds the text intact, yet the page has one script element
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert "<!--" not in html
    [embedded] = JSON_LD.findall(html)
    assert json.loads(embedded) == claim_review(myth)
