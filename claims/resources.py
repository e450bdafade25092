"""Where the shipped data files live, resolved from the package, never from the
working directory.

A wheel carries ``data/`` as ``claims/data/`` (see ``pyproject.toml``); an
editable install or a source checkout reads ``data/`` beside the packages.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding ``myths.csv`` and ``claims.csv``."""
    installed = _PACKAGE_DIR / "data"
    if (installed / "myths.csv").is_file():
        return installed
    return _PACKAGE_DIR.parent / "data"


def catalogue_path() -> Path:
    """The shipped myth catalogue."""
    return data_dir() / "myths.csv"


def corpus_path() -> Path:
    """The shipped labelled corpus."""
    return data_dir() / "claims.csv"
