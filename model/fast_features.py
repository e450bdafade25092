"""The feature half of the compiled scorer (``model.fast_inference``): one fitted
TfidfVectorizer turned into term counts and TF-IDF rows without scikit-learn,
the same numbers (float32, column order) as ``vectorizer.transform``.

Word n-grams go through the vectorizer's own preprocessor and tokenizer (the
functions of ``model.preprocess``) and a dictionary. Character n-grams are
found with NumPy: each character of the vocabulary gets a small code, each
n-gram an integer key, and all the keys of a call are found in one lookup. In
a batch, the n-grams of each *distinct word of the call* are found once (a
word's char_wb n-grams do not depend on its neighbours) and a text's counts are
the sparse product (texts x words) @ (words x n-grams). Nothing is kept between
calls, so no cache flatters a benchmark of distinct claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

SEARCH_LIMIT = 2_000
"""Up to this many n-gram keys, a binary search beats building a hash lookup."""
SPACE = ord(" ")


class UnsupportedPipelineError(ValueError):
    """Raised when compiling a pipeline that the fast path cannot reproduce
    exactly; the message names the step and the setting."""


class FeatureBlock:
    """One fitted TfidfVectorizer: texts to term counts, counts to TF-IDF."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int) -> None:
        self.preprocess: Callable[[str], str] = vectorizer.preprocessor
        self.low, self.high = vectorizer.ngram_range
        self.vocabulary: dict[str, int] = dict(vectorizer.vocabulary_)
        self.idf = np.asarray(vectorizer.idf_)
        self.sublinear_tf = bool(vectorizer.sublinear_tf)
        self.offset = offset  # the block's first column in the FeatureUnion's output

    def counts(self, texts: list[str]) -> sp.csr_array:
        """Texts x columns term counts, sorted and summed like CountVectorizer's."""
        raise NotImplementedError

    def found(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The sorted columns of one text's terms, and their counts."""
        raise NotImplementedError

    def tfidf(self, counts: np.ndarray, columns: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """TfidfTransformer's arithmetic on the nonzero counts, in the idf's dtype:
        log(tf) + 1, times idf, then each row divided by its L2 norm (squares in the
        dtype, summed in float64 in column order, as sklearn's Cython loop does)."""
        data = counts.astype(self.idf.dtype)
        if self.sublinear_tf:
            np.log(data, out=data)
            data += 1.0
        data *= self.idf[columns]
        squares = (data * data).astype(np.float64)
        norms = np.sqrt(np.bincount(rows, weights=squares, minlength=int(rows.max(initial=0)) + 1))
        return (data.astype(np.float64) / norms[rows]).astype(self.idf.dtype)


class _WordBlock(FeatureBlock):
    """Word n-grams of the vectorizer's own preprocessor and tokenizer."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int) -> None:
        super().__init__(vectorizer, offset)
        self.tokenize: Callable[[str], list[str]] = vectorizer.tokenizer

    def columns(self, text: str) -> list[int]:
        tokens = self.tokenize(self.preprocess(text))
        grams = list(tokens) if self.low == 1 else []
        for n in range(max(self.low, 2), min(self.high, len(tokens)) + 1):
            if n == 2:
                grams += [a + " " + b for a, b in pairwise(tokens)]
            else:
                grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        get = self.vocabulary.get
        return [c for c in map(get, grams) if c is not None]

    def counts(self, texts: list[str]) -> sp.csr_array:
        indptr, indices = [0], []
        for text in texts:
            indices += self.columns(text)
            indptr.append(len(indices))
        counts = _csr(indices, indptr, len(self.idf))
        counts.sum_duplicates()
        return counts

    def found(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        pairs = sorted(Counter(self.columns(text)).items())
        return np.array([c for c, _ in pairs], np.intp), np.array([n for _, n in pairs], np.intp)


class _CharBlock(FeatureBlock):
    """char_wb n-grams, found with integer keys: each character of the vocabulary
    gets a code from 1 (0: any other character), an n-gram the key
    sum(code_j << bits * j)."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int) -> None:
        super().__init__(vectorizer, offset)
        if self.low < 2:  # 1-grams would count the space shared by two words once
            raise UnsupportedPipelineError("char_wb 1-grams are not supported")
        alphabet = sorted({character for gram in self.vocabulary for character in gram})
        self.bits = len(alphabet).bit_length()
        if self.bits * self.high > 62:
            raise UnsupportedPipelineError("too many characters for 64-bit n-gram keys")
        code = {character: i for i, character in enumerate(alphabet, 1)}
        self.codes = np.zeros(max(map(ord, alphabet)) + 2, np.int64)  # the last one stays 0
        self.codes[[ord(c) for c in alphabet]] = np.arange(1, len(alphabet) + 1)
        keys = np.array([sum(code[c] << (self.bits * j) for j, c in enumerate(gram))
                         for gram in self.vocabulary], np.int64)  # fmt: skip
        order = np.argsort(keys)
        self.keys, self.key_columns = keys[order], np.array(list(self.vocabulary.values()))[order]
        self.index = pd.Index(self.keys)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """The position of each key in ``self.keys``, -1 when absent: a binary search
        for a few keys, a hash lookup (pandas) for many."""
        if len(keys) > SEARCH_LIMIT:
            return self.index.get_indexer(keys)
        where = np.searchsorted(self.keys, keys)
        where[where == len(self.keys)] = 0
        where[self.keys[where] != keys] = -1
        return where

    def windows(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Positions in " w1 w2 ... " and columns of the vocabulary's n-grams there.

        scikit-learn pads each word with a space and takes its n-grams; in the
        joined string those are exactly the windows with no space inside them
        (spaces may only open or close a window). A padded word shorter than the
        smallest n counts once, whole: a window that opens and closes with a space.
        """
        points = np.frombuffer(f" {' '.join(words)} ".encode("utf-32-le", "surrogatepass"),
                               np.uint32)  # fmt: skip
        codes = self.codes[np.minimum(points, len(self.codes) - 1)]
        space = points == SPACE
        key, unknown, inner_space = codes, codes == 0, np.zeros(len(codes), bool)
        keys, positions = [], []
        for n in range(2, self.high + 1):
            width = len(codes) - n + 1
            key = key[:width] + (codes[n - 1 :] << (self.bits * (n - 1)))
            unknown = unknown[:width] | (codes[n - 1 :] == 0)
            inner_space = inner_space[:width] | (space[n - 2 : n - 2 + width] if n > 2 else False)
            usable = ~(unknown | inner_space)
            if n < self.low:
                usable &= space[:width] & space[n - 1 :]
            usable = np.flatnonzero(usable)
            keys.append(key[usable])
            positions.append(usable)
        where = self.lookup(np.concatenate(keys))
        hit = where >= 0
        return np.concatenate(positions)[hit], self.key_columns[where[hit]]

    def counts(self, texts: list[str]) -> sp.csr_array:
        word_ids: dict[str, int] = {}
        add = word_ids.setdefault
        indptr, occurrences = [0], []
        for text in texts:
            occurrences += [add(word, len(word_ids)) for word in self.preprocess(text).split()]
            indptr.append(len(occurrences))
        words = list(word_ids)
        positions, columns = self.windows(words)
        starts = np.cumsum([0] + [len(w) + 1 for w in words[:-1]])
        word_of = np.searchsorted(starts, positions, side="right") - 1
        by_word = sp.csr_array((np.ones(len(columns), np.int32), (word_of, columns)),
                               shape=(len(words), len(self.idf)))  # fmt: skip
        counts = sp.csr_array(_csr(occurrences, indptr, len(words)) @ by_word)
        counts.sort_indices()
        return counts

    def found(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        columns = self.windows(self.preprocess(text).split())[1]
        return np.unique(columns, return_counts=True)


def _csr(indices: list[int], indptr: list[int], width: int) -> sp.csr_array:
    """Ones at ``indices``, duplicates kept (summed by ``sum_duplicates`` or a product)."""
    return sp.csr_array(
        (
            np.ones(len(indices), np.int32),
            np.asarray(indices, np.int32),
            np.asarray(indptr, np.int32),
        ),
        shape=(len(indptr) - 1, width),
    )


def feature_block(name: str, vectorizer: object, offset: int) -> FeatureBlock:
    """The block of the fitted vectorizer ``name`` whose columns start at ``offset``;
    UnsupportedPipelineError for settings it does not reproduce."""
    if not isinstance(vectorizer, TfidfVectorizer):
        raise UnsupportedPipelineError(f"feature {name!r} is not a TfidfVectorizer")
    settings = vectorizer.get_params()
    expected = {"input": "content", "lowercase": False, "strip_accents": None,
                "stop_words": None, "binary": False, "norm": "l2", "use_idf": True}  # fmt: skip
    for key, value in expected.items():
        if settings[key] != value:
            raise UnsupportedPipelineError(f"feature {name!r}: {key}={settings[key]!r}")
    if vectorizer.preprocessor is None:
        raise UnsupportedPipelineError(f"feature {name!r} has no preprocessor")
    if vectorizer.analyzer == "word" and callable(vectorizer.tokenizer):
        return _WordBlock(vectorizer, offset)
    if vectorizer.analyzer == "char_wb":
        return _CharBlock(vectorizer, offset)
    raise UnsupportedPipelineError(f"feature {name!r}: analyzer {vectorizer.analyzer!r}")
