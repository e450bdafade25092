"""Measuring the scanner: sentences per second of splitting alone and of
scanning a folder of posts, and the comparison of sentence segmenters behind
the choice written down in ``claims.sentences``.

Importable functions that return numbers; the BENCHMARKS.md generator calls
them, nobody types their output into docs. Other segmenters (pysbd, syntok,
blingfire) are optional: ``available_segmenters`` offers those installed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claims.markup import MARKUP_BY_SUFFIX, markup_of
from claims.sentences import BlockSplitter, block_spans, split_sentences
from model.classifier import Classifier
from model.scan import scan_sentences

SEED = 20260505
OPEN, CLOSE = "⟦", "⟧"
"""Brackets around each expected sentence in a marked case."""


@dataclass(frozen=True)
class Throughput:
    """Sentences handled in some seconds, on one core."""

    name: str
    sentences: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds else float("inf")


@dataclass(frozen=True)
class MarkedCase:
    """A text and the (start, end) of each sentence it should split into."""

    text: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SegmenterScore:
    """How one segmenter did on the marked cases and on the speed corpus."""

    name: str
    cases: int
    right: int
    precision: float
    recall: float
    per_second: float


def split_throughput(
    texts: Sequence[str],
    markup: str = "text",
    min_seconds: float = 1.0,
    splitter: BlockSplitter | None = None,
) -> Throughput:
    """Split ``texts`` repeatedly for at least ``min_seconds``."""
    sentences, seconds = 0, 0.0
    while seconds < min_seconds or not sentences:
        began = time.perf_counter()
        sentences += sum(len(split_sentences(t, markup, splitter=splitter)) for t in texts)
        seconds += time.perf_counter() - began
    return Throughput(f"split ({markup})", sentences, seconds)


def scan_throughput(classifier: Classifier, folder: Path) -> Throughput:
    """Read, split and check every post under ``folder`` once."""
    began = time.perf_counter()
    paths = sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in MARKUP_BY_SUFFIX)
    documents = (split_sentences(p.read_text("utf-8"), markup_of(p.name)) for p in paths)
    sentences = sum(report.sentences for report in scan_sentences(classifier, documents))
    return Throughput(f"scan ({len(paths)} posts)", sentences, time.perf_counter() - began)


def sample_paragraphs(
    texts: Sequence[str], count: int = 500, per_paragraph: int = 6, seed: int = SEED
) -> list[str]:
    """Plain-text paragraphs of ``per_paragraph`` sentences drawn from ``texts``."""
    generator = random.Random(seed)
    sentences = [_as_sentence(t) for t in texts if t.strip()]
    return [" ".join(generator.choices(sentences, k=per_paragraph)) for _ in range(count)]


def write_posts(
    folder: Path, texts: Sequence[str], count: int = 200, seed: int = SEED
) -> list[Path]:
    """Write ``count`` Markdown posts made of ``texts`` into ``folder``: a title,
    paragraphs, a bullet list and a code block each."""
    generator = random.Random(seed)
    sentences = [_as_sentence(t) for t in texts if t.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        pick = generator.choices(sentences, k=24)
        bullets = "\n".join(f"- {s.rstrip('.')}" for s in pick[18:22])
        body = (
            f"# Post {number}\n\n{' '.join(pick[:6])}\n\n{' '.join(pick[6:12])}\n\n"
            f"{bullets}\n\n```python\nprint('not prose')\n```\n\n{' '.join(pick[12:18])}\n"
        )
        path = folder / f"post-{number:04d}.md"
        path.write_text(body, "utf-8")
        paths.append(path)
    return paths


def read_marked_cases(path: Path) -> list[MarkedCase]:
    r"""Cases from a file of lines with each sentence in ⟦ ⟧; ``\n`` and ``\r``
    stand for line breaks, and lines starting with ``#`` are comments."""
    cases = []
    for raw in Path(path).read_text("utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            cases.append(marked_case(raw.replace("\\r", "\r").replace("\\n", "\n")))
    return cases


def marked_case(marked: str) -> MarkedCase:
    """The text without the brackets, and the span of each bracketed sentence."""
    text: list[str] = []
    spans = []
    start = 0
    for character in marked:
        if character == OPEN:
            start = len(text)
        elif character == CLOSE:
            spans.append((start, len(text)))
        else:
            text.append(character)
    return MarkedCase("".join(text), tuple(spans))


def cases_from_pairs(pairs: Sequence[tuple[str, Sequence[str]]]) -> list[MarkedCase]:
    """Marked cases from (text, expected sentences) pairs, such as pysbd's English
    Golden Rules; a pair whose sentences are not found in order is left out."""
    cases = []
    for text, expected in pairs:
        spans, position = [], 0
        for sentence in expected:
            start = text.find(sentence, position)
            if start < 0:
                break
            spans.append((start, start + len(sentence)))
            position = start + len(sentence)
        else:
            cases.append(MarkedCase(text, tuple(spans)))
    return cases


def compare_segmenters(
    cases: Sequence[MarkedCase],
    paragraphs: Sequence[str],
    segmenters: dict[str, BlockSplitter] | None = None,
) -> list[SegmenterScore]:
    """Score each segmenter (on the same plain-text blocks) on ``cases``: exact
    cases, sentence-end precision and recall; and its speed on ``paragraphs``."""
    scores = []
    for name, splitter in (segmenters or available_segmenters()).items():
        right, found, expected, correct = 0, 0, 0, 0
        for case in cases:
            found_sentences = split_sentences(case.text, "text", splitter=splitter)
            spans = {(s.start, s.end) for s in found_sentences}
            right += spans == set(case.spans)
            ends, wanted = {end for _, end in spans}, {end for _, end in case.spans}
            found, expected = found + len(ends), expected + len(wanted)
            correct += len(ends & wanted)
        speed = split_throughput(paragraphs, "text", min_seconds=0.5, splitter=splitter)
        scores.append(SegmenterScore(name, len(cases), right, correct / max(found, 1),
                                     correct / max(expected, 1), speed.per_second))  # fmt: skip
    return scores


def available_segmenters() -> dict[str, BlockSplitter]:
    """The hand-written rules, and every optional segmenter that is installed."""
    segmenters: dict[str, BlockSplitter] = {"rules": block_spans}
    for name, factory in _OPTIONAL.items():
        try:
            segmenters[name] = factory()
        except ImportError:
            continue
    return segmenters


def _pysbd() -> BlockSplitter:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return lambda plain: _trimmed(plain, [(s.start, s.end) for s in segmenter.segment(plain)])


def _syntok() -> BlockSplitter:
    from syntok import segmenter

    def split(plain: str) -> list[tuple[int, int]]:
        sentences = [s for paragraph in segmenter.analyze(plain) for s in paragraph]
        return _trimmed(plain, [(s[0].offset, s[-1].offset + len(s[-1].value)) for s in sentences])

    return split


def _blingfire() -> BlockSplitter:
    import blingfire

    return lambda plain: _trimmed(plain, list(blingfire.text_to_sentences_and_offsets(plain)[1]))


_OPTIONAL: dict[str, Callable[[], BlockSplitter]] = {
    "pysbd": _pysbd,
    "syntok": _syntok,
    "blingfire": _blingfire,
}


def _trimmed(plain: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    trimmed = []
    for start, end in spans:
        piece = plain[start:end]
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        if end > start:
            trimmed.append((start, end))
    return trimmed


def _as_sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text[-1] in ".!?" else text + "."
