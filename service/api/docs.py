"""The interactive API docs at ``/docs``, served entirely from this process:
Swagger UI's files come from the ``swagger-ui-bundle-v2`` package, so the page
works offline and never asks a CDN for anything."""

from __future__ import annotations

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


def install_docs(app: FastAPI) -> None:
    """Serve Swagger UI's files under ``/static/swagger-ui`` and the page at ``/docs``.

    Mount this before any other ``/static`` mount, which would shadow it.
    """
    app.mount(ASSETS_URL, StaticFiles(directory=Path(str(swagger_ui_path))), name="swagger-ui")

    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png",
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )

    app.add_api_route(DOCS_URL, swagger_ui, methods=["GET"], include_in_schema=False)
