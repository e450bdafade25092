"""The interactive API docs at ``/docs``, served entirely from this process:
Swagger UI's files come from the ``swagger-ui-bundle-v2`` package, so the page
works offline and never asks a CDN for anything."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

DOCS_URL = "/docs"
ASSETS_URL = "/static/swagger-ui"
SWAGGER_PARAMETERS = {"validatorUrl": None}
"""No validator badge: it would send the schema to validator.swagger.io."""
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def docs_policy(html: bytes) -> str:
    """The Content-Security-Policy of the docs page: scripts from this server,
    plus the page's own inline start-up script, allowed by its sha256 and no
    other; the stylesheet's icons are ``data:`` images."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'self'; script-src 'self' {hashes}; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def install_docs(app: FastAPI) -> None:
    """Serve Swagger UI's files under ``/static/swagger-ui`` and the page at ``/docs``.

    Mount this before any other ``/static`` mount, which would shadow it.
    """
    app.mount(ASSETS_URL, StaticFiles(directory=Path(str(swagger_ui_path))), name="swagger-ui")

    def swagger_ui() -> HTMLResponse:
        response = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )
        response.headers["Content-Security-Policy"] = docs_policy(bytes(response.body))
        return response

    app.add_api_route(DOCS_URL, swagger_ui, methods=["GET"], include_in_schema=False)
