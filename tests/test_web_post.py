"""The web form's post mode at /post, through the app: the post shown with its
myth and rebuttal sentences marked in place, each explained in plain words,
every character of the post escaped, errors and the limit shown on the page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from test_api_helpers import api_client

from claims.verdict import Verdict
from model.scan import scan_text
from service.api.highlight import highlight
from service.api.settings import MAX_SCAN_CHARS

MYTH = "Fasting turns off mTOR and turns on autophagy, a total reset for your body."
REBUTTAL = "Coffee does not reliably activate mTOR the way protein plus lifting does."
NEUTRAL = "My cat knocked a glass of water off the table again this morning."
FASTING, COFFEE = "fasting-resets-via-mtor", "coffee-activates-mtor"

MARK = re.compile(r'<mark class="verdict-(\w+)" id="sentence-(\d+)">(.*?)</mark>', re.DOTALL)
FINDING = re.compile(r'<li class="result verdict-(\w+)" id="finding-(\d+)">(.*?)</li>', re.DOTALL)


@pytest.fixture(scope="module")
def client(model_dir) -> Iterator[TestClient]:
    with api_client(model_dir) as client:
        yield client


def _shown_post(html: str) -> str:
    """The checked post as the page shows it (not the textarea)."""
    return html.split('<div class="post">', 1)[1].split("</section>", 1)[0]


def _post(client: TestClient, text: str, markup: str = "auto", status: int = 200) -> str:
    response = client.post("/post", data={"text": text, "markup": markup})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_post_page_has_labelled_fields_and_no_script(client):
    html = client.get("/post").text
    assert '<form class="check" method="post" action="/post">' in html
    assert '<label for="post-text">' in html and '<textarea id="post-text" name="text"' in html
    assert '<label for="markup">' in html and '<select id="markup" name="markup">' in html
    assert '<option value="auto" selected>' in html
    assert '<button type="submit">Check the post</button>' in html
    assert f"{MAX_SCAN_CHARS:,} characters" in html
    assert "<script" not in html


def test_both_pages_link_the_two_modes_and_mark_the_current_one(client):
    claims, post = client.get("/").text, client.get("/post").text
    assert '<a href="/" aria-current="page">Check claims</a>' in claims
    assert '<a href="/post">Check a whole post</a>' in claims
    assert '<a href="/post" aria-current="page">Check a whole post</a>' in post
    assert '<a href="/">Check claims</a>' in post


def test_post_page_carries_the_security_headers(client):
    for response in (client.get("/post"), client.post("/post", data={"text": MYTH})):
        assert "script-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"


def test_myth_and_rebuttal_are_marked_in_place_and_explained(client, catalogue):
    # Given a post mixing a myth, a rebuttal and a neutral sentence
    text = f"{NEUTRAL} {MYTH}\n\n{REBUTTAL}"
    # When it is checked
    html = _post(client, text)
    # Then the two sentences are marked, by verdict, in the order of the post
    assert MARK.findall(html) == [("myth", "1", MYTH), ("consistent", "2", REBUTTAL)]
    assert f"{NEUTRAL} <mark" in html  # the neutral sentence is shown, unmarked
    # and each has its verdict in words, the myth and the article's reality
    findings = FINDING.findall(html)
    assert [(verdict, number) for verdict, number, _ in findings] == [
        ("myth", "1"), ("consistent", "2")]  # fmt: skip
    expected = [(FASTING, Verdict.MYTH), (COFFEE, Verdict.CONSISTENT)]
    for (_, _, card), (myth_id, verdict) in zip(findings, expected, strict=True):
        myth = catalogue[myth_id]
        assert verdict.plain_words in card
        assert str(escape(myth.myth)) in card and str(escape(myth.reality)) in card
        assert f'<a href="/myths/{myth_id}">' in card
    assert "3 sentences checked: 1 repeats a myth, 1 agrees with the evidence." in re.sub(
        r"\s+", " ", html)  # fmt: skip


def test_marks_and_explanations_link_to_each_other(client):
    html = _post(client, MYTH)
    assert '<a class="marker" href="#finding-1">' in html
    assert '<a class="number" href="#sentence-1">' in html
    assert 'id="finding-1"' in html and 'id="sentence-1"' in html


def test_explanation_follows_the_paragraph_of_its_sentence(client):
    shown = _shown_post(_post(client, f"{MYTH}\n\n{NEUTRAL}\n\n{REBUTTAL}"))
    order = [shown.index(s) for s in ('id="sentence-1"', 'id="finding-1"', NEUTRAL,
                                     'id="sentence-2"', 'id="finding-2"')]  # fmt: skip
    assert order == sorted(order)


def test_script_inside_a_post_is_shown_as_text(client):
    text = f"{MYTH}\n\n<script>alert(1)</script>\n\n{NEUTRAL}"
    html = _post(client, text, markup="text")
    assert "<script" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # the textarea and the post


def test_markup_inside_a_marked_sentence_is_escaped(client):
    # Given an HTML post whose myth sentence carries tags, quotes and an entity
    sentence = MYTH.replace("a total reset", '<em onclick="x()">a total reset</em> &amp;')
    html = _post(client, f"<p>{sentence}</p><p>{NEUTRAL}</p>", markup="html")
    # Then the mark holds the sentence's own characters, escaped
    [(verdict, _, marked)] = MARK.findall(html)
    assert verdict == "myth" and marked == str(escape(sentence))
    assert "<em" not in html and "<p>" not in _shown_post(html)


def test_quotes_and_ampersands_cannot_break_out_of_the_textarea(client):
    text = f'"></textarea><img src=x onerror=alert(1)> {MYTH}'
    html = _post(client, text)
    assert "<img" not in html and html.count("</textarea>") == 1


def test_line_breaks_from_a_browser_keep_the_marks_exact(client):
    text = f"# Notes\r\n\r\n{NEUTRAL}\r\n{MYTH}\r\n"  # browsers send CRLF
    html = _post(client, text)
    assert MARK.findall(html) == [("myth", "1", MYTH)]


def test_post_without_myths_says_so(client):
    html = re.sub(r"\s+", " ", _post(client, NEUTRAL))
    assert "1 sentence checked: none repeats or answers a myth" in html
    assert "<mark" not in html


def test_submitted_post_and_markup_are_kept_in_the_form(client):
    html = _post(client, MYTH, markup="markdown")
    assert f"{MYTH}</textarea>" in html
    assert '<option value="markdown" selected>' in html


@pytest.mark.parametrize("text,words", [
    ("", "the text is empty"),
    (" \r\n\t ", "the text is empty"),
    ("x" * (MAX_SCAN_CHARS + 1), f"the limit is {MAX_SCAN_CHARS:,}"),
])  # fmt: skip
def test_bad_post_shows_the_error_on_the_page(client, text, words):
    html = _post(client, text, status=422)
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="post-hint post-error"' in html
    assert words in html
    assert "<mark" not in html


def test_unknown_markup_shows_the_choices_on_the_page(client):
    html = _post(client, MYTH, markup="rst", status=422)
    assert "markup must be one of auto, text, markdown, html, not &#39;rst&#39;" in html


def test_post_limit_comes_from_the_settings(model_dir):
    with api_client(model_dir, max_scan_chars=100) as client:
        assert "up to\n    100 characters" in client.get("/post").text
        response = client.post("/post", data={"text": MYTH + " " + MYTH})
    assert response.status_code == 422 and "the limit is 100" in response.text


def test_post_pages_have_landmarks_a_skip_link_and_a_heading(client):
    for html in (client.get("/post").text, _post(client, MYTH), _post(client, "", status=422)):
        assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
        assert '<nav class="modes" aria-label="What to check">' in html
        assert re.search(r"<h1>Check a whole post</h1>", html)
        assert not re.search(r'tabindex="[1-9]', html)


def test_highlight_cuts_the_post_at_the_findings_and_the_blank_lines(classifier):
    # Given a post and its findings
    text = f"{NEUTRAL} {MYTH}\r\n \r\n\n{REBUTTAL}\n"
    findings = scan_text(classifier, text).findings
    # When it is cut for the page
    paragraphs = highlight(text, findings)
    # Then the paragraphs hold the post's own characters, minus the breaks,
    # and each finding is one marked segment in the paragraph that lists it
    assert ["".join(s.text for s in p.segments) for p in paragraphs] == [
        f"{NEUTRAL} {MYTH}", f"{REBUTTAL}\n"]  # fmt: skip
    assert [[(s.number, s.text) for s in p.segments if s.finding] for p in paragraphs] == [
        [(1, MYTH)], [(2, REBUTTAL)]]  # fmt: skip
    assert [[n for n, _ in p.findings] for p in paragraphs] == [[1], [2]]
    # and a finding overlapping the one before it is not marked twice
    assert len(highlight(text, [findings[0], findings[0]])[0].findings) == 1
