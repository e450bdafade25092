"""Rendering pages: the Jinja2 environment (autoescape on for every template)
and the security headers every HTML answer carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request

from claims.catalogue import ARTICLE_TITLE, ARTICLE_URL
from claims.result import NoMatchReason
from service.api.claimreview import script_safe_json
from service.api.security import SECURITY_HEADERS

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
REASON_WORDS = {
    NoMatchReason.TOO_SHORT: "Too short to judge: write the claim as a whole sentence.",
    NoMatchReason.UNFAMILIAR_LANGUAGE: (
        "Too few words the checker knows: another language, emoji, symbols or noise."
    ),
    NoMatchReason.LOW_CONFIDENCE: ("A myth came closest, but not closely enough to be sure."),
    NoMatchReason.NO_MYTH: "It neither repeats nor answers any myth the article covers.",
}
"""Why a claim got no match, as the page says it."""


def percent(value: float) -> str:
    """0.8731 -> '87%'."""
    return f"{value:.0%}"


def make_templates() -> Jinja2Templates:
    """The page templates, with autoescape on for every file."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_safe_json
    env.filters["percent"] = percent
    env.globals.update(
        article_title=ARTICLE_TITLE, article_url=ARTICLE_URL, reason_words=REASON_WORDS
    )
    return Jinja2Templates(env=env)


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a template with the security headers every page carries."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, name, context, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})}
    )
