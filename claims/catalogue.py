"""The myth catalogue: the article's myths with its reality and explanation,
loaded from ``myths.csv`` and validated once into immutable objects."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claims.errors import CatalogueError
from claims.resources import catalogue_path

COLUMNS = ("myth_id", "title", "myth", "reality", "explanation", "section")
_KEBAB_CASE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

ARTICLE_TITLE = "mTOR Pathway"
ARTICLE_URL = "https://mythcheck.invalid/articles/mtor-pathway"
"""Where the article lives; section anchors are appended for ClaimReview links."""


@dataclass(frozen=True, slots=True)
class Myth:
    """One catalogued myth and the article's answer to it."""

    myth_id: str
    title: str
    myth: str
    reality: str
    explanation: str
    section: str


class Catalogue(Mapping[str, Myth]):
    """The myths by id, in file order. Immutable."""

    def __init__(self, myths: list[Myth], source: Path) -> None:
        self._by_id = {m.myth_id: m for m in myths}
        self.source = source

    def __getitem__(self, myth_id: str) -> Myth:
        return self._by_id[myth_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """The myth ids in file order."""
        return tuple(self._by_id)


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Read and validate a catalogue; the shipped one when ``path`` is None.

    Raises CatalogueError naming the file, row and field of the first problem.
    """
    if path is None:
        return _shipped_catalogue()
    return _read_catalogue(Path(path))


@lru_cache(maxsize=1)
def _shipped_catalogue() -> Catalogue:
    return _read_catalogue(catalogue_path())


def _read_catalogue(path: Path) -> Catalogue:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CatalogueError(f"{path}: missing column(s) {', '.join(missing)}")
            myths = [_validated_row(path, number, row) for number, row in enumerate(reader, 2)]
    except OSError as error:
        raise CatalogueError(f"{path}: cannot read the catalogue ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise CatalogueError(f"{path}: not valid UTF-8 ({error.reason})") from error
    if not myths:
        raise CatalogueError(f"{path}: the catalogue has no myths")
    seen: dict[str, int] = {}
    for number, myth in enumerate(myths, 2):
        if myth.myth_id in seen:
            raise CatalogueError(
                f"{path}, row {number}, field myth_id: duplicate id {myth.myth_id!r} "
                f"(first on row {seen[myth.myth_id]})"
            )
        seen[myth.myth_id] = number
    return Catalogue(myths, path)


def _validated_row(path: Path, number: int, row: dict[str, str | None]) -> Myth:
    values = {}
    for column in COLUMNS:
        value = (row.get(column) or "").strip()
        if not value:
            raise CatalogueError(f"{path}, row {number}, field {column}: empty")
        values[column] = value
    if not _KEBAB_CASE.match(values["myth_id"]):
        raise CatalogueError(
            f"{path}, row {number}, field myth_id: {values['myth_id']!r} is not kebab-case"
        )
    return Myth(**values)
