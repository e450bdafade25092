"""Safe model loading, through the real ``mythcheck serve`` process: an artifact
that is tampered with, truncated, corrupt, foreign or missing ends the startup
with one clear line and exit status 1, before any port is opened; a missing
one is trained only when automatic training is allowed. And no request can
make the service load anything.

tests/test_artifact.py covers the loader itself; the automatic training of a
missing model is test_serve_cli.py::test_serve_trains_a_model_first_when_there_is_none.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_api_helpers import FASTING_MYTH
from test_serve_support import free_port, mythcheck_command

import model.artifact
import service.api.app
from model.artifact import MANIFEST_FILE, MODEL_DIR_ENV, MODEL_FILE
from service.api import Settings, create_app
from service.api.settings import AUTO_TRAIN_ENV

EXIT_FAILED = 1
STARTUP_SECONDS = 90


def _edit_manifest(directory: Path, **changes: object) -> None:
    path = directory / MANIFEST_FILE
    path.write_text(json.dumps({**json.loads(path.read_text("utf-8")), **changes}), "utf-8")


def _append(directory: Path) -> None:
    with (directory / MODEL_FILE).open("ab") as handle:
        handle.write(b"\x00 appended")


def _truncate(directory: Path) -> None:
    model_file = directory / MODEL_FILE
    model_file.write_bytes(model_file.read_bytes()[: model_file.stat().st_size // 2])


def _corrupt_with_matching_hash(directory: Path) -> None:
    """Bytes that are no pickle, with the manifest's hash updated to match them:
    the hash passes, so the unpickling itself must fail cleanly."""
    garbage = b"\x80\x05not a pickle at all" * 100
    (directory / MODEL_FILE).write_bytes(garbage)
    _edit_manifest(directory, model_sha256=hashlib.sha256(garbage).hexdigest())


def _remove(name: str) -> Callable[[Path], None]:
    return lambda directory: (directory / name).unlink()


@dataclass(frozen=True)
class Case:
    name: str
    damage: Callable[[Path], None] | None
    """What is done to a copy of the session's artifact; None: no folder at all."""
    expected: str
    """Part of the one line on stderr."""
    args: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()


CASES = [
    Case("appended-bytes", _append, "does not match its manifest"),
    Case("truncated", _truncate, "does not match its manifest"),
    Case("corrupt-hash-matches", _corrupt_with_matching_hash, "cannot be loaded"),
    Case("other-scikit-learn", lambda d: _edit_manifest(d, sklearn_version="0.24.2"),
         "written by scikit-learn '0.24.2'"),
    Case("other-format", lambda d: _edit_manifest(d, format_version=999), "format 999"),
    Case("unreadable-manifest", lambda d: (d / MANIFEST_FILE).write_text("{nope"), "unreadable"),
    Case("model-file-missing", _remove(MODEL_FILE), "holds metadata.json without its model"),
    Case("manifest-missing", _remove(MANIFEST_FILE), "holds model.joblib without its metadata"),
    Case("missing-no-train-flag", None, "training at startup is off", args=("--no-train",)),
    Case("missing-auto-train-0", None, "training at startup is off",
         env=((AUTO_TRAIN_ENV, "0"),)),
    Case("bad-auto-train-value", None, f"{AUTO_TRAIN_ENV}='maybe'",
         env=((AUTO_TRAIN_ENV, "maybe"),)),
]  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    status: int
    stdout: str
    stderr: str
    model_dir: Path


