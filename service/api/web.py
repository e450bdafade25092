"""The web form and the myth pages: server-rendered HTML that works without
JavaScript. Every value reaches the page through Jinja2's autoescape."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from claims.errors import InputError
from claims.result import CheckResult
from model.classifier import Classifier
from service.api.checking import check_claims
from service.api.claimreview import claim_review, section_url
from service.api.deps import ClassifierDep, SettingsDep
from service.api.pages import page
from service.api.routes_v1 import find_myth
from service.api.settings import Settings

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
def form_page(request: Request, classifier: ClassifierDep, settings: SettingsDep) -> HTMLResponse:
    """The empty form and the list of myths."""
    return _form(request, classifier, settings)


@router.post("/")
def form_results(
    request: Request,
    classifier: ClassifierDep,
    settings: SettingsDep,
    claims: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Check each non-empty line of the form's text and show the results."""
    lines = [line.strip() for line in claims.splitlines() if line.strip()]
    try:
        if not lines:
            raise InputError("write a claim to check, one claim per line", "empty_claim")
        results = check_claims(classifier, settings, lines)
    except InputError as error:
        return _form(request, classifier, settings, claims, error=error.message, status=422)
    return _form(request, classifier, settings, claims, results=results)


@router.get("/myths/{myth_id}")
def myth_page(myth_id: str, request: Request, classifier: ClassifierDep) -> HTMLResponse:
    """One myth, the article's answer, and its ClaimReview JSON-LD."""
    myth = find_myth(classifier.catalogue, myth_id)
    return page(request, "myth.html", {
        "myth": myth,
        "section_url": section_url(myth),
        "claim_review": claim_review(myth),
    })  # fmt: skip


def _form(
    request: Request,
    classifier: Classifier,
    settings: Settings,
    text: str = "",
    results: list[CheckResult] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    return page(request, "index.html", {
        "myths": list(classifier.catalogue.values()),
        "text": text,
        "results": results or [],
        "error": error,
        "max_batch": settings.max_batch,
        "max_claim_chars": settings.max_claim_chars,
    }, status)  # fmt: skip
