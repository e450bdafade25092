"""Texts the classifier should not judge: too short, or too few words it knows
(another language, emoji, symbols). Such texts get ``no_match`` with a reason
instead of a guess."""

from __future__ import annotations

import re
from collections.abc import Iterable

from claims.result import NoMatchReason
from model.preprocess import normalise

MIN_WORDS = 2
"""Fewer alphabetic words than this is too short to judge ("mTOR?", "coffee")."""
MIN_KNOWN_SHARE = 0.4
"""Below this share of words seen in training, the text is treated as another
language or noise (checked on the validation split: no English claim is that low)."""

_WORD = re.compile(r"[^\W\d_]{2,}")


def words(text: str) -> list[str]:
    """The alphabetic words of a text, normalised as the model sees them."""
    return _WORD.findall(normalise(text))


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every word of the training texts."""
    return frozenset(word for text in texts for word in words(text))


def out_of_scope_reason(text: str, known_words: frozenset[str]) -> NoMatchReason | None:
    """Why ``text`` cannot be judged, or None when it can."""
    found = words(text)
    if len(found) < MIN_WORDS:
        return NoMatchReason.TOO_SHORT
    known = sum(word in known_words for word in found)
    if known / len(found) < MIN_KNOWN_SHARE:
        return NoMatchReason.UNFAMILIAR_LANGUAGE
    return None
