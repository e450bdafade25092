"""Sentences of a blog post, with exact positions in the original text.

``split_sentences(text)`` reads plain text, Markdown or HTML (see
``claims.markup``) and returns ``Sentence`` s whose ``start`` and ``end`` are
offsets into ``text`` (``text[s.start:s.end] == s.source``), with a 1-based
line and column, and ``s.text``: the sentence without markup and with its
whitespace collapsed, which is what gets checked. Offsets and columns count
Unicode code points (Python string indices), not bytes or UTF-16 units.

Why hand-written rules and not a library (decided by measuring, May 2026,
with ``model.scan_benchmark.compare_segmenters``: every segmenter fed the same
plain-text blocks; speed on one core, sentences per second):

============  ==============  ===============  ============
segmenter     domain snippets  Golden Rules     speed
============  ==============  ===============  ============
these rules   72 / 72         36 / 48          ~110,000 /s
pysbd 0.3.4   62 / 72         42 / 48            ~3,500 /s
syntok 1.4.4  62 / 72         32 / 48           ~13,000 /s
blingfire     61 / 72         35 / 48           ~45,000 /s
============  ==============  ===============  ============

The domain snippets (``tests/fixtures/scan/segmentation/snippets.txt``) were
written with these rules, so they favour them; the English Golden Rules of
pysbd's own repository favour pysbd (these rules scored 30 / 48 before the
generic fixes their failures pointed to; the 12 left are inline lists without
line breaks, "Yahoo!" and literary ellipses, which blogs rarely have). pysbd
splits best on the Golden Rules but is thirty times too slow for the 20,000
sentences/s target, splits "approx. 20 g" and breaks at single line breaks.
syntok and blingfire keep "Coffee is fine. mTOR is not..." as one sentence: a
sentence starting with lower-case "mTOR" is common here. blingfire is also a
99 MB wheel. So: no dependency, and the rules below.

Rules, applied inside one block (a paragraph, heading, list item or cell):

- a sentence ends at ``.``, ``!``, ``?``, ``…`` or ``...`` (with any closing
  quotes or brackets after it) followed by whitespace, or at the block's end;
- ``!`` and ``?`` always end one, except inside quotes before a lower-case word
  (“Is it?” she asked); an ellipsis ends one only before a capital;
- a period does not end one after a title or Latin abbreviation (Dr., e.g.,
  vs., approx.), before a number after No., Fig., Jan. and the like, after a
  single initial unless a common sentence opener follows (J. K. Rowling;
  vitamin D. It...) or an acronym (U.S.) likewise, nor after a list number
  before a lower-case word, nor when the sentence would be only a list marker
  ("1.)"); after etc., et al. or min. it ends one only before a capital;
- an emoji run followed by a capitalised word ends a sentence (informal posts
  use emoji as full stops);
- a sentence longer than ``MAX_CLAIM_CHARS`` is cut at the last space before
  the limit, so that every piece can be checked;
- a "sentence" without a letter or digit (a lone emoji, a row of dashes) is
  dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from claims.markup import MARKUPS, Block, detect_markup, html_blocks, plain_blocks
from claims.text import MAX_CLAIM_CHARS

BlockSplitter = Callable[[str], list[tuple[int, int]]]
"""Turns a block's plain text into sentence (start, end) spans."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: where it is in the original text, and its plain text."""

    start: int
    """Offset of the first character in the original text."""
    end: int
    """Offset just after the last character in the original text."""
    line: int
    """1-based line of ``start``."""
    column: int
    """1-based column of ``start`` (code points)."""
    text: str
    """The sentence without markup, whitespace collapsed: what is checked."""
    source: str
    """``original[start:end]``, markup and line breaks included."""


