"""The fixed train / validation / test split of the corpus.

Within each joint label (myth_id x verdict), rows are ordered by a seeded hash
of their duplicate key and cut at 70 % / 85 %. The split is therefore
stratified, identical on every machine, and stable: adding a row moves at most
the rows next to a cut, never reshuffles the rest.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from claims.text import duplicate_key

SPLIT_SEED = 20260505
PARTS = ("train", "validation", "test")
FRACTIONS = {"train": 0.70, "validation": 0.15, "test": 0.15}


def _rank_key(text: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{duplicate_key(text)}".encode()).hexdigest()


def assign_splits(corpus: pd.DataFrame, seed: int = SPLIT_SEED) -> pd.Series:
    """The part ('train', 'validation' or 'test') of every row of ``corpus``,
    which needs columns ``text`` and ``label``."""
    parts = pd.Series("", index=corpus.index, dtype=object)
    train_cut = FRACTIONS["train"]
    validation_cut = train_cut + FRACTIONS["validation"]
    for _, group in corpus.groupby("label", sort=True):
        keys = sorted((_rank_key(text, seed), index) for index, text in group.text.items())
        size = len(keys)
        for position, (_, index) in enumerate(keys):
            fraction = position / size
            if fraction < train_cut:
                parts[index] = "train"
            elif fraction < validation_cut:
                parts[index] = "validation"
            else:
                parts[index] = "test"
    return parts


def split_corpus(corpus: pd.DataFrame, seed: int = SPLIT_SEED) -> dict[str, pd.DataFrame]:
    """The corpus cut into its three parts, each with a fresh index."""
    parts = assign_splits(corpus, seed)
    return {name: corpus[parts == name].reset_index(drop=True) for name in PARTS}
