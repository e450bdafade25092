"""Text preprocessing for the features: one normalised form for character
n-grams, and a negation-marked form for word n-grams.

Stance lives in small words. "coffee definitely activates mTOR" and "coffee
doesn't reliably activate mTOR" share most of their words; marking every token
inside a negation's scope (``doesn't reliably activate`` becomes ``doesn't
NOT_reliably NOT_activate``) gives the linear model different features for the
two. A scope runs from a cue to the next punctuation mark or contrastive
conjunction, so that "doctors won't tell you, but coffee switches mTOR on"
keeps its assertion unmarked.

These functions are module-level so that a fitted pipeline pickles.
"""

from __future__ import annotations

import re

from claims.text import clean

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "´": "'"})
_MTOR_SPELLINGS = re.compile(r"\b(?:m[\s\-_.]?t[\s\-_.]?o[\s\-_.]?r|e?mtor)(c[12])?\b", re.I)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")

NEGATION_CUES = frozenset(
    {
        "not", "no", "never", "nor", "neither", "without", "hardly", "barely", "cannot",
        "nothing", "none", "nobody", "nowhere", "isnt", "arent", "wasnt", "werent", "dont",
        "doesnt", "didnt", "wont", "wouldnt", "cant", "couldnt", "shouldnt", "aint", "aren't",
        "isn't", "wasn't", "weren't", "don't", "doesn't", "didn't", "won't", "wouldn't",
        "can't", "couldn't", "shouldn't", "ain't", "hasn't", "haven't", "hasnt", "havent",
        "nope", "nah",
    }
)  # fmt: skip
_SCOPE_BREAKERS = frozenset({"but", "however", "though", "although", "yet", "instead", "whereas"})
_PUNCTUATION = frozenset('.,;:!?()[]{}"—–-…/|')
NEGATED_PREFIX = "NOT_"


def normalise(text: str) -> str:
    """Clean, casefold, unify apostrophes and spellings of mTOR ("m-TOR", "MTOR")."""
    text = clean(text).translate(_APOSTROPHES).casefold()
    return _MTOR_SPELLINGS.sub(lambda m: "mtor" + (m.group(1) or ""), text)


def tokens(text: str) -> list[str]:
    """Word and punctuation tokens of an already normalised text."""
    return _TOKEN.findall(text)


def mark_negation(text: str) -> str:
    """Normalise ``text`` and prefix every word inside a negation's scope with NOT_.

    Returns space-joined tokens, punctuation included, for a whitespace tokenizer.
    """
    marked: list[str] = []
    in_scope = False
    for token in tokens(normalise(text)):
        if token in _PUNCTUATION or token in _SCOPE_BREAKERS:
            in_scope = False
            marked.append(token)
        elif token in NEGATION_CUES or token.endswith("n't"):
            in_scope = True
            marked.append(token)
        else:
            marked.append(NEGATED_PREFIX + token if in_scope else token)
    return " ".join(marked)
