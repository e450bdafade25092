"""Settings read from the environment when asked, and an app that loads its
model at startup, not when it is built, and refuses to start without one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claims.errors import ArtifactIntegrityError, ArtifactVersionError
from claims.text import MAX_CLAIM_CHARS
from model.artifact import MODEL_DIR_ENV
from service.api import Settings, create_app
from service.api.settings import MAX_BATCH, MAX_BODY_BYTES, SettingsError


def test_defaults_without_environment():
    settings = Settings.from_env({})
    assert settings == Settings()
    assert (settings.max_claim_chars, settings.max_batch, settings.max_body_bytes) == (
        MAX_CLAIM_CHARS, MAX_BATCH, MAX_BODY_BYTES)  # fmt: skip
    assert MAX_BATCH == 1_000 and MAX_BODY_BYTES == 1_048_576
    assert settings.model_dir is None and settings.cors_origins == ()


def test_every_setting_comes_from_its_variable(tmp_path):
    settings = Settings.from_env({
        MODEL_DIR_ENV: str(tmp_path),
        "MYTHCHECK_MAX_CLAIM_CHARS": "500",
        "MYTHCHECK_MAX_BATCH": "10",
        "MYTHCHECK_MAX_BODY_BYTES": "2_000",
        "MYTHCHECK_CORS_ORIGINS": " https://a.example, https://b.example ,,",
    })  # fmt: skip
    assert settings == Settings(
        model_dir=tmp_path,
        max_claim_chars=500,
        max_batch=10,
        max_body_bytes=2_000,
        cors_origins=("https://a.example", "https://b.example"),
    )


def test_environment_is_read_when_asked_not_at_import(monkeypatch):
    monkeypatch.setenv("MYTHCHECK_MAX_BATCH", "7")
    assert Settings.from_env().max_batch == 7
    monkeypatch.setenv("MYTHCHECK_MAX_BATCH", "8")
    assert Settings.from_env().max_batch == 8


@pytest.mark.parametrize("value", ["0", "-3", "many", "1.5"])
def test_bad_number_names_the_variable_and_the_value(value):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"MYTHCHECK_MAX_BATCH": value})
    assert "MYTHCHECK_MAX_BATCH" in raised.value.message and value in raised.value.message


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().max_batch = 5  # type: ignore[misc]


def test_building_the_app_loads_and_trains_nothing(tmp_path):
    absent = tmp_path / "model"
    create_app(Settings(model_dir=absent))
    assert not absent.exists()


def _broken_artifact(model_dir: Path, tmp_path: Path, manifest: str | None = None) -> Path:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model.joblib").write_bytes((model_dir / "model.joblib").read_bytes()[:100])
    (broken / "metadata.json").write_text(
        manifest or (model_dir / "metadata.json").read_text("utf-8"), "utf-8"
    )
    return broken


def test_startup_fails_loudly_on_a_corrupt_model(model_dir, tmp_path):
    broken = _broken_artifact(model_dir, tmp_path)
    app = create_app(Settings(model_dir=broken))
    with pytest.raises(ArtifactIntegrityError, match="mythcheck train"), TestClient(app):
        pass


def test_startup_fails_loudly_on_a_model_from_another_scikit_learn(model_dir, tmp_path):
    manifest = (model_dir / "metadata.json").read_text("utf-8")
    old = manifest.replace('"sklearn_version": "', '"sklearn_version": "0.0-', 1)
    broken = _broken_artifact(model_dir, tmp_path, old)
    app = create_app(Settings(model_dir=broken))
    with pytest.raises(ArtifactVersionError, match="mythcheck train"), TestClient(app):
        pass


def test_model_is_loaded_once_at_startup_not_per_request(model_dir, monkeypatch):
    import service.api.app as app_module

    calls: list[object] = []
    real = app_module.load_or_train

    def counting(directory):
        calls.append(directory)
        return real(directory)

    monkeypatch.setattr(app_module, "load_or_train", counting)
    with TestClient(create_app(Settings(model_dir=model_dir))) as client:
        for _ in range(3):
            assert client.post("/v1/check", json={"claim": "coffee and mTOR"}).status_code == 200
    assert calls == [model_dir]


def test_body_timeout_and_auto_train_come_from_their_variables():
    settings = Settings.from_env({"MYTHCHECK_BODY_TIMEOUT": "2.5", "MYTHCHECK_AUTO_TRAIN": "off"})
    assert (settings.body_timeout, settings.auto_train) == (2.5, False)
    assert (Settings().body_timeout, Settings().auto_train) == (30.0, True)


@pytest.mark.parametrize("name,value", [
    ("MYTHCHECK_BODY_TIMEOUT", "0"), ("MYTHCHECK_BODY_TIMEOUT", "-1"),
    ("MYTHCHECK_BODY_TIMEOUT", "nan"), ("MYTHCHECK_BODY_TIMEOUT", "inf"),
    ("MYTHCHECK_BODY_TIMEOUT", "soon"), ("MYTHCHECK_AUTO_TRAIN", "maybe"),
])  # fmt: skip
def test_bad_timeout_or_switch_names_the_variable_and_the_value(name, value):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: value})
    assert name in raised.value.message and value in raised.value.message
