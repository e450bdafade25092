"""GET /v1/myths, /v1/myths/{id} and /v1/myths/{id}/claimreview: the catalogue,
its caching headers, and schema.org ClaimReview; CORS for browser callers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_api_helpers import api_client

from claims.catalogue import ARTICLE_TITLE, ARTICLE_URL


@pytest.fixture(scope="module")
def client(model_dir) -> Iterator[TestClient]:
    with api_client(model_dir) as client:
        yield client


def test_myths_lists_the_catalogue_in_order(client, catalogue):
    response = client.get("/v1/myths")
    assert response.status_code == 200
    body = response.json()
    assert body["article"] == {"title": ARTICLE_TITLE, "url": ARTICLE_URL}
    assert [m["myth_id"] for m in body["myths"]] == list(catalogue.ids)
    for entry in body["myths"]:
        myth = catalogue[entry["myth_id"]]
        assert (entry["title"], entry["myth"], entry["reality"], entry["explanation"]) == (
            myth.title, myth.myth, myth.reality, myth.explanation)  # fmt: skip
        assert entry["url"].startswith(ARTICLE_URL + "#")


def test_myths_are_cacheable_with_etag_and_cache_control(client):
    first = client.get("/v1/myths")
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert "max-age=" in first.headers["cache-control"]
    assert client.get("/v1/myths").headers["etag"] == etag  # stable


@pytest.mark.parametrize("header", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
def test_myths_answer_304_when_the_client_has_them(client, header):
    etag = client.get("/v1/myths").headers["etag"]
    response = client.get("/v1/myths", headers={"if-none-match": header.format(etag=etag)})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag


def test_myths_answer_200_for_a_stale_etag(client):
    response = client.get("/v1/myths", headers={"if-none-match": '"stale"'})
    assert response.status_code == 200 and response.json()["myths"]


def test_one_myth_by_id(client, catalogue):
    myth_id = catalogue.ids[0]
    response = client.get(f"/v1/myths/{myth_id}")
    assert response.status_code == 200
    assert response.json()["reality"] == catalogue[myth_id].reality
    assert response.headers["etag"]


def test_claimreview_is_schema_org_json_ld(client, catalogue):
    myth = catalogue["coffee-activates-mtor"]
    response = client.get("/v1/myths/coffee-activates-mtor/claimreview")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    review = response.json()
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == myth.myth
    assert review["url"].startswith(ARTICLE_URL + "#")
    assert review["reviewRating"]["@type"] == "Rating"
    assert review["reviewRating"]["alternateName"]
    rating = review["reviewRating"]
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert myth.reality in review["reviewBody"]


def test_every_myth_has_a_claimreview(client, catalogue):
    for myth_id in catalogue:
        assert client.get(f"/v1/myths/{myth_id}/claimreview").status_code == 200


def test_cors_headers_only_for_configured_origins(model_dir):
    origin = "https://factcheck.example"
    with api_client(model_dir, cors_origins=(origin,)) as client:
        allowed = client.get("/v1/myths", headers={"origin": origin})
        other = client.get("/v1/myths", headers={"origin": "https://elsewhere.example"})
        preflight = client.options("/v1/check", headers={
            "origin": origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        })  # fmt: skip
    assert allowed.headers["access-control-allow-origin"] == origin
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == origin
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_no_cors_headers_by_default(client):
    response = client.get("/v1/myths", headers={"origin": "https://factcheck.example"})
    assert "access-control-allow-origin" not in response.headers