@pytest.fixture(scope="module")
def outcomes(model_dir, tmp_path_factory) -> dict[str, Outcome]:
    """Every case's ``mythcheck serve``, all started at once (startup is mostly imports)."""
    root = tmp_path_factory.mktemp("loading")
    running = {}
    for case in CASES:
        directory = root / case.name
        if case.damage is not None:
            shutil.copytree(model_dir, directory)
            case.damage(directory)
        env = {**os.environ, MODEL_DIR_ENV: str(root / "unused"), **dict(case.env)}
        command = [*mythcheck_command(), "serve", "--port", str(free_port()),
                   "--model", str(directory), *case.args]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=env)  # fmt: skip
        running[case.name] = (directory, process)
    outcomes = {}
    for name, (directory, process) in running.items():
        try:
            stdout, stderr = process.communicate(timeout=STARTUP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        outcomes[name] = Outcome(process.returncode, stdout, stderr, directory)
    return outcomes


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_serve_refuses_to_start_on_a_bad_or_missing_model(outcomes, case):
    outcome = outcomes[case.name]
    # The startup ends with exit 1 and one line naming the problem and its remedy
    assert outcome.status == EXIT_FAILED, outcome
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mythcheck: "), outcome.stderr
    assert case.expected in lines[0]
    if case.name != "bad-auto-train-value":
        assert "mythcheck train" in lines[0]
    # before serving anything: no port was opened, no app started
    assert "serving http" not in outcome.stdout
    assert "Uvicorn running" not in outcome.stderr
    # and no model was trained or written in its place
    if case.damage is None:
        assert not outcome.model_dir.exists()


def test_no_train_flag_and_auto_train_variable(model_dir):
    from service.cli.main import build_parser

    parser = build_parser()
    assert parser.parse_args(["serve", "--no-train"]).train is False
    assert parser.parse_args(["serve"]).train is None  # then MYTHCHECK_AUTO_TRAIN decides
    assert Settings.from_env({AUTO_TRAIN_ENV: "0"}).auto_train is False
    assert Settings.from_env({AUTO_TRAIN_ENV: "yes"}).auto_train is True
    assert Settings.from_env({}).auto_train is True


def test_app_without_auto_train_fails_at_startup_on_a_missing_model(tmp_path):
    from claims.errors import ArtifactMissingError

    app = create_app(Settings(model_dir=tmp_path / "absent", auto_train=False))
    with pytest.raises(ArtifactMissingError), TestClient(app):
        pass
    assert not (tmp_path / "absent").exists()


PATHS = ["../../../../etc/passwd", "/etc/passwd", "model.joblib", "~/.cache/mythcheck/model",
         "file:///tmp/model.joblib", "..%2f..%2fmodel.joblib"]  # fmt: skip


def test_no_request_can_make_the_service_load_a_model(model_dir, monkeypatch):
    # Given a running app whose loaders fail the test if called after startup
    loads: list[tuple] = []

    def refuse(*args: object, **kwargs: object) -> None:
        loads.append(args)
        raise AssertionError("a model was loaded while serving a request")

    with TestClient(create_app(Settings(model_dir=model_dir))) as client:
        for module, name in [(model.artifact, "joblib"), (model.artifact, "load_classifier"),
                             (service.api.app, "load_or_train"),
                             (service.api.app, "load_classifier")]:  # fmt: skip
            if name == "joblib":
                monkeypatch.setattr(model.artifact.joblib, "load", refuse)
            else:
                monkeypatch.setattr(module, name, refuse)
        # When every input carries a path, with a model folder's own among them
        for path in [*PATHS, str(model_dir), str(model_dir / MODEL_FILE)]:
            headers = {"X-Model-Dir": quote(path), "X-Model": quote(path)}
            query = {"model": path, "model_dir": path, "path": path}
            client.post("/v1/check", json={"claim": path}, params=query, headers=headers)
            client.post("/v1/check/batch", json={"claims": [path, FASTING_MYTH]}, params=query)
            client.post("/v1/check", json={"claim": FASTING_MYTH, "model": path})
            client.post("/v1/scan", json={"text": path}, params=query)
            client.post("/", data={"claims": path, "model": path})
            client.get(f"/v1/myths/{quote(path, safe='')}", params=query)
            client.get(f"/myths/{quote(path, safe='')}")
            client.get(f"/static/{path}")
            assert client.get("/healthz", params=query).status_code == 200
    # Then nothing was ever loaded
    assert loads == []


REQUEST_FIELDS = {"claim", "claims", "text", "min_confidence", "include_all", "markup"}
"""Every field a request body may carry: none of them names a file or a folder."""


def test_the_api_takes_no_path_of_any_kind(model_dir):
    with TestClient(create_app(Settings(model_dir=model_dir))) as client:
        schema = client.get("/openapi.json").json()
    operations = [op for item in schema["paths"].values() for op in item.values()]
    parameters = {p["name"] for op in operations for p in op.get("parameters", [])}
    assert parameters == {"myth_id"}  # looked up in the catalogue, never on disk
    bodies = [op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
              for op in operations if "requestBody" in op]  # fmt: skip
    components = schema["components"]["schemas"]
    fields = {name for ref in bodies for name in components[ref.split("/")[-1]]["properties"]}
    assert fields == REQUEST_FIELDS
