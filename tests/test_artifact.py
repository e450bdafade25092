"""The artifact: written with its manifest, verified before unpickling, and
refused with a remedy when missing, tampered with, truncated or foreign."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from claims.errors import (
    ArtifactExistsError,
    ArtifactIntegrityError,
    ArtifactMissingError,
    ArtifactVersionError,
)
from model.artifact import MANIFEST_FILE, MODEL_FILE, load_classifier, load_or_train, sha256_of

MANIFEST_KEYS = {
    "format_version", "model_version", "created_at", "sklearn_version", "model_sha256",
    "data_sha256", "hyperparameters", "threshold", "seed", "validation", "test",
}  # fmt: skip


@pytest.fixture
def artifact_copy(model_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(model_dir, copy)
    return copy


def test_manifest_records_versions_hashes_threshold_and_metrics(model_dir):
    manifest = json.loads((model_dir / MANIFEST_FILE).read_text())
    assert set(manifest) >= MANIFEST_KEYS
    assert manifest["model_sha256"] == sha256_of(model_dir / MODEL_FILE)
    assert 0 < manifest["threshold"] < 1
    assert manifest["test"]["macro_f1"] > 0


def test_missing_artifact_says_to_train(tmp_path):
    with pytest.raises(ArtifactMissingError, match="mythcheck train"):
        load_classifier(tmp_path / "nothing-here")


def test_tampered_artifact_is_refused_before_unpickling(artifact_copy):
    with (artifact_copy / MODEL_FILE).open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ArtifactIntegrityError, match="mythcheck train"):
        load_classifier(artifact_copy)


def test_truncated_artifact_is_refused(artifact_copy):
    model = artifact_copy / MODEL_FILE
    model.write_bytes(model.read_bytes()[:1000])
    with pytest.raises(ArtifactIntegrityError, match="does not match its manifest"):
        load_classifier(artifact_copy)


def test_artifact_from_another_sklearn_version_is_refused(artifact_copy):
    manifest_path = artifact_copy / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text())
    manifest["sklearn_version"] = "0.24.2"
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ArtifactVersionError, match=r"scikit-learn '0.24.2'.*mythcheck train"):
        load_classifier(artifact_copy)


def test_artifact_of_another_format_is_refused(artifact_copy):
    manifest_path = artifact_copy / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = 999
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ArtifactVersionError, match="format"):
        load_classifier(artifact_copy)


def test_unreadable_manifest_is_refused(artifact_copy):
    (artifact_copy / MANIFEST_FILE).write_text("{not json")
    with pytest.raises(ArtifactIntegrityError, match="unreadable"):
        load_classifier(artifact_copy)


def test_a_model_is_never_silently_overwritten(model_dir, classifier):
    from model.artifact import save_artifact

    with pytest.raises(ArtifactExistsError):
        save_artifact(classifier, None, model_dir)  # type: ignore[arg-type]


@pytest.mark.slow
def test_missing_model_is_trained_first_and_said_so(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        classifier = load_or_train(tmp_path / "fresh")
    assert "training one" in caplog.text
    assert (tmp_path / "fresh" / MODEL_FILE).is_file()
    assert classifier.check_one("coffee reliably activates mTOR").myth_id == "coffee-activates-mtor"


def _with_other_corpus_hash(directory: Path) -> None:
    manifest_path = directory / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text())
    manifest["data_sha256"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))


def test_model_from_another_corpus_at_an_explicit_path_is_kept_with_a_warning(
    artifact_copy, caplog
):
    _with_other_corpus_hash(artifact_copy)
    with caplog.at_level(logging.WARNING):
        classifier = load_or_train(artifact_copy)
    assert "trained on another corpus" in caplog.text
    assert classifier.manifest["data_sha256"] == "0" * 64


@pytest.mark.slow
def test_builtin_model_from_another_corpus_is_retrained(artifact_copy, monkeypatch, caplog):
    _with_other_corpus_hash(artifact_copy)
    monkeypatch.setenv("MYTHCHECK_MODEL_DIR", str(artifact_copy))
    with caplog.at_level(logging.WARNING):
        classifier = load_or_train()
    assert "retraining" in caplog.text
    assert classifier.manifest["data_sha256"] != "0" * 64


@pytest.mark.parametrize("remove", [MODEL_FILE, MANIFEST_FILE])
def test_half_an_artifact_is_refused_never_trained_over(artifact_copy, remove):
    (artifact_copy / remove).unlink()
    with pytest.raises(ArtifactIntegrityError, match="incomplete"):
        load_or_train(artifact_copy)
