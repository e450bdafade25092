"""Checking a whole post: ``POST /v1/scan`` for programs, and the web form's
post mode at ``/post`` for people. Both go through ``scanning.scan_post`` and
answer with the one ``ScanReport`` contract (``claims.finding``).

Scanning is CPU-bound, so every endpoint here is a plain ``def``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import Field

from claims.errors import InputError
from claims.finding import ScanReport
from claims.markup import MARKUPS, Markup
from service.api.deps import ClassifierDep, SettingsDep
from service.api.errors import ERROR_RESPONSES
from service.api.highlight import highlight
from service.api.pages import page
from service.api.scanning import scan_post
from service.api.schemas import MIN_CONFIDENCE_DOC, ClaimText, StrictRequest
from service.api.settings import MAX_SCAN_CHARS, MAX_SCAN_CHARS_ENV, Settings

SCAN_DESCRIPTION = f"""Check every sentence of a post (plain text, Markdown or HTML) and
report the sentences that repeat a myth (`myth`) or rebut one (`consistent`),
with where each one is.

**Limit:** `text` may hold up to {MAX_SCAN_CHARS:,} characters by default
(`{MAX_SCAN_CHARS_ENV}`); a longer one gets 422 `text_too_long`, an empty one
422 `empty_text`. The request body limit applies as well: {MAX_SCAN_CHARS:,}
characters of non-ASCII text written as `\\uXXXX` escapes can pass it (413).

**Offsets:** `start` and `end` count Unicode code points (Python string
indices), so `text[start:end] == sentence`. JavaScript strings count UTF-16
units, in which a character outside the Basic Multilingual Plane (most emoji)
is two: index `Array.from(text)` rather than `text` itself.
"""

MARKUP_WORDS = {"auto": "Detect it", "markdown": "Markdown", "html": "HTML", "text": "Plain text"}
"""How the form names each of ``claims.markup.MARKUPS``."""

router = APIRouter()


class ScanRequest(StrictRequest):
    """A post to scan sentence by sentence."""

    text: ClaimText = Field(
        description=f"The post, up to {MAX_SCAN_CHARS:,} characters by default.",
        examples=[
            "# Fasting\n\nFasting turns off mTOR and turns on autophagy, a total reset "
            "for your body. Coffee does not reliably activate mTOR the way protein plus "
            "lifting does. I drink mine black."
        ],
    )
    min_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description=MIN_CONFIDENCE_DOC
    )
    include_all: bool = Field(
        default=False, description="Report every sentence, `no_match` ones included."
    )
    markup: Markup = Field(
        default="auto",
        description="How to read the text; `auto` tells HTML and Markdown from plain text.",
    )


@router.post("/v1/scan", response_model=ScanReport, responses=ERROR_RESPONSES, tags=["scan"],
             description=SCAN_DESCRIPTION, summary="Scan a post")  # fmt: skip
def scan(body: ScanRequest, classifier: ClassifierDep, settings: SettingsDep) -> ScanReport:
    return scan_post(classifier, settings, body.text, body.min_confidence,
                     body.include_all, body.markup)  # fmt: skip


@router.get("/post", include_in_schema=False, response_class=HTMLResponse)
def post_form_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """The empty post form."""
    return _post_page(request, settings)


@router.post("/post", include_in_schema=False, response_class=HTMLResponse)
def post_form_results(
    request: Request,
    classifier: ClassifierDep,
    settings: SettingsDep,
    text: Annotated[str, Form()] = "",
    markup: Annotated[str, Form()] = "auto",
) -> HTMLResponse:
    """Scan the pasted post and show it with its findings highlighted."""
    try:
        report = scan_post(classifier, settings, text, markup=_markup(markup))
    except InputError as error:
        return _post_page(request, settings, text, markup, error=error.message, status=422)
    return _post_page(request, settings, text, markup, report=report)


def _markup(value: str) -> Markup:
    if value not in MARKUPS:
        raise InputError(
            f"markup must be one of {', '.join(MARKUPS)}, not {value!r}", "invalid_markup"
        )
    return value  # type: ignore[return-value]  # checked against MARKUPS just above


def _post_page(
    request: Request,
    settings: Settings,
    text: str = "",
    markup: str = "auto",
    report: ScanReport | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    return page(request, "post.html", {
        "text": text,
        "markup": markup,
        "markups": MARKUPS,
        "markup_words": MARKUP_WORDS,
        "report": report,
        "paragraphs": highlight(text, report.findings) if report else [],
        "error": error,
        "max_scan_chars": settings.max_scan_chars,
    }, status)  # fmt: skip
