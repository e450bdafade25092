"""A one-line progress report on stderr for long scans: drawn only when stderr
is a terminal, first after half a second (short scans never flicker), then at
most ten times a second, and erased at the end."""

from __future__ import annotations

import time
from typing import TextIO

FIRST_DRAW_SECONDS = 0.5
REDRAW_SECONDS = 0.1


class Progress:
    """Counts posts and sentences; ``total`` (posts or bytes) gives a percentage."""

    def __init__(self, stream: TextIO, total: int | None = None, enabled: bool | None = None):
        self.stream = stream
        self.total = total
        self.enabled = stream.isatty() if enabled is None else enabled
        self.posts = self.sentences = 0
        self._started = time.monotonic()
        self._next_draw = self._started + FIRST_DRAW_SECONDS
        self._drawn = False

    def advance(self, posts: int = 0, sentences: int = 0, done: int | None = None) -> None:
        """Add ``posts`` and ``sentences``; ``done`` is progress towards ``total``
        (default: the posts so far)."""
        self.posts += posts
        self.sentences += sentences
        now = time.monotonic()
        if self.enabled and now >= self._next_draw:
            self._draw(self.posts if done is None else done, now)
            self._next_draw = now + REDRAW_SECONDS

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()

    def _draw(self, done: int, now: float) -> None:
        rate = self.sentences / max(now - self._started, 1e-9)
        share = f"{min(done / self.total, 1.0):4.0%} " if self.total else ""
        self.stream.write(f"\rscanning {share}{self.posts:,} posts, {self.sentences:,} sentences "
                          f"({rate:,.0f}/s)\x1b[K")  # fmt: skip
        self.stream.flush()
        self._drawn = True
