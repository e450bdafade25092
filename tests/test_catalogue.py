"""The myth catalogue: exactly the eight ids, no empty field, errors that name
the file, row and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.catalogue import COLUMNS, load_catalogue
from claims.errors import CatalogueError

EXPECTED_IDS = {
    "more-mtor-better-for-muscle",
    "suppress-mtor-to-slow-aging",
    "coffee-activates-mtor",
    "mtor-is-just-rapamycin-pathway",
    "fasting-resets-via-mtor",
    "berberine-shuts-down-mtor",
    "mtor-activation-causes-cancer",
    "mtor-is-just-insulin-signaling",
}


def test_catalogue_has_exactly_the_eight_myth_ids(catalogue):
    assert set(catalogue.ids) == EXPECTED_IDS
    assert len(catalogue) == 8


def test_every_catalogue_field_is_filled(catalogue):
    for myth in catalogue.values():
        for column in COLUMNS:
            assert getattr(myth, column).strip(), (myth.myth_id, column)


def test_myths_are_immutable(catalogue):
    myth = next(iter(catalogue.values()))
    with pytest.raises(AttributeError):
        myth.reality = "changed"  # type: ignore[misc]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "myths.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = ",".join(COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("a-b,T,M,R,,S\n", r"row 2, field explanation: empty"),
        ("Not_Kebab,T,M,R,E,S\n", r"row 2, field myth_id: 'Not_Kebab' is not kebab-case"),
        ("a-b,T,M,R,E,S\na-b,T,M,R,E,S\n", r"row 3, field myth_id: duplicate id 'a-b'"),
        ("", r"no myths"),
    ],
)
def test_malformed_catalogue_names_row_and_field(tmp_path, body, expected):
    path = _write(tmp_path, HEADER + body)
    with pytest.raises(CatalogueError, match=expected) as raised:
        load_catalogue(path)
    assert str(path) in str(raised.value)


def test_catalogue_missing_a_column_is_refused(tmp_path):
    path = _write(tmp_path, "myth_id,title\na,b\n")
    with pytest.raises(CatalogueError, match="missing column"):
        load_catalogue(path)


def test_catalogue_in_wrong_encoding_is_refused(tmp_path):
    path = tmp_path / "myths.csv"
    path.write_bytes(HEADER.encode() + "a-b,Caf\xe9,M,R,E,S\n".encode("latin-1"))
    with pytest.raises(CatalogueError, match="not valid UTF-8"):
        load_catalogue(path)


def test_missing_catalogue_file_is_refused(tmp_path):
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "absent.csv")