_TERMINAL = re.compile(r"(?:\.(?:[ \u00a0]\.){2,}|[.!?‽…]+)(?P<closers>[\"'”’»)\]]*)(?=\s|$)")
_EMOJI = (
    "\u2600-\u27bf\u2b50\u2b55\u2b06\u2934\u2935\U0001f000-\U0001faff"
)
_EMOJI_END = re.compile(rf"[{_EMOJI}][{_EMOJI}\ufe0f\u200d]*(?=[ \t]+[A-Z])")
_SPACE = re.compile(r"\s*")
_WHITESPACE_RUN = re.compile(r"\s+")
_HAS_WORD = re.compile(r"[^\W_]")
_ACRONYM = re.compile(r"(?:[a-z]{1,2}\.){2,}")
_LIST_MARKER = re.compile(r"\s*(?:\d{1,3}|[A-Za-z])\.\)?")
_OPENERS = "([{\"'“‘«"

NEVER_END = frozenset(
    {
        "mr.", "mrs.", "ms.", "dr.", "prof.", "sr.", "jr.", "st.", "mt.", "vs.", "v.", "e.g.",
        "i.e.", "cf.", "ca.", "approx.", "incl.", "excl.", "esp.", "viz.", "resp.", "fig.", "figs.",
        "eq.", "eqs.", "ref.", "refs.", "vol.", "vols.", "ch.", "chap.", "pp.", "ed.", "eds.",
        "univ.", "gen.", "col.", "lt.", "sgt.", "rev.", "capt.", "gov.", "sen.", "rep.", "pres.",
        "dept.", "ibid.", "op."
    }
)  # fmt: skip
"""Abbreviations that never end a sentence."""
BEFORE_NUMBER = frozenset(
    {
        "no.", "nos.", "nr.", "n°.", "art.", "p.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.",
        "aug.", "sep.", "sept.", "oct.", "nov.", "dec."
    }
)  # fmt: skip
"""Abbreviations that do not end a sentence when a number follows."""
MAY_END = frozenset(
    {
        "etc.", "al.", "inc.", "ltd.", "co.", "corp.", "llc.", "bros.", "min.", "max.", "hr.",
        "hrs.", "sec.", "wk.", "wks.", "yr.", "yrs.", "mo.", "mos.", "oz.", "lb.", "lbs.", "tbsp.",
        "tsp.", "avg.", "est."
    }
)  # fmt: skip
"""Abbreviations that end a sentence only when a capital follows."""
SENTENCE_OPENERS = frozenset(
    {
        "A", "An", "The", "This", "That", "These", "Those", "It", "Its", "I", "We", "You", "He",
        "She", "They", "There", "Here", "But", "And", "So", "Or", "If", "In", "On", "At", "For",
        "As", "My", "Our", "Your", "His", "Her", "Their", "What", "Why", "How", "When", "Where",
        "Who", "Which", "Most", "Many", "Some", "No", "Not", "Yes", "Also", "Then", "However",
        "Still", "Yet", "Each", "Every", "All", "Both", "One", "Is", "Are", "Do", "Does", "Did",
        "Was", "Were", "Have", "Has", "Had", "Can", "Could", "Will", "Would", "Should", "May",
        "Might", "Let", "Please"
    }
)  # fmt: skip
"""Words that, after a single initial ("vitamin D.") or an acronym ("U.S."), show
that a new sentence began."""


