"""``mythcheck serve``: its command line, a failing start, and the whole
service end to end through a real server process and HTTP."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator

import httpx
import pytest
from test_api_helpers import COFFEE_REBUTTAL, FASTING_MYTH, assert_error
from test_serve_support import Server, free_port, mythcheck_command, running_server

from service.api.settings import MAX_BODY_BYTES
from service.cli.main import main


def test_serve_help_ends_with_an_example(capsys):
    assert main(["serve", "--help"]) == 0
    help_text = capsys.readouterr().out
    assert "--workers N" in help_text and "--model DIR" in help_text
    assert "mythcheck serve --host 0.0.0.0 --port 8080 --workers 4" in help_text
    assert help_text.rstrip().splitlines()[-1].startswith("MYTHCHECK_MAX_BODY_BYTES")


@pytest.mark.parametrize("args", [["--port", "70000"], ["--port", "web"], ["--workers", "0"]])
def test_serve_rejects_bad_options_with_usage_status(args, capsys):
    assert main(["serve", *args]) == 2
    assert "mythcheck serve" in capsys.readouterr().err


@pytest.mark.slow
def test_serve_fails_fast_with_the_remedy_when_the_model_is_broken(model_dir, tmp_path):
    # Given an artifact whose model file no longer matches its manifest
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "metadata.json").write_text((model_dir / "metadata.json").read_text("utf-8"))
    (broken / "model.joblib").write_bytes(b"not a model")
    port = free_port()
    # When the server is started on it
    done = subprocess.run(
        [*mythcheck_command(), "serve", "--port", str(port), "--model", str(broken)],
        capture_output=True, text=True, timeout=60, env={**os.environ},
    )  # fmt: skip
    # Then it stops at once with one line saying what to do, and never listened
    assert done.returncode == 1
    assert "does not match its manifest" in done.stderr
    assert "mythcheck train --force" in done.stderr
    assert "Traceback" not in done.stderr
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)


@pytest.fixture(scope="module")
def server(model_dir, tmp_path_factory) -> Iterator[Server]:
    with running_server(model_dir, tmp_path_factory.mktemp("serve")) as server:
        yield server


@pytest.mark.slow
def test_real_server_health_and_check(server, classifier):
    health = httpx.get(f"{server.url}/healthz").json()
    assert health["status"] == "ok"
    assert health["model"]["model_version"] == classifier.manifest["model_version"]
    result = httpx.post(f"{server.url}/v1/check", json={"claim": FASTING_MYTH}).json()
    assert result == classifier.check_one(FASTING_MYTH).model_dump(mode="json")


@pytest.mark.slow
def test_real_server_batch_myths_and_claimreview(server, catalogue):
    claims = [COFFEE_REBUTTAL, FASTING_MYTH]
    batch = httpx.post(f"{server.url}/v1/check/batch", json={"claims": claims}).json()
    assert [r["verdict"] for r in batch["results"]] == ["consistent", "myth"]
    myths = httpx.get(f"{server.url}/v1/myths")
    assert [m["myth_id"] for m in myths.json()["myths"]] == list(catalogue.ids)
    again = httpx.get(f"{server.url}/v1/myths", headers={"if-none-match": myths.headers["etag"]})
    assert again.status_code == 304
    review = httpx.get(f"{server.url}/v1/myths/coffee-activates-mtor/claimreview").json()
    assert review["@type"] == "ClaimReview"


@pytest.mark.slow
def test_real_server_errors_keep_the_shape(server):
    assert_error(httpx.post(f"{server.url}/v1/check", json={"claim": ""}), 422, "empty_claim")
    assert_error(httpx.get(f"{server.url}/v1/myths/nope"), 404, "unknown_myth")
    malformed = httpx.post(f"{server.url}/v1/check", content=b"{",
                           headers={"content-type": "application/json"})  # fmt: skip
    assert_error(malformed, 400, "malformed_json")


@pytest.mark.slow
def test_real_server_refuses_a_large_chunked_body_with_413(server):
    # Given a body streamed in chunks without a Content-Length, well over the limit
    def chunks() -> Iterator[bytes]:
        yield b'{"claims": ["'
        for _ in range(2 * MAX_BODY_BYTES // 65_536):
            yield b"x" * 65_536
        yield b'"]}'

    # When it is posted to the real server
    response = httpx.post(f"{server.url}/v1/check/batch", content=chunks(),
                          headers={"content-type": "application/json"})  # fmt: skip
    # Then it is cut off with 413 in the error shape
    assert_error(response, 413, "body_too_large")


@pytest.mark.slow
def test_real_server_form_and_myth_page(server, catalogue):
    page = httpx.post(f"{server.url}/", data={"claims": FASTING_MYTH})
    assert page.status_code == 200 and "This repeats a common myth" in page.text
    myth_page = httpx.get(f"{server.url}/myths/fasting-resets-via-mtor")
    assert 'type="application/ld+json"' in myth_page.text
    docs = httpx.get(f"{server.url}/docs")
    assert docs.status_code == 200 and "/static/swagger-ui/swagger-ui-bundle.js" in docs.text


@pytest.mark.slow
def test_serve_trains_a_model_first_when_there_is_none(tmp_path):
    # Given a model folder that does not exist yet
    model_dir = tmp_path / "fresh-model"
    # When the server starts on it
    with running_server(model_dir, tmp_path) as server:
        health = httpx.get(f"{server.url}/healthz").json()
        log = server.output()
    # Then it trained one, said so, saved it, and serves it
    assert "training one" in log
    assert health["status"] == "ok"
    manifest = json.loads((model_dir / "metadata.json").read_text("utf-8"))
    assert health["model"]["model_version"] == manifest["model_version"]


@pytest.mark.slow
def test_serve_with_several_workers(model_dir, tmp_path):
    with running_server(model_dir, tmp_path, "--workers", "2") as server:
        for _ in range(4):
            response = httpx.post(f"{server.url}/v1/check", json={"claim": COFFEE_REBUTTAL})
            assert response.json()["verdict"] == "consistent"
