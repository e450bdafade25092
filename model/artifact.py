"""The model artifact: a folder holding ``model.joblib`` and ``metadata.json``.

The manifest records the artifact format, the scikit-learn version, the sha256
of the model file and of the training data, the seed, the hyperparameters, the
threshold and the metrics. A joblib file is a pickle and loading one runs
code, so ``load_classifier`` reads the manifest first and unpickles only a file
whose sha256 matches it, written by this artifact format and this
scikit-learn version. Only artifacts mythcheck wrote are ever loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import platform
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import joblib
import sklearn

from claims.catalogue import Catalogue, load_catalogue
from claims.corpus import load_corpus
from claims.errors import (
    ArtifactExistsError,
    ArtifactIntegrityError,
    ArtifactMissingError,
    ArtifactVersionError,
)
from claims.resources import catalogue_path, corpus_path
from claims.split import split_corpus
from model.classifier import Classifier
from model.training import SEED, TrainingReport, train

FORMAT_VERSION = 2  # 2: the topic x stance model gained the per-myth stance expert
MODEL_FILE = "model.joblib"
MANIFEST_FILE = "metadata.json"
MODEL_DIR_ENV = "MYTHCHECK_MODEL_DIR"
REMEDY = "run `mythcheck train --force` to build a new one"

logger = logging.getLogger(__name__)


def default_model_dir() -> Path:
    """``$MYTHCHECK_MODEL_DIR``, else ``mythcheck/model`` in the user's cache folder."""
    configured = os.environ.get(MODEL_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "mythcheck" / "model"


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shipped_data_sha256() -> str:
    """sha256 of the shipped corpus, recorded in every manifest."""
    return sha256_of(corpus_path())


def save_artifact(
    classifier: Classifier,
    report: TrainingReport,
    directory: Path,
    force: bool = False,
) -> dict[str, Any]:
    """Write ``classifier`` to ``directory`` with its manifest; returns the manifest.

    Refuses to replace an existing artifact unless ``force``. The folder is
    written beside the target and renamed into place, so a crash never leaves
    half an artifact.
    """
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()) and not force:
        raise ArtifactExistsError(f"{directory} already holds a model; pass --force to replace it")
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".mythcheck-", dir=directory.parent))
    try:
        state = {
            "pipeline": classifier.pipeline,
            "temperature": classifier.temperature,
            "threshold": classifier.threshold,
            "known_words": sorted(classifier.known_words),
        }
        joblib.dump(state, staging / MODEL_FILE, compress=3)
        created = dt.datetime.now(dt.UTC).replace(microsecond=0)
        model_sha = sha256_of(staging / MODEL_FILE)
        manifest = {
            "format_version": FORMAT_VERSION,
            "model_version": f"{created:%Y%m%dT%H%M%SZ}-{model_sha[:8]}",
            "created_at": created.isoformat().replace("+00:00", "Z"),
            "sklearn_version": sklearn.__version__,
            "python_version": platform.python_version(),
            "model_sha256": model_sha,
            "data_sha256": shipped_data_sha256(),
            "catalogue_sha256": sha256_of(catalogue_path()),
            "classes": classifier.classes,
            **asdict(report),
        }
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        if directory.exists():
            shutil.rmtree(directory)
        staging.rename(directory)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    classifier.manifest = manifest
    return manifest


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of the artifact in ``directory``, checked for format and versions."""
    directory = Path(directory)
    manifest_path = directory / MANIFEST_FILE
    has_model, has_manifest = (directory / MODEL_FILE).is_file(), manifest_path.is_file()
    if not has_model and not has_manifest:
        raise ArtifactMissingError(f"no model at {directory}: {REMEDY}")
    if has_model != has_manifest:
        held, lacking = (MODEL_FILE, MANIFEST_FILE) if has_model else (MANIFEST_FILE, MODEL_FILE)
        raise ArtifactIntegrityError(
            f"{directory} holds {held} without its {lacking}: the artifact is incomplete; {REMEDY}"
        )
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
    except (ValueError, UnicodeDecodeError) as error:
        raise ArtifactIntegrityError(
            f"{manifest_path} is unreadable ({error}): {REMEDY}"
        ) from error
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArtifactVersionError(
            f"{directory} is artifact format {manifest.get('format_version')!r}; this "
            f"mythcheck reads format {FORMAT_VERSION}: {REMEDY}"
        )
    if manifest.get("sklearn_version") != sklearn.__version__:
        raise ArtifactVersionError(
            f"{directory} was written by scikit-learn {manifest.get('sklearn_version')!r}; "
            f"this is scikit-learn {sklearn.__version__}: {REMEDY}"
        )
    return manifest


def load_classifier(
    directory: Path | str | None = None, catalogue: Catalogue | None = None
) -> Classifier:
    """Load a verified artifact (the default one when ``directory`` is None)."""
    directory = Path(directory) if directory is not None else default_model_dir()
    manifest = read_manifest(directory)
    model_path = directory / MODEL_FILE
    actual = sha256_of(model_path)
    if actual != manifest.get("model_sha256"):
        raise ArtifactIntegrityError(
            f"{model_path} does not match its manifest (sha256 {actual[:12]}..., expected "
            f"{str(manifest.get('model_sha256'))[:12]}...): it was truncated, corrupted or "
            f"replaced; {REMEDY}"
        )
    try:
        state = joblib.load(model_path)
        return Classifier(
            pipeline=state["pipeline"],
            temperature=float(state["temperature"]),
            threshold=float(state["threshold"]),
            known_words=frozenset(state["known_words"]),
            catalogue=catalogue or load_catalogue(),
            manifest=manifest,
        )
    except Exception as error:  # an unpickling failure can be any exception
        raise ArtifactIntegrityError(
            f"{model_path} cannot be loaded ({error!r}): {REMEDY}"
        ) from error


def train_and_save(directory: Path, force: bool = False, seed: int = SEED) -> Classifier:
    """Train on the shipped corpus and write the artifact to ``directory``."""
    catalogue = load_catalogue()
    classifier, report = train(split_corpus(load_corpus(catalogue=catalogue)), catalogue, seed)
    save_artifact(classifier, report, directory, force=force)
    return classifier


def load_or_train(directory: Path | str | None = None) -> Classifier:
    """Load the artifact; when there is none, train one first and say so.

    The built-in model (``directory`` None) is also retrained, with a warning,
    when it was trained on another corpus than the one shipped now (after an
    upgrade); a model at an explicit path is only warned about.
    """
    builtin = directory is None
    directory = Path(directory) if directory is not None else default_model_dir()
    try:
        classifier = load_classifier(directory)
    except ArtifactMissingError:
        logger.warning("no model at %s: training one on the shipped corpus first", directory)
        return train_and_save(directory)
    if classifier.manifest.get("data_sha256") != shipped_data_sha256():
        if builtin:
            logger.warning("the model at %s was trained on another corpus: retraining", directory)
            return train_and_save(directory, force=True)
        logger.warning(
            "the model at %s was trained on another corpus than the shipped one; "
            "`mythcheck train --force --model %s` rebuilds it", directory, directory,
        )  # fmt: skip
    return classifier
