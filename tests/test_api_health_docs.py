"""GET /healthz, the OpenAPI schema, and /docs served without the network."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_api_helpers import api_client


@pytest.fixture(scope="module")
def client(model_dir) -> Iterator[TestClient]:
    with api_client(model_dir) as client:
        yield client


def test_healthz_reports_the_loaded_model(client, classifier):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    manifest = classifier.manifest
    assert body["status"] == "ok"
    model = body["model"]
    assert model["model_version"] == manifest["model_version"]
    assert model["created_at"] == manifest["created_at"]
    assert model["sklearn_version"] == manifest["sklearn_version"]
    assert model["threshold"] == classifier.threshold
    assert model["myths"] == len(classifier.catalogue)
    assert model["metrics"]["macro_f1"] == manifest["test"]["macro_f1"]


def test_openapi_describes_every_endpoint_and_the_error_shape(client):
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    for path in ("/v1/check", "/v1/check/batch", "/v1/myths", "/v1/myths/{myth_id}",
                 "/v1/myths/{myth_id}/claimreview", "/healthz"):  # fmt: skip
        assert path in paths, path
    assert "/" not in paths and "/docs" not in paths
    check = paths["/v1/check"]["post"]
    for status in ("400", "413", "422"):
        assert check["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorResponse"
        }
    components = schema["components"]["schemas"]
    assert components["CheckRequest"]["additionalProperties"] is False
    assert components["BatchRequest"]["additionalProperties"] is False
    assert "CheckResult" in components


def test_docs_page_loads_only_local_assets(client):
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the docs page references no assets?"
    for url in assets:
        assert url.startswith("/") and not url.startswith("//"), url
    assert "http://" not in html and "https://" not in html
    assert "cdn" not in html.lower()
    assert "'/openapi.json'" in html


def test_docs_assets_are_served(client):
    html = client.get("/docs").text
    types = {".js": "javascript", ".css": "text/css", ".png": "image/png"}
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        response = client.get(url)
        assert response.status_code == 200, url
        suffix = url[url.rfind(".") :]
        assert types[suffix] in response.headers["content-type"], url
        assert len(response.content) > 100, url


def test_redoc_is_off_because_it_needs_a_cdn(client):
    assert client.get("/redoc").status_code == 404
