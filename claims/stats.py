"""Counts that describe a labelled corpus, and the minimums the shipped corpus
must meet (issue: "Myth catalogue and a labelled training corpus")."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from claims.catalogue import Catalogue
from claims.corpus import STYLES, is_hard_negative
from claims.text import duplicate_key
from claims.verdict import Verdict

MIN_MYTH_PER_ID = 120
MIN_CONSISTENT_PER_ID = 40
MIN_NO_MATCH = 1_000
MIN_HARD_NEGATIVE_SHARE = 0.40


@dataclass(frozen=True)
class CorpusStats:
    """The counts of a corpus and what falls short of the minimums."""

    rows: int
    per_myth: dict[str, dict[str, int]]
    per_style: dict[str, int]
    no_match: int
    hard_negatives: int
    duplicates: int
    shortfalls: list[str] = field(default_factory=list)

    @property
    def hard_negative_share(self) -> float:
        return self.hard_negatives / self.no_match if self.no_match else 0.0

    @property
    def meets_minimums(self) -> bool:
        return not self.shortfalls


def corpus_stats(corpus: pd.DataFrame, catalogue: Catalogue) -> CorpusStats:
    """Count ``corpus`` per myth and verdict, per style, and its hard negatives,
    and list every minimum it misses."""
    per_myth = {
        myth_id: {
            verdict: int(((corpus.myth_id == myth_id) & (corpus.verdict == verdict)).sum())
            for verdict in (Verdict.MYTH.value, Verdict.CONSISTENT.value)
        }
        for myth_id in catalogue.ids
    }
    per_style = {style: int((corpus["style"] == style).sum()) for style in STYLES}
    no_match_texts = corpus.text[corpus.verdict == Verdict.NO_MATCH]
    hard = int(sum(is_hard_negative(text) for text in no_match_texts))
    duplicates = int(corpus.text.map(duplicate_key).duplicated().sum())

    shortfalls = []
    for myth_id, counts in per_myth.items():
        if counts["myth"] < MIN_MYTH_PER_ID:
            shortfalls.append(f"{myth_id}: {counts['myth']} myth texts < {MIN_MYTH_PER_ID}")
        if counts["consistent"] < MIN_CONSISTENT_PER_ID:
            shortfalls.append(
                f"{myth_id}: {counts['consistent']} consistent texts < {MIN_CONSISTENT_PER_ID}"
            )
    if len(no_match_texts) < MIN_NO_MATCH:
        shortfalls.append(f"no_match: {len(no_match_texts)} texts < {MIN_NO_MATCH}")
    stats = CorpusStats(
        rows=len(corpus),
        per_myth=per_myth,
        per_style=per_style,
        no_match=len(no_match_texts),
        hard_negatives=hard,
        duplicates=duplicates,
        shortfalls=shortfalls,
    )
    if stats.hard_negative_share < MIN_HARD_NEGATIVE_SHARE:
        shortfalls.append(
            f"hard negatives: {stats.hard_negative_share:.0%} of no_match < "
            f"{MIN_HARD_NEGATIVE_SHARE:.0%}"
        )
    if duplicates:
        shortfalls.append(f"{duplicates} duplicate text(s) after normalisation")
    return stats
