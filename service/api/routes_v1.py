"""The JSON API: checking claims, the myth catalogue, ClaimReview, and health.

Checking is CPU-bound, so those endpoints are plain ``def`` and run in the
threadpool; the catalogue answers carry an ETag and Cache-Control.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from claims.catalogue import ARTICLE_TITLE, ARTICLE_URL, Catalogue, Myth
from claims.result import CheckResult
from service.api.checking import check_claims
from service.api.claimreview import claim_review, section_url
from service.api.deps import ClassifierDep, SettingsDep
from service.api.errors import ERROR_RESPONSES, ApiError, ErrorResponse
from service.api.schemas import (
    Article,
    BatchRequest,
    BatchResponse,
    CheckRequest,
    Health,
    ModelInfo,
    MythOut,
    MythsResponse,
)

CACHE_CONTROL = "public, max-age=300"
"""The catalogue changes only with a new release; five minutes keeps it fresh enough."""
NOT_FOUND = {404: {"model": ErrorResponse, "description": "Unknown myth id"}}

router = APIRouter()


@router.post("/v1/check", response_model=CheckResult, responses=ERROR_RESPONSES, tags=["check"])
def check(body: CheckRequest, classifier: ClassifierDep, settings: SettingsDep) -> CheckResult:
    """Check one claim against the article's myths."""
    return check_claims(classifier, settings, [body.claim], body.min_confidence)[0]


@router.post("/v1/check/batch", response_model=BatchResponse, responses=ERROR_RESPONSES,
             tags=["check"])  # fmt: skip
def check_batch(
    body: BatchRequest, classifier: ClassifierDep, settings: SettingsDep
) -> BatchResponse:
    """Check up to 1,000 claims (by default); results come in the order of the claims."""
    return BatchResponse(
        results=check_claims(classifier, settings, body.claims, body.min_confidence)
    )


@router.get("/v1/myths", response_model=MythsResponse, tags=["myths"])
def list_myths(request: Request, classifier: ClassifierDep) -> Response:
    """Every myth the checker knows, in catalogue order."""
    catalogue = classifier.catalogue
    payload = MythsResponse(
        article=Article(title=ARTICLE_TITLE, url=ARTICLE_URL),
        myths=[MythOut.of(myth, section_url(myth)) for myth in catalogue.values()],
    )
    return cached_json(request, payload.model_dump(mode="json"))


@router.get("/v1/myths/{myth_id}", response_model=MythOut, responses=NOT_FOUND, tags=["myths"])
def get_myth(myth_id: str, request: Request, classifier: ClassifierDep) -> Response:
    """One myth, with the article's reality and explanation."""
    myth = find_myth(classifier.catalogue, myth_id)
    return cached_json(request, MythOut.of(myth, section_url(myth)).model_dump(mode="json"))


@router.get("/v1/myths/{myth_id}/claimreview", responses=NOT_FOUND, tags=["myths"],
            response_class=JSONResponse)  # fmt: skip
def get_claim_review(myth_id: str, request: Request, classifier: ClassifierDep) -> Response:
    """The myth as schema.org ClaimReview JSON-LD."""
    review = claim_review(find_myth(classifier.catalogue, myth_id))
    return cached_json(request, review, media_type="application/ld+json")


@router.get("/healthz", response_model=Health, tags=["health"])
def health(classifier: ClassifierDep) -> Health:
    """Whether the service is up, and which model it answers with."""
    manifest = classifier.manifest
    test = manifest.get("test", {})
    metrics = {key: value for key, value in test.items()
               if isinstance(value, int | float) and not isinstance(value, bool)}  # fmt: skip
    return Health(
        status="ok",
        model=ModelInfo(
            model_version=manifest.get("model_version"),
            created_at=manifest.get("created_at"),
            sklearn_version=manifest.get("sklearn_version"),
            threshold=classifier.threshold,
            myths=len(classifier.catalogue),
            metrics=metrics,
        ),
    )


def find_myth(catalogue: Catalogue, myth_id: str) -> Myth:
    """The myth, or a 404 naming the known ids."""
    try:
        return catalogue[myth_id]
    except KeyError:
        raise ApiError(
            404,
            "unknown_myth",
            f"no myth {myth_id!r}; the myths are {', '.join(catalogue)}",
        ) from None


def cached_json(request: Request, data: Any, media_type: str = "application/json") -> Response:
    """``data`` as JSON with an ETag and Cache-Control; 304 when the client has it."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    known = _etags(request.headers.get("if-none-match", ""))
    if etag in known or "*" in known:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
