"""Labelled corpora: the shipped ``claims.csv`` and any evaluation CSV with the
columns ``text,myth_id,verdict`` (``style`` optional), read and validated
against the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from claims.catalogue import Catalogue, load_catalogue
from claims.errors import CorpusError
from claims.resources import corpus_path
from claims.verdict import Verdict

REQUIRED_COLUMNS = ("text", "myth_id", "verdict")
STYLES = ("tweet", "forum", "headline", "blog", "question", "formal", "typo")
NO_MATCH_LABEL = "no_match"

_DOMAIN_TERMS = re.compile(
    r"m[\s-]?tor|torc|rapa|sirolimus|everolimus|autophag|fast|omad|\bif\b|coffee|caffein|espresso"
    r"|berberin|insulin|carb|protein|whey|leucine|amino|cancer|tumou?r|onco|ag(e)?ing|longevity"
    r"|lifespan|muscle|gains|anabolic|mps|ampk|akt|s6k|4e-bp1|metformin|nad|nmn|creatine|keto"
    r"|vitamin|supplement|resveratrol|spermidine|glucose|diet|hormone|metabol|cell",
    re.IGNORECASE,
)


def label_of(myth_id: str | None, verdict: str) -> str:
    """The joint label of a row: ``no_match`` or ``<myth_id>:<verdict>``."""
    return NO_MATCH_LABEL if verdict == Verdict.NO_MATCH else f"{myth_id}:{verdict}"


def split_label(label: str) -> tuple[str | None, Verdict]:
    """Inverse of ``label_of``."""
    if label == NO_MATCH_LABEL:
        return None, Verdict.NO_MATCH
    myth_id, verdict = label.rsplit(":", 1)
    return myth_id, Verdict(verdict)


def is_hard_negative(text: str) -> bool:
    """A ``no_match`` text is hard when it shares the article's domain vocabulary
    (mTOR, fasting, coffee, protein, supplements, aging...); otherwise it is
    off-topic. A documented proxy used for the corpus statistics."""
    return bool(_DOMAIN_TERMS.search(text))


def load_corpus(path: Path | str | None = None, catalogue: Catalogue | None = None) -> pd.DataFrame:
    """Read a labelled CSV (the shipped corpus when ``path`` is None) and validate it.

    Returns a DataFrame with columns text, myth_id ('' for no_match), verdict,
    style ('' when absent) and label. Raises CorpusError naming file, row and field.
    """
    path = corpus_path() if path is None else Path(path)
    catalogue = catalogue or load_catalogue()
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError as error:
        raise CorpusError(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise CorpusError(f"{path}: not valid UTF-8 ({error.reason})") from error
    except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as error:
        raise CorpusError(f"{path}: not a readable CSV ({error})") from error
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {', '.join(missing)}")
    if "style" not in frame.columns:
        frame["style"] = ""
    frame = frame[["text", "myth_id", "verdict", "style"]].copy()
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    _validate_rows(path, frame, catalogue)
    frame["label"] = [label_of(m, v) for m, v in zip(frame.myth_id, frame.verdict, strict=True)]
    return frame.reset_index(drop=True)


def _validate_rows(path: Path, frame: pd.DataFrame, catalogue: Catalogue) -> None:
    verdicts = {v.value for v in Verdict}
    for index, row in enumerate(frame.itertuples(index=False), 2):
        where = f"{path}, row {index}"
        if not row.text:
            raise CorpusError(f"{where}, field text: empty")
        if row.verdict not in verdicts:
            raise CorpusError(
                f"{where}, field verdict: {row.verdict!r} is not one of {sorted(verdicts)}"
            )
        if row.verdict == Verdict.NO_MATCH:
            if row.myth_id:
                raise CorpusError(f"{where}, field myth_id: must be empty for no_match")
        elif row.myth_id not in catalogue:
            raise CorpusError(f"{where}, field myth_id: {row.myth_id!r} is not a catalogued myth")
        if row.style and row.style not in STYLES:
            raise CorpusError(f"{where}, field style: {row.style!r} is not one of {list(STYLES)}")
