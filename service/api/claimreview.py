"""Each myth as schema.org ``ClaimReview`` JSON-LD, the format fact-checkers
publish and search engines read, and the one safe way to embed it in HTML."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from claims.catalogue import ARTICLE_TITLE, ARTICLE_URL, Myth

REVIEW_AUTHOR = "mythcheck"
"""Who publishes the reviews; the article supplies their text."""
RATING = {"ratingValue": 1, "worstRating": 1, "bestRating": 5, "alternateName": "Myth"}
"""Every catalogued myth gets the lowest rating; ``alternateName`` is the
rating in words, as people see it."""

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                  "\u2028": "\\u2028", "\u2029": "\\u2029"}  # fmt: skip


def section_url(myth: Myth) -> str:
    """The article address with an anchor for the first section the myth cites."""
    first = myth.section.split(";")[0]
    anchor = _NOT_SLUG.sub("-", first.casefold()).strip("-")
    return f"{ARTICLE_URL}#{anchor}" if anchor else ARTICLE_URL


def claim_review(myth: Myth) -> dict[str, Any]:
    """The ``ClaimReview`` of one myth, ready to serialise as JSON-LD."""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": section_url(myth),
        "name": myth.title,
        "claimReviewed": myth.myth,
        "reviewBody": f"{myth.reality} {myth.explanation}",
        "reviewRating": {"@type": "Rating", **RATING},
        "itemReviewed": {
            "@type": "Claim",
            "name": myth.title,
            "text": myth.myth,
        },
        "author": {"@type": "Organization", "name": REVIEW_AUTHOR},
        "isBasedOn": {"@type": "Article", "name": ARTICLE_TITLE, "url": ARTICLE_URL},
    }


def script_safe_json(data: Any) -> Markup:
    """JSON for inside a ``<script>`` element: ``<``, ``>`` and ``&`` are
    written as ``\\u`` escapes, so no text can close the element or open a comment;
    JSON parsers read the escapes back as the same characters."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    for raw, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(raw, escaped)
    return Markup(text)
