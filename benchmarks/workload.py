"""What every benchmark measures on: the run's settings, the corpus split, and
the distinct claims sent to every system."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from claims.corpus import load_corpus
from claims.split import split_corpus
from claims.text import duplicate_key
from model.training import SEED


@dataclass(frozen=True)
class BenchConfig:
    """Counts and time bounds of one run. Every loop stops at its count or its
    time bound, whichever comes first, and reports how many it measured."""

    batch_claims: int = 10_000
    """Distinct claims in the batch-throughput call."""
    batch_repeats: int = 3
    single_claims: int = 2_000
    """Distinct claims checked one at a time for the latency percentiles."""
    single_seconds: float = 30.0
    baseline_single: int = 300
    """One-at-a-time claims for each baseline (the embedding one is slow)."""
    baseline_seconds: float = 60.0
    """Time bound of each baseline's batch throughput."""
    http_seconds: float = 10.0
    """Duration of each HTTP load level."""
    http_concurrency: tuple[int, ...] = (1, 16, 64)
    http_batch_size: int = 1_000
    """Claims per POST /v1/check/batch (the service's default limit)."""
    cold_starts: int = 3
    posts: int = 200
    """Markdown posts written for the scan throughput."""
    threads: int = 1
    """BLAS and torch threads in every measured process (2 shared cores here)."""
    seed: int = SEED
    corpus_step: int = 1
    """Every n-th row of each split for the baselines and the accuracy (1: all rows)."""
    embedding: bool = True
    http: bool = True
    profile: bool = True
    worker_timeout: float = 900.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["http_concurrency"] = list(self.http_concurrency)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BenchConfig:
        return cls(**{**data, "http_concurrency": tuple(data["http_concurrency"])})


QUICK = BenchConfig(
    batch_claims=200,
    batch_repeats=1,
    single_claims=40,
    single_seconds=3.0,
    baseline_single=10,
    baseline_seconds=5.0,
    http_seconds=1.0,
    http_concurrency=(1, 4),
    http_batch_size=50,
    cold_starts=1,
    posts=5,
    corpus_step=10,
    profile=False,
    worker_timeout=300.0,
)
"""A smoke run: every code path, tiny counts, seconds not minutes."""


def corpus_splits(step: int = 1) -> dict[str, pd.DataFrame]:
    """The shipped corpus cut as for training (train, validation, test), every
    ``step``-th row of each part."""
    return {name: frame.iloc[::step] for name, frame in split_corpus(load_corpus()).items()}


def distinct_claims(texts: list[str], count: int, seed: int) -> list[str]:
    """``count`` claims, no two alike after normalisation: the corpus texts in a
    seeded order, then (when more are needed) the first half of one text joined
    to the second half of another, so lengths and vocabulary stay the corpus's."""
    generator = random.Random(seed)
    pool = list(texts)
    generator.shuffle(pool)
    claims: list[str] = []
    seen: set[str] = set()

    def add(claim: str) -> None:
        key = duplicate_key(claim)
        if key and key not in seen:
            seen.add(key)
            claims.append(claim)

    for text in pool:
        if len(claims) == count:
            return claims
        add(text)
    for _ in range(count * 20):
        if len(claims) == count:
            return claims
        first, second = (text.split() for text in generator.sample(pool, 2))
        add(" ".join(first[: max(1, len(first) // 2)] + second[len(second) // 2 :]))
    raise ValueError(f"could not make {count:,} distinct claims from {len(pool):,} texts")


def describe_claims(claims: list[str]) -> dict[str, Any]:
    """How the claims look, for the report: count, distinct words, mean length."""
    words = [word for claim in claims for word in claim.lower().split()]
    return {
        "count": len(claims),
        "mean_chars": round(sum(map(len, claims)) / max(len(claims), 1), 1),
        "words": len(words),
        "distinct_words": len(set(words)),
    }
