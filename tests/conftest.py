"""Shared fixtures: one model trained per test session into a temporary folder
(never into the source tree), and the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.catalogue import Catalogue, load_catalogue
from model.artifact import MODEL_DIR_ENV, load_classifier, train_and_save
from model.classifier import Classifier


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained once per session on the shipped corpus."""
    directory = tmp_path_factory.mktemp("model") / "artifact"
    train_and_save(directory)
    return directory


@pytest.fixture(scope="session")
def classifier(model_dir: Path) -> Classifier:
    return load_classifier(model_dir)


@pytest.fixture
def model_env(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Points MYTHCHECK_MODEL_DIR at the session's model, for CLI and server tests."""
    monkeypatch.setenv(MODEL_DIR_ENV, str(model_dir))
    return model_dir
