"""Classic XSS vectors (tests/fixtures/xss/vectors.txt, one per line) sent
through the web form (claims and whole posts), the JSON API and a myth page's
address: each comes back as text only, never as a tag, an attribute or a link
of its own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_api_helpers import COFFEE_REBUTTAL, FASTING_MYTH, api_client

from claims.catalogue import ARTICLE_URL

VECTORS_FILE = Path(__file__).parent / "fixtures" / "xss" / "vectors.txt"
VECTORS = [
    line
    for line in VECTORS_FILE.read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]
HTML = {"accept": "text/html"}
HARMLESS = [FASTING_MYTH, COFFEE_REBUTTAL, "The train to Leeds leaves at nine."]
MYTH_LINK = re.compile(r"/myths/[a-z0-9-]+")
IN_PAGE_LINK = re.compile(r"#(?:finding|sentence)-[0-9]+")
HARMLESS_POST = f"# A post\n\n{FASTING_MYTH}. I fasted twice.\n\n{COFFEE_REBUTTAL}."


class Page(HTMLParser):
    """What a browser would build from the page: elements, attributes, text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.comments: list[str] = []
        self.text_in: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._open:
            self.text_in.setdefault(self._open[-1], []).append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


@pytest.fixture(scope="module")
def client(model_dir) -> Iterator[TestClient]:
    with api_client(model_dir) as client:
        yield client


@pytest.fixture(scope="module")
def baseline(client) -> Page:
    """The form's results for harmless claims: every element and link a page may have."""
    return Page(client.post("/", data={"claims": "\n".join(HARMLESS)}).text)


@pytest.fixture(scope="module")
def post_baseline(client) -> Page:
    """The post mode's page for a harmless post with a myth and a rebuttal highlighted."""
    page = Page(client.post("/post", data={"text": HARMLESS_POST}).text)
    assert "mark" in page.tags
    return page


@pytest.fixture(scope="module")
def error_baseline(client) -> Page:
    """The error page for an unknown myth with a harmless id."""
    return Page(client.get("/myths/no-such-myth", headers=HTML).text)


def _assert_only_our_markup(page: Page, baseline: Page) -> None:
    assert set(page.tags) <= set(baseline.tags), set(page.tags) - set(baseline.tags)
    assert page.comments == baseline.comments
    for tag, name, value in page.attributes:
        assert not name.startswith("on"), (tag, name, value)
        assert name in {n for _, n, _ in baseline.attributes}, (tag, name, value)
        if name in ("href", "src", "action"):
            known = {v for _, n, v in baseline.attributes if n == name}
            ours = MYTH_LINK.fullmatch(value) or IN_PAGE_LINK.fullmatch(value)
            assert value in known or ours or value == ARTICLE_URL, value


def test_the_fixture_holds_the_classic_vectors():
    assert len(VECTORS) >= 40
    assert "<script>alert(1)</script>" in VECTORS and "<img src=x onerror=alert(1)>" in VECTORS


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_typed_into_the_form_comes_back_as_text_only(client, baseline, vector):
    # When the vector is submitted as a claim
    response = client.post("/", data={"claims": vector})
    # Then the page has only our own elements, attributes and links
    assert response.status_code == 200
    page = Page(response.text)
    _assert_only_our_markup(page, baseline)
    assert "script" not in page.tags and page.tags.count("textarea") == 1
    # and the vector is the text of the textarea and of the quoted claim, intact
    assert page.text_in["textarea"] == [vector]
    assert vector.strip() in page.text_in["q"]


def test_all_vectors_at_once_in_the_form(client, baseline):
    page = Page(client.post("/", data={"claims": "\n".join(VECTORS)}).text)
    _assert_only_our_markup(page, baseline)
    assert page.text_in["q"] == [v.strip() for v in VECTORS]


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_inside_a_post_comes_back_as_text_only(client, post_baseline, vector):
    # Given a post whose myth and rebuttal sentences hold the vector, so that it
    # is highlighted and quoted, read as HTML or Markdown when it looks like it
    post = f"{FASTING_MYTH} {vector}\n\n{vector} {COFFEE_REBUTTAL}.\n\n{vector}"
    response = client.post("/post", data={"text": post})
    assert response.status_code == 200
    page = Page(response.text)
    # Then the page has only our own elements, attributes and links
    _assert_only_our_markup(page, post_baseline)
    assert "script" not in page.tags and page.tags.count("textarea") == 1
    # and the post is the textarea's text, intact
    assert "".join(page.text_in["textarea"]) == post


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_in_a_myth_page_address_is_escaped_on_the_error_page(
    client, error_baseline, vector
):
    response = client.get(f"/myths/{quote(vector, safe='')}", headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    page = Page(response.text)
    _assert_only_our_markup(page, error_baseline)
    if page.text_in["code"] == ["unknown_myth"]:  # a slash makes it another route: not echoed
        assert vector in "".join(page.text_in["p"])


def test_the_myth_page_error_does_echo_the_address(client):
    # so that the test above does see vectors reflected
    vector = "<img src=x onerror=alert(1)>"
    page = Page(client.get(f"/myths/{quote(vector, safe='')}", headers=HTML).text)
    assert page.text_in["code"] == ["unknown_myth"]
    assert vector in "".join(page.text_in["p"])


def test_api_returns_vectors_as_json_strings_never_as_html(client):
    # The JSON API never renders HTML: its answers are JSON that a browser will
    # not sniff into a page, with the claims exactly as sent.
    batch = client.post("/v1/check/batch", json={"claims": VECTORS})
    assert batch.status_code == 200
    assert batch.headers["content-type"] == "application/json"
    assert batch.headers["x-content-type-options"] == "nosniff"
    assert [r["claim"] for r in batch.json()["results"]] == VECTORS
    for vector in VECTORS[:8]:
        single = client.post("/v1/check", json={"claim": vector})
        assert single.headers["content-type"] == "application/json"
        assert single.json()["claim"] == vector


def test_api_error_for_a_vector_myth_id_is_json(client):
    vector = "<img src=x onerror=alert(1)>"
    response = client.get(f"/v1/myths/{quote(vector, safe='')}")
    assert response.headers["content-type"] == "application/json"
    assert vector in response.json()["error"]["message"]
