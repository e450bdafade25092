"""``mythcheck serve``: the JSON API, the web form and /docs, served by uvicorn."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from claims.errors import ArtifactMissingError
from model.artifact import (
    MODEL_DIR_ENV,
    default_model_dir,
    load_classifier,
    load_or_train,
)
from service.api.settings import AUTO_TRAIN_ENV
from service.cli.common import EXIT_OK, HelpFormatter, add_model_option

if TYPE_CHECKING:
    from model.classifier import Classifier

EPILOG = """examples:
  mythcheck serve
  mythcheck serve --host 0.0.0.0 --port 8080 --workers 4
  mythcheck serve --no-train --model /srv/mythcheck/model --timeout-keep-alive 10
  MYTHCHECK_CORS_ORIGINS=https://example.org mythcheck serve --model /srv/mythcheck/model

SIGTERM stops it gracefully: requests in flight are answered, then it exits 0.

environment: MYTHCHECK_MODEL_DIR, MYTHCHECK_AUTO_TRAIN (0 = --no-train),
MYTHCHECK_BODY_TIMEOUT (seconds), MYTHCHECK_MAX_CLAIM_CHARS, MYTHCHECK_MAX_BATCH,
MYTHCHECK_MAX_BODY_BYTES, MYTHCHECK_CORS_ORIGINS (comma-separated origins)
"""
APP_FACTORY = "service.api.app:create_app_from_env"
KEEP_ALIVE_SECONDS = 5
"""uvicorn's own default: an idle keep-alive connection is closed after this."""
GRACEFUL_SHUTDOWN_SECONDS = 30
"""After SIGTERM, requests still running after this long are cancelled."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the JSON API, the web form and /docs over HTTP",
        description="Load the model (training one first when there is none), then serve "
        "the web form at /, the JSON API under /v1 and its docs at /docs.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    parser.add_argument("--port", type=port, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--workers",
        type=positive,
        default=1,
        metavar="N",
        help="worker processes, each holding the model (default 1)",
    )
    parser.add_argument(
        "--no-train",
        dest="train",
        action="store_false",
        default=None,
        help="never train at startup: a missing model stops it like a broken one "
        "(same as MYTHCHECK_AUTO_TRAIN=0)",
    )
    parser.add_argument(
        "--timeout-keep-alive",
        type=positive,
        default=KEEP_ALIVE_SECONDS,
        metavar="S",
        help=f"close an idle keep-alive connection after S seconds (default {KEEP_ALIVE_SECONDS})",
    )
    parser.add_argument(
        "--timeout-graceful-shutdown",
        type=positive,
        default=GRACEFUL_SHUTDOWN_SECONDS,
        metavar="S",
        help="on SIGTERM, wait at most S seconds for requests in flight "
        f"(default {GRACEFUL_SHUTDOWN_SECONDS})",
    )
    add_model_option(parser)
    parser.set_defaults(handler=run_serve)


def port(text: str) -> int:
    """argparse type for a TCP port (0 lets the system choose)."""
    value = _whole(text)
    if not 0 <= value <= 65_535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (0..65535)")
    return value


def positive(text: str) -> int:
    """argparse type for a whole number of at least 1."""
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def run_serve(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Check the model and the settings, then serve until interrupted.

    The model is loaded (or trained) here first, so a missing or broken model
    stops the command with its message before any port is opened. ``out``
    defaults to the ``sys.stdout`` of the moment of the call.
    """
    out = out or sys.stdout
    import uvicorn

    from service.api.app import create_app
    from service.api.settings import Settings

    settings = Settings.from_env()
    explicit_dir = args.model or settings.model_dir
    model_dir = explicit_dir or default_model_dir()
    auto_train = settings.auto_train if args.train is None else args.train
    settings = dataclasses.replace(settings, model_dir=model_dir, auto_train=auto_train)
    classifier = _load(explicit_dir, auto_train)
    out.write(
        f"mythcheck: model {classifier.manifest.get('model_version')} from {model_dir}; "
        f"serving http://{_url_host(args.host)}:{args.port}/ (API docs at /docs)\n"
    )
    out.flush()
    options = {
        "host": args.host,
        "port": args.port,
        "log_level": "warning" if getattr(args, "quiet", False) else "info",
        "timeout_keep_alive": args.timeout_keep_alive,
        "timeout_graceful_shutdown": args.timeout_graceful_shutdown,
    }
    if args.workers == 1:
        app = create_app(settings, preloaded=classifier)
        with _sigterm_exits_cleanly():
            uvicorn.run(app, **options)
    else:
        # Each worker process builds its own app from the environment.
        os.environ[MODEL_DIR_ENV] = str(model_dir)
        os.environ[AUTO_TRAIN_ENV] = "1" if auto_train else "0"
        uvicorn.run(APP_FACTORY, factory=True, workers=args.workers, **options)
    return EXIT_OK


def _load(model_dir: Path | None, auto_train: bool) -> Classifier:
    """The model (the built-in one when ``model_dir`` is None), trained first
    only when training is allowed and there is no artifact at all: half an
    artifact is a broken one, never retrained over (``model.artifact``)."""
    if auto_train:
        return load_or_train(model_dir)
    try:
        return load_classifier(model_dir)
    except ArtifactMissingError as missing:
        raise ArtifactMissingError(
            f"{missing.message} (training at startup is off: --no-train or "
            f"{AUTO_TRAIN_ENV}=0)"
        ) from None


@contextlib.contextmanager
def _sigterm_exits_cleanly() -> Iterator[None]:
    """uvicorn answers SIGTERM with a graceful shutdown, then raises the signal
    again for the handler it found; with SIGTERM ignored here, that second
    signal is a no-op and ``serve`` returns 0 instead of dying by the signal."""
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