def split_sentences(
    text: str,
    markup: str = "auto",
    max_chars: int = MAX_CLAIM_CHARS,
    splitter: BlockSplitter | None = None,
) -> list[Sentence]:
    """The sentences of ``text`` read as ``markup`` (auto, text, markdown, html).

    ``splitter`` replaces the sentence rules inside each block (used to measure
    other segmenters on the same blocks); the rules above by default.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    split_block = splitter or block_spans
    lines = _LineIndex(text)
    sentences = []
    for block in to_blocks(text, markup):
        plain = block.text
        for start, end in split_block(plain):
            for piece_start, piece_end in _capped(plain, start, end, max_chars):
                sentence_text = _WHITESPACE_RUN.sub(" ", plain[piece_start:piece_end])
                if not _HAS_WORD.search(sentence_text):
                    continue
                origin = block.source_start(piece_start)
                origin_end = block.source_end(piece_end)
                line, column = lines.position(origin)
                source = text[origin:origin_end]
                sentences.append(Sentence(origin, origin_end, line, column, sentence_text, source))
    return sentences


def to_blocks(text: str, markup: str = "auto") -> list[Block]:
    """The prose blocks of ``text`` read as ``markup`` (one of ``MARKUPS``)."""
    if markup == "auto":
        markup = detect_markup(text)
    if markup == "text":
        return plain_blocks(text)
    if markup == "markdown":
        from claims.markdown import markdown_blocks

        return markdown_blocks(text)
    if markup == "html":
        return html_blocks(text)
    raise ValueError(f"markup must be one of {', '.join(MARKUPS)}, not {markup!r}")


def block_spans(plain: str) -> list[tuple[int, int]]:
    """Sentence spans in one block's plain text, by the rules above."""
    boundaries: list[int] = []
    for match in _TERMINAL.finditer(plain):
        if _LIST_MARKER.fullmatch(plain, boundaries[-1] if boundaries else 0, match.end()):
            continue  # "1.)" or "a." opening an item is not a sentence
        following = _SPACE.match(plain, match.end()).end()
        if _ends_sentence(plain, match, following):
            boundaries.append(match.end())
    emoji_ends = []
    for match in _EMOJI_END.finditer(plain):
        before = bisect_right(boundaries, match.start())
        if _HAS_WORD.search(plain, boundaries[before - 1] if before else 0, match.start()):
            emoji_ends.append(match.end())
    if emoji_ends:
        boundaries = sorted(boundaries + emoji_ends)
    sentence_start = 0
    spans = []
    for boundary in (*boundaries, len(plain)):
        start = _SPACE.match(plain, sentence_start).end()
        end = len(plain[start:boundary].rstrip()) + start
        if end > start:
            spans.append((start, end))
        sentence_start = boundary
    return spans


def _ends_sentence(plain: str, match: re.Match[str], following: int) -> bool:
    if following >= len(plain):
        return True
    first = plain[following]
    terminal = plain[match.start() : match.start("closers")]
    if match["closers"] and first.islower():
        return False
    if "…" in terminal or ". ." in terminal or ".." in terminal:
        return first.isupper()
    if "!" in terminal or "?" in terminal or "‽" in terminal:
        return True
    token_start = max(plain.rfind(" ", 0, match.start()), plain.rfind("\n", 0, match.start()),
                      plain.rfind("\t", 0, match.start())) + 1  # fmt: skip
    token = plain[token_start : match.start() + 1].lstrip(_OPENERS).lower()
    if token in NEVER_END or (token in BEFORE_NUMBER and first.isdigit()):
        return False
    if token in MAY_END:
        return first.isupper()
    if _ACRONYM.fullmatch(token) or (len(token) == 2 and token[0].isalpha()):
        next_word = plain[following : following + 12].split(maxsplit=1)[0]
        return next_word.rstrip(",;:") in SENTENCE_OPENERS
    return not (first.islower() and token[:-1].isdigit())


def _capped(plain: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """``(start, end)``, cut at spaces into pieces of at most ``max_chars``."""
    pieces = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = max(plain.rfind(space, start + max_chars // 2, limit + 1) for space in " \n\t")
        cut = cut if cut > start else limit
        pieces.append((start, len(plain[start:cut].rstrip()) + start))
        start = _SPACE.match(plain, cut).end()
    pieces.append((start, end))
    return [(s, e) for s, e in pieces if e > s]


class _LineIndex:
    """1-based line and column of an offset, by bisecting the line starts."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        position = text.find("\n")
        while position != -1:
            self._starts.append(position + 1)
            position = text.find("\n", position + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
