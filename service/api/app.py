"""The app factory. ``create_app(settings)`` wires the routes, the error
handlers, the body limit and deadline, CORS and the security headers; the model
is loaded in the lifespan, once, before the first request (trained first when
there is none yet, unless ``settings.auto_train`` is off)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware

from claims.catalogue import ARTICLE_TITLE
from model.artifact import load_classifier, load_or_train
from model.classifier import Classifier
from service.api import routes_scan, routes_v1, web
from service.api.docs import install_docs
from service.api.errors import install_error_handlers
from service.api.limits import BodyLimitMiddleware
from service.api.pages import make_templates
from service.api.security import SecurityHeadersMiddleware
from service.api.settings import Settings
from service.api.timeouts import BodyTimeoutMiddleware

STATIC_DIR = Path(__file__).resolve().parent / "static"
DESCRIPTION = (
    f"Check health claims against the myths of the article '{ARTICLE_TITLE}'. "
    'Every error answers `{"error": {"code": "...", "message": "..."}}`.'
)

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, preloaded: Classifier | None = None) -> FastAPI:
    """Build the service; ``settings`` default to ``Settings.from_env()``.

    Nothing is loaded here: the model is loaded when the app starts (lifespan),
    and a model that cannot be loaded stops the startup with its error.
    ``preloaded`` is a model the caller has already loaded from
    ``settings.model_dir`` (``mythcheck serve`` checks it before opening a port).
    """
    settings = settings if settings is not None else Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loader = load_or_train if settings.auto_train else load_classifier
        classifier = preloaded or await run_in_threadpool(loader, settings.model_dir)
        app.state.classifier = classifier
        logger.info("serving model %s", classifier.manifest.get("model_version", "(unversioned)"))
        yield

    app = FastAPI(
        title="mythcheck",
        version=_package_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.templates = make_templates()
    install_error_handlers(app)
    install_docs(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(routes_v1.router)
    app.include_router(web.router)
    app.include_router(routes_scan.router)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(BodyTimeoutMiddleware, seconds=settings.body_timeout)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            expose_headers=["ETag"],
            max_age=600,
        )
    app.add_middleware(SecurityHeadersMiddleware)  # last added, outermost: on every answer
    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and for each worker process."""
    return create_app(Settings.from_env())


def _package_version() -> str:
    try:
        return version("mythcheck")
    except PackageNotFoundError:
        return "0+unknown"
