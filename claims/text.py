"""Text handling shared by every surface: validating a claim, normalising it,
and the key that decides when two texts are duplicates."""

from __future__ import annotations

import re
import unicodedata

from claims.errors import InputError

MAX_CLAIM_CHARS = 2_000
"""Longest single claim accepted (characters, after trimming). Longer text is a
post, not a claim: scan it sentence by sentence instead."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_WHITESPACE = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: str) -> str:
    """NFKC-normalise, drop control and zero-width characters, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()


def validate_claim(claim: object, max_chars: int = MAX_CLAIM_CHARS) -> str:
    """Return the claim cleaned, or raise InputError saying what is wrong with it."""
    if not isinstance(claim, str):
        raise InputError(f"a claim must be text, not {type(claim).__name__}", "invalid_type")
    if _LONE_SURROGATE.search(claim):
        raise InputError(
            "the claim holds a lone surrogate code point, which is not valid text", "invalid_text"
        )
    cleaned = clean(claim)
    if not cleaned:
        raise InputError("the claim is empty: write the claim to check", "empty_claim")
    if len(cleaned) > max_chars:
        raise InputError(
            f"the claim is {len(cleaned):,} characters long; the limit is {max_chars:,}. "
            "Check a long text sentence by sentence with `mythcheck scan` or POST /v1/scan.",
            "claim_too_long",
        )
    return cleaned


def duplicate_key(text: str) -> str:
    """Two texts are duplicates when these keys are equal: case, whitespace and
    punctuation are ignored."""
    return _NOT_ALNUM.sub("", clean(text).casefold())
