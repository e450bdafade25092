"""The installed package finds its data, and the code passes the linter.

CI installs mythcheck NON-editable and sets MYTHCHECK_EXPECT_INSTALLED, so the
first test proves that a wheel ships the catalogue and the corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import claims
from claims.resources import catalogue_path, corpus_path

REPO = Path(__file__).resolve().parent.parent


def test_data_files_resolve_from_the_package():
    assert catalogue_path().is_file()
    assert corpus_path().is_file()
    if os.environ.get("MYTHCHECK_EXPECT_INSTALLED"):
        package_dir = Path(claims.__file__).resolve().parent
        assert package_dir != REPO / "claims", f"claims imported from the checkout: {package_dir}"
        assert "site-packages" in package_dir.parts, package_dir
        assert catalogue_path().parent == package_dir / "data"


def test_data_resolution_does_not_depend_on_the_working_directory(tmp_path):
    code = "from claims.resources import corpus_path; print(corpus_path().is_file())"
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )  # fmt: skip
    assert completed.stdout.strip() == "True", completed.stderr


def test_code_passes_ruff():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (it is in the test extra)")
    completed = subprocess.run(
        [ruff, "check", "claims", "model", "service", "benchmarks", "tests"], cwd=REPO,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
