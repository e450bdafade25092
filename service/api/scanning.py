"""Scanning one post for a request: the length limit and the empty-text check,
then ``model.scan.scan_text``. The JSON API and the web form's post mode both
go through here, so both refuse the same texts with the same codes."""

from __future__ import annotations

from claims.errors import InputError
from claims.finding import ScanReport
from claims.markup import Markup
from claims.text import clean
from model.classifier import Classifier
from model.scan import scan_text
from service.api.settings import Settings


def scan_post(
    classifier: Classifier,
    settings: Settings,
    text: str,
    min_confidence: float | None = None,
    include_all: bool = False,
    markup: Markup = "auto",
) -> ScanReport:
    """The scan of ``text``; InputError ``text_too_long`` over
    ``settings.max_scan_chars`` characters, ``invalid_text`` for a lone
    surrogate, ``empty_text`` when nothing but whitespace or control characters."""
    if len(text) > settings.max_scan_chars:
        raise InputError(
            f"the text is {len(text):,} characters long; the limit is "
            f"{settings.max_scan_chars:,}. Split the post, or scan it with `mythcheck scan`.",
            "text_too_long",
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(
            f"not valid Unicode text: character {error.start + 1} is a lone surrogate",
            "invalid_text",
        ) from None
    if not clean(text):
        raise InputError("the text is empty: paste the post to scan", "empty_text")
    return scan_text(classifier, text, min_confidence, include_all, markup)
