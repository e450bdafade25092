"""Scanning posts: split each into sentences, check the sentences in batches,
and report the ones that repeat or rebut a myth, with their positions.

Pure functions, text in and ``ScanReport`` out, shared by ``mythcheck scan``
and ``POST /v1/scan``. Sentences of consecutive posts are checked together,
``BATCH_SENTENCES`` at a time, so that many short posts cost a few calls to
the classifier, not one per post, and a long post never holds more than one
batch of results in memory.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from claims.errors import InputError
from claims.finding import Finding, ScanReport
from claims.sentences import Sentence, split_sentences
from claims.text import MAX_CLAIM_CHARS, clean
from claims.verdict import Verdict
from model.classifier import Classifier

BATCH_SENTENCES = 2_000
"""Sentences handed to ``Classifier.check`` at once."""


def scan_text(
    classifier: Classifier,
    text: str,
    min_confidence: float | None = None,
    include_all: bool = False,
    markup: str = "auto",
) -> ScanReport:
    """Check every sentence of ``text`` (plain text, Markdown or HTML; ``markup``
    is ``auto``, ``text``, ``markdown`` or ``html``).

    Findings are the sentences that repeat (``myth``) or rebut (``consistent``)
    a myth; with ``include_all`` every sentence, ``no_match`` ones included.
    ``min_confidence`` overrides the model's threshold. Raises InputError for a
    non-text ``text`` or a ``min_confidence`` outside [0, 1].
    """
    if not isinstance(text, str):
        raise InputError(f"a text to scan must be text, not {type(text).__name__}", "invalid_type")
    return next(scan_sentences(classifier, [split_sentences(text, markup)],
                               min_confidence, include_all))  # fmt: skip


def scan_sentences(
    classifier: Classifier,
    documents: Iterable[Sequence[Sentence]],
    min_confidence: float | None = None,
    include_all: bool = False,
    batch_sentences: int = BATCH_SENTENCES,
) -> Iterator[ScanReport]:
    """One report per document (a list of its sentences), in order, lazily.

    Documents are read ahead until a batch is full, so a caller streaming
    thousands of posts gets their reports batch by batch.
    """
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise InputError(
            f"min_confidence must be between 0 and 1, not {min_confidence}",
            "invalid_min_confidence",
        )
    pending: list[Sequence[Sentence]] = []
    size = 0
    for sentences in documents:
        pending.append(sentences)
        size += len(sentences)
        if size >= batch_sentences:
            yield from _reports(classifier, pending, min_confidence, include_all, batch_sentences)
            pending, size = [], 0
    if pending:
        yield from _reports(classifier, pending, min_confidence, include_all, batch_sentences)


def _reports(
    classifier: Classifier,
    documents: list[Sequence[Sentence]],
    min_confidence: float | None,
    include_all: bool,
    batch_sentences: int,
) -> Iterator[ScanReport]:
    located = [(number, sentence) for number, sentences in enumerate(documents)
               for sentence in sentences]  # fmt: skip
    findings: list[list[Finding]] = [[] for _ in documents]
    for first in range(0, len(located), batch_sentences):
        batch = located[first : first + batch_sentences]
        results = classifier.check([checkable(s.text) for _, s in batch], min_confidence)
        for (number, sentence), result in zip(batch, results, strict=True):
            if include_all or result.verdict is not Verdict.NO_MATCH:
                findings[number].append(Finding.at(sentence, result))
    for sentences, found in zip(documents, findings, strict=True):
        yield ScanReport(sentences=len(sentences), findings=found)


def checkable(text: str) -> str:
    """``text`` as the classifier accepts it: the splitter caps sentences at
    ``MAX_CLAIM_CHARS``, but compatibility normalisation can lengthen a rare
    one (a ligature, a "㎏"), so such a sentence is normalised and cut here."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    cleaned = clean(text)
    return cleaned[:MAX_CLAIM_CHARS] if len(cleaned) > MAX_CLAIM_CHARS else text
