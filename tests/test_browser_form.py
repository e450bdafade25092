"""The web form in a real browser: Debian's Chromium, driven by Playwright,
against ``mythcheck serve`` running as a process.

Skipped (with the reason) when /usr/bin/chromium or Playwright is missing,
unless the CI variable is set: then missing either is a failure. Never
downloads a browser. A screenshot of the results is saved under the test's
tmp_path, and copied to $MYTHCHECK_SCREENSHOT_DIR/screenshot-form.png (the post
mode's to screenshot-post.png) when that variable is set
(``MYTHCHECK_SCREENSHOT_DIR=docs`` refreshes the README's).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_api_helpers import FASTING_MYTH
from test_serve_support import Server, running_server

from claims.verdict import Verdict
from service.api.claimreview import claim_review

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_ENV = "MYTHCHECK_SCREENSHOT_DIR"
SCREENSHOT_NAME = "screenshot-form.png"
POST_SCREENSHOT_NAME = "screenshot-post.png"
CLAIMS_LABEL = "Claims to check, one per line"
POST_LABEL = "The post to check"
# Clear-cut sentences from tests/golden/claims.csv, in a post that reads like one
MYTH = "Fasting turns off mTOR and turns on autophagy, a total reset for your body."
REBUTTAL = "Coffee does not reliably activate mTOR the way protein plus lifting does."
POST = f"""# What I got wrong about fasting

I used to follow every longevity trend I read about, and I wrote about most of them here.

{MYTH} That was the idea behind my **three-day fasts**, and I repeated it in a dozen posts.

{REBUTTAL} I still drink mine black.

My cat knocked a glass of water off the table again this morning. Some things never change.
"""

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI is set: the browser tests must run in CI")
    pytest.skip(f"{reason} (install it with `apt-get install chromium`; set CI to insist)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(browser, model_dir, tmp_path_factory) -> Iterator[Server]:
    with running_server(model_dir, tmp_path_factory.mktemp("browser-serve")) as server:
        yield server


@pytest.fixture
def page(browser, server) -> Iterator[Any]:
    """A fresh page that may only talk to our server, and records what it tried."""
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    page = context.new_page()
    page.foreign_requests = []
    page.console_errors = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            page.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def _submit(page: Any, server: Server, claims: str) -> None:
    page.goto(f"{server.url}/")
    page.get_by_label(CLAIMS_LABEL).fill(claims)
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()


def test_typed_claim_shows_verdict_and_reality(page, server, catalogue, tmp_path):
    # Given the form, when a person types a myth and submits it
    _submit(page, server, FASTING_MYTH)
    # Then the page says it repeats a myth, and gives the article's reality
    result = page.locator(".result").first
    assert Verdict.MYTH.plain_words in result.inner_text()
    assert catalogue["fasting-resets-via-mtor"].reality in result.inner_text()
    assert "Confidence:" in result.inner_text()
    assert page.get_by_label(CLAIMS_LABEL).input_value() == FASTING_MYTH
    assert page.foreign_requests == [] and page.console_errors == []
    _save_screenshot(page, tmp_path)


def test_several_claims_one_per_line(page, server):
    _submit(page, server, "coffee does not reliably activate mTOR\n\nThe train leaves at nine.")
    verdicts = page.locator(".result .verdict strong").all_inner_texts()
    assert verdicts == [Verdict.CONSISTENT.plain_words, Verdict.NO_MATCH.plain_words]


def test_script_claim_renders_as_text_and_no_dialog_fires(page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    claim = "<script>alert(1)</script>"
    _submit(page, server, claim)
    assert page.locator(".result .claim q").inner_text() == claim
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("document.scripts.length") == 0


def test_form_works_with_the_keyboard_alone(page, server):
    page.goto(f"{server.url}/")
    for _ in range(10):  # Tab from the top of the page to the text box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "claims":
            break
    assert page.evaluate("document.activeElement.id") == "claims"
    page.keyboard.type(FASTING_MYTH)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Verdict.MYTH.plain_words in page.locator(".result").first.inner_text()


def test_myth_links_lead_to_pages_with_parseable_claimreview(page, server, catalogue):
    page.goto(f"{server.url}/")
    myth = catalogue["coffee-activates-mtor"]
    with page.expect_navigation():
        page.get_by_role("link", name=myth.title).click()
    assert page.url == f"{server.url}/myths/{myth.myth_id}"
    assert page.get_by_role("heading", level=1).inner_text() == myth.title
    embedded = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert embedded == json.loads(json.dumps(claim_review(myth)))


def test_pasted_post_shows_its_myth_highlighted_with_the_reality(page, server, catalogue,
                                                                 tmp_path):  # fmt: skip
    # Given the post mode, when a person pastes a Markdown post and submits it
    page.goto(f"{server.url}/post")
    page.get_by_label(POST_LABEL).fill(POST)
    with page.expect_navigation():
        page.get_by_role("button", name="Check the post").click()
    # Then the myth sentence is highlighted, and only it, in a colour of its own
    marked = page.locator("mark.verdict-myth")
    assert marked.all_inner_texts() == [MYTH]
    assert page.locator("mark.verdict-consistent").all_inner_texts() == [REBUTTAL]
    colour = marked.evaluate("mark => getComputedStyle(mark).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    # and below it the verdict in words, the myth and the article's reality
    finding = page.locator("#finding-1").inner_text()
    myth = catalogue["fasting-resets-via-mtor"]
    assert Verdict.MYTH.plain_words in finding
    assert myth.myth in finding and myth.reality in finding
    assert page.get_by_label(POST_LABEL).input_value() == POST
    assert page.foreign_requests == [] and page.console_errors == []
    _save_screenshot(page, tmp_path, POST_SCREENSHOT_NAME)


def test_post_mode_works_with_the_keyboard_alone(page, server):
    page.goto(f"{server.url}/")
    _tab_until(page, "document.activeElement.textContent", "Check a whole post")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_until(page, "document.activeElement.id", "post-text")
    page.keyboard.type(MYTH)
    page.keyboard.press("Tab")  # the markup choice, then the button
    assert page.evaluate("document.activeElement.id") == "markup"
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The number after the marked sentence leads to its explanation
    _tab_until(page, "document.activeElement.className", "marker")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#finding-1"
    assert Verdict.MYTH.plain_words in page.locator("#finding-1").inner_text()


def _tab_until(page: Any, expression: str, value: str, presses: int = 15) -> None:
    """Press Tab until ``expression`` evaluates to ``value`` in the page."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(expression) == value:
            return
    raise AssertionError(f"{presses} presses of Tab never reached {value!r}")


def test_api_docs_render_without_the_network(page, server):
    page.goto(f"{server.url}/docs")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for(timeout=15_000)
    assert "mythcheck" in title.inner_text()
    assert page.locator(".opblock-summary-path", has_text="/v1/check").count() >= 1
    assert page.foreign_requests == []
    assert page.console_errors == []  # the page's Content-Security-Policy blocks nothing it needs


def _save_screenshot(page: Any, tmp_path: Path, name: str = SCREENSHOT_NAME) -> None:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    target = os.environ.get(SCREENSHOT_ENV)
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(target) / name)
