"""Where ``mythcheck scan`` gets its posts: files, folders (recursively, by
suffix) and standard input (``-``), each decoded strictly as UTF-8.

A path that cannot be read or decoded is not fatal: it becomes a ``Problem``
naming the file and the fix, and the other posts are still scanned.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claims.markup import MARKUP_BY_SUFFIX, markup_of

STDIN = "-"
STDIN_LABEL = "<stdin>"
SUFFIXES = ", ".join(MARKUP_BY_SUFFIX)


@dataclass(frozen=True)
class Post:
    """One text to scan: its label in reports, its text and how to read it."""

    label: str
    text: str
    markup: str


@dataclass(frozen=True)
class Problem:
    """An input that could not be scanned, and why."""

    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


def expand(arguments: list[str]) -> tuple[list[str], list[Problem]]:
    """The files (and ``-``) to scan, in order: each file as given, each folder's
    post files sorted, hidden files and folders skipped; and the problems."""
    sources: list[str] = []
    problems = []
    for argument in arguments:
        path = Path(argument)
        if argument == STDIN or path.is_file():
            sources.append(argument)
        elif path.is_dir():
            found = _post_files(path)
            if not found:
                problems.append(Problem(argument, f"no {SUFFIXES} files in this folder"))
            sources += found
        else:
            problems.append(Problem(argument, "no such file or folder"))
    return sources, problems


def read_post(source: str, stdin: BinaryIO, markup: str | None = None) -> Post | Problem:
    """The post at ``source`` (a path, or ``-`` for ``stdin``), or why it cannot be read.

    ``markup`` overrides the choice by suffix (standard input is auto-detected).
    """
    label = STDIN_LABEL if source == STDIN else source
    try:
        data = stdin.read() if source == STDIN else Path(source).read_bytes()
    except OSError as error:
        return Problem(label, f"cannot be read ({error.strerror or error})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Problem(
            label,
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8 and scan it again",
        )
    return Post(label, text, markup or ("auto" if source == STDIN else markup_of(source)))


def _post_files(folder: Path) -> list[str]:
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found += [
            os.path.join(root, name)
            for name in sorted(files)
            if not name.startswith(".") and Path(name).suffix.lower() in MARKUP_BY_SUFFIX
        ]
    return found


def posts(
    sources: list[str], stdin: BinaryIO, markup: str | None = None
) -> Iterator[Post | Problem]:
    """Read ``sources`` one by one, lazily."""
    for source in sources:
        yield read_post(source, stdin, markup)
