"""Markdown to prose blocks, line by line, keeping every offset.

Enough of CommonMark and GitHub-flavoured Markdown for blog posts, not a full
parser: ATX and setext headings, bullet and numbered lists (task boxes too),
block quotes, tables (one block per cell), emphasis, strike-through, inline
code, links, reference links, images (dropped), footnote marks (dropped),
autolinks, inline HTML tags (dropped), entities and backslash escapes. Fenced
code, indented code (outside lists), front matter, thematic breaks and link
reference definitions are not prose and are skipped.
"""

from __future__ import annotations

import html
import re

from claims.markup import Block, BlockBuilder

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSING = re.compile(r"(?:[ \t]+#+)?[ \t]*$")
_SETEXT_OR_BREAK = re.compile(
    r" {0,3}(?:=+|-+|(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})[ \t]*$"
)
_REFERENCE_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
_QUOTE = re.compile(r"(?:[ \t]{0,3}>[ \t]?)+")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_EMPHASIS = r"(?:\*{1,3}|_{1,3}|~~)"
_INLINE = re.compile(
    rf"""(?P<drop>
        !\[[^\]\n]*\]\((?:[^()\n]|\([^()\n]*\))*\)     # image
        |\[\^[^\]\n]+\]                                 # footnote mark
        |\[(?=[^\]\n]*\](?:\(|\[))                      # the [ of a link
        |\]\((?:[^()\n]|\([^()\n]*\))*\)|\]\[[^\]\n]*\] # the ](url) or ][ref] of a link
        |</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->  # inline HTML
        |`+                                             # code span delimiters
        |(?<![\w*_~]){_EMPHASIS}(?=[^\s*_~])|(?<=[^\s*_~]){_EMPHASIS}(?![\w*_~])
    )
    |<(?P<autolink>(?:https?|mailto):[^>\s]+)>
    |(?P<entity>&(?:\#[0-9]{{1,7}}|\#[xX][0-9a-fA-F]{{1,6}}|[A-Za-z][A-Za-z0-9]{{1,31}});)
    |\\(?P<escape>[\\`*_{{}}\[\]()#+\-.!|<>~])""",
    re.VERBOSE,
)


def markdown_blocks(source: str) -> list[Block]:
    """The prose of a Markdown document."""
    builder = BlockBuilder(source)
    lines = _lines(source)
    fence: str | None = None
    in_list = False
    previous_blank = True
    previous_end = -1
    for number in range(_front_matter_lines(source, lines), len(lines)):
        start, end = lines[number]
        line = source[start:end]
        if fence is not None:
            closing = _FENCE.match(line)
            if closing and closing[1][0] == fence[0] and len(closing[1]) >= len(fence):
                fence = None if not line[closing.end() :].strip() else fence
            continue
        if not line.strip():
            builder.flush()
            previous_blank = True
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        if previous_blank and indent == 0 and not _LIST_ITEM.match(line):
            in_list = False  # a list ends at a blank line and an unindented line
        opening = _FENCE.match(line)
        if opening:
            builder.flush()
            fence = opening[1]
        elif indent >= 4 and not in_list and (previous_blank or builder.empty):
            builder.flush()  # indented code
        else:
            following = source[slice(*lines[number + 1])] if number + 1 < len(lines) else ""
            quote = _QUOTE.match(line)
            content = start + (quote.end() if quote else 0)
            opened = _structure(builder, source, content, end, following)
            if opened is None:  # a paragraph line, maybe continuing the block
                if not builder.empty:
                    builder.copy(previous_end, previous_end + 1)  # the soft line break
                _inline(builder, source, content, end)
            in_list = in_list or opened == "item"
            previous_end = end
        previous_blank = False
    builder.flush()
    return builder.blocks


def _structure(
    builder: BlockBuilder, source: str, start: int, end: int, following: str
) -> str | None:
    """Handle a line that is, or starts, a block of its own: ``"closed"`` when the
    block is complete, ``"item"`` for a list item whose block stays open for
    continuation lines, None for a paragraph line."""
    line = source[start:end]
    heading = _ATX.match(line)
    if heading:
        builder.flush()
        closing = _ATX_CLOSING.search(line, heading.end())
        _inline(builder, source, start + heading.end(), start + (closing.start() if closing else 0))
        builder.flush()
        return "closed"
    if _SETEXT_OR_BREAK.match(line) or _REFERENCE_DEFINITION.match(line):
        builder.flush()
        return "closed"
    if _TABLE_RULE.match(line):
        return "closed"
    item = _LIST_ITEM.match(line)
    if item:
        builder.flush()
        _inline(builder, source, start + item.end(), end)
        return "item"
    if "|" in line and (line.lstrip().startswith("|") or _TABLE_RULE.match(following)):
        builder.flush()
        cell_start = start
        for separator in (*_CELL_SEPARATOR.finditer(source, start, end), None):
            cell_end = separator.start() if separator else end
            _inline(builder, source, cell_start, cell_end)
            builder.flush()
            cell_start = separator.end() if separator else end
        return "closed"
    return None


def _inline(builder: BlockBuilder, source: str, start: int, end: int) -> None:
    position = start
    for match in _INLINE.finditer(source, start, end):
        builder.copy(position, match.start())
        position = match.end()
        if match["autolink"]:
            builder.replace(match["autolink"], match.start(), match.end())
        elif match["entity"]:
            builder.replace(html.unescape(match["entity"]), match.start(), match.end())
        elif match["escape"]:
            builder.replace(match["escape"], match.start(), match.end())
    builder.copy(position, end)


def _lines(source: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    spans = []
    start = 0
    for line in source.split("\n"):
        end = start + len(line)
        spans.append((start, end - 1 if line.endswith("\r") else end))
        start = end + 1
    return spans


def _front_matter_lines(source: str, lines: list[tuple[int, int]]) -> int:
    """How many lines of YAML front matter open the document (0 for none)."""
    if not lines or source[slice(*lines[0])] != "---":
        return 0
    for number, span in enumerate(lines[1:], 1):
        if source[slice(*span)] in ("---", "..."):
            return number + 1
    return 0
