"""Blog markup to plain prose with a map back to the original.

A post becomes a list of ``Block`` s: runs of prose that no sentence crosses (a
paragraph, a heading, a list item, a table cell). Each block's ``text`` is
free of markup, and every one of its characters knows its offset in the
original, so a sentence found in the prose has exact offsets into the post.

- plain text: blank lines and bullet lines (``-``, ``*``, ``•``, ``1.``) start
  a block; the bullet itself is not prose. Single line breaks are soft.
- Markdown (see ``claims.markdown``): headings, lists, quotes, tables,
  emphasis, links and images; fenced and indented code and front matter skipped.
- HTML: tags stripped, entities decoded, script, style, pre, head (and a few
  other non-prose elements) dropped; block-level tags end a block.

Whitespace is kept as it is in the original: collapsing it is the sentence
splitter's job, so that the map stays a handful of runs per block.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

Markup = Literal["auto", "text", "markdown", "html"]
MARKUPS: tuple[str, ...] = ("auto", "text", "markdown", "html")
MARKUP_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
"""How a post file is read, by its suffix; the suffixes a folder scan picks up."""


@dataclass(frozen=True, slots=True)
class Block:
    """Prose no sentence crosses, and where each of its characters came from.

    ``runs`` holds ``(text_start, text_length, source_start, source_length)``
    tuples in order. A run whose two lengths are equal maps character by
    character; any other run (a decoded entity, an escape) maps as a whole.
    """

    text: str
    runs: tuple[tuple[int, int, int, int], ...]

    def source_start(self, index: int) -> int:
        """Offset in the original of the character at ``text[index]``."""
        text_start, text_length, source_start, source_length = self._run(index)
        if text_length == source_length:
            return source_start + index - text_start
        return source_start

    def source_end(self, end: int) -> int:
        """Offset in the original just after the character at ``text[end - 1]``."""
        text_start, text_length, source_start, source_length = self._run(end - 1)
        if text_length == source_length:
            return source_start + end - text_start
        return source_start + source_length

    def _run(self, index: int) -> tuple[int, int, int, int]:
        if len(self.runs) == 1:
            return self.runs[0]
        position = bisect_right(self.runs, (index, float("inf"))) - 1
        return self.runs[position]


class BlockBuilder:
    """Collects pieces of the original (copied or replaced) into blocks."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._runs: list[tuple[int, int, int, int]] = []
        self._size = 0

    @property
    def empty(self) -> bool:
        return not self._parts

    def copy(self, start: int, end: int) -> None:
        """Take ``source[start:end]`` as it is."""
        if end <= start:
            return
        if self._runs:
            text_start, text_length, source_start, source_length = self._runs[-1]
            if text_length == source_length and source_start + source_length == start:
                self._runs[-1] = (text_start, text_length + end - start, source_start,
                                  source_length + end - start)  # fmt: skip
                self._parts.append(self.source[start:end])
                self._size += end - start
                return
        self._add(self.source[start:end], start, end)

    def replace(self, text: str, start: int, end: int) -> None:
        """Take ``text`` in place of ``source[start:end]`` (an entity, an escape)."""
        if text == self.source[start:end]:
            self.copy(start, end)
        elif text:
            self._add(text, start, end)

    def _add(self, text: str, start: int, end: int) -> None:
        self._runs.append((self._size, len(text), start, end - start))
        self._parts.append(text)
        self._size += len(text)

    def flush(self) -> None:
        """End the current block."""
        if self._parts:
            self.blocks.append(Block("".join(self._parts), tuple(self._runs)))
        self._parts, self._runs, self._size = [], [], 0


# -- plain text -------------------------------------------------------------

_BULLET = r"(?:[-*+•◦▪‣–]|\d{1,3}[.)])[ \t]+"
_PLAIN_BREAK = re.compile(rf"\r?\n(?:[ \t]*\r?\n)+|\r?\n(?=[ \t]*{_BULLET}\S)")
_LEADING_BULLET = re.compile(rf"[ \t]*{_BULLET}(?=\S)")


def plain_blocks(source: str) -> list[Block]:
    """Paragraphs and bullet items of plain text, each as it is in the original."""
    blocks = []
    start = 0
    for match in (*_PLAIN_BREAK.finditer(source), None):
        end = match.start() if match else len(source)
        bullet = _LEADING_BULLET.match(source, start, end)
        if bullet:
            start = bullet.end()
        if end > start:
            blocks.append(Block(source[start:end], ((0, end - start, start, end - start),)))
        if match:
            start = match.end()
    return blocks


# -- HTML -------------------------------------------------------------------

_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_SKIPPED = "script|style|noscript|template|pre|svg|math|head|textarea|iframe|object|select"
_HTML_TOKEN = re.compile(
    rf"""<!--.*?(?:-->|\Z)
    |<(?P<skipped>{_SKIPPED})\b{_ATTRIBUTES}>.*?(?:</(?P=skipped)\s*>|\Z)
    |</?(?P<tag>[A-Za-z][A-Za-z0-9-]*){_ATTRIBUTES}>
    |<![^>]*>|<\?[^>]*>
    |(?P<entity>&(?:\#[0-9]{{1,7}}|\#[xX][0-9a-fA-F]{{1,6}}|[A-Za-z][A-Za-z0-9]{{1,31}});?)""",
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"
    }
)  # fmt: skip
"""Tags that end a block of prose: a sentence never runs across them."""


def html_blocks(source: str) -> list[Block]:
    """The prose of an HTML document or fragment."""
    builder = BlockBuilder(source)
    position = 0
    for match in _HTML_TOKEN.finditer(source):
        builder.copy(position, match.start())
        position = match.end()
        if match["entity"]:
            builder.replace(html.unescape(match["entity"]), match.start(), match.end())
        elif match["skipped"] or (match["tag"] and match["tag"].lower() in BLOCK_TAGS):
            builder.flush()
    builder.copy(position, len(source))
    builder.flush()
    return builder.blocks


# -- choosing ---------------------------------------------------------------

_HTML_HINT = re.compile(
    r"<(?:!doctype|html|head|body|p|div|br|h[1-6]|article|section|ul|ol|li|span|a|em|strong"
    r"|table)\b[^>]*>",
    re.IGNORECASE,
)
_MARKDOWN_HINT = re.compile(
    r"^ {0,3}(?:#{1,6}[ \t]|```|~~~|>|[-*+][ \t]|\d{1,9}[.)][ \t])|\]\(|\*\*\S|__\S", re.MULTILINE
)
_SNIFF_CHARS = 20_000


def markup_of(name: str) -> str:
    """The markup of a file named ``name``: by suffix, else ``auto``."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return MARKUP_BY_SUFFIX.get(suffix, "auto")


def detect_markup(source: str) -> str:
    """Guess ``html``, ``markdown`` or ``text`` from the first characters of a post.

    A text that opens with a tag is HTML; otherwise Markdown block or inline
    syntax means Markdown, any common tag means HTML, and the rest is text.
    """
    sample = source[:_SNIFF_CHARS]
    if sample.lstrip().startswith("<") and _HTML_HINT.search(sample):
        return "html"
    if _MARKDOWN_HINT.search(sample):
        return "markdown"
    return "html" if _HTML_HINT.search(sample) else "text"
