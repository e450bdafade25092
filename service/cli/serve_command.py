"""``mythcheck serve``: the JSON API, the web form and /docs, served by uvicorn."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from typing import TextIO

from model.artifact import MODEL_DIR_ENV, default_model_dir, load_or_train
from service.cli.common import EXIT_OK, HelpFormatter, add_model_option

EPILOG = """examples:
  mythcheck serve
  mythcheck serve --host 0.0.0.0 --port 8080 --workers 4
  MYTHCHECK_CORS_ORIGINS=https://example.org mythcheck serve --model /srv/mythcheck/model

environment: MYTHCHECK_MODEL_DIR, MYTHCHECK_MAX_CLAIM_CHARS, MYTHCHECK_MAX_BATCH,
MYTHCHECK_MAX_BODY_BYTES, MYTHCHECK_CORS_ORIGINS (comma-separated origins)
"""
APP_FACTORY = "service.api.app:create_app_from_env"


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
    model_dir = args.model or settings.model_dir or default_model_dir()
    settings = dataclasses.replace(settings, model_dir=model_dir)
    classifier = load_or_train(model_dir)
    out.write(
        f"mythcheck: model {classifier.manifest.get('model_version')} from {model_dir}; "
        f"serving http://{_url_host(args.host)}:{args.port}/ (API docs at /docs)\n"
    )
    out.flush()
    log_level = "warning" if getattr(args, "quiet", False) else "info"
    if args.workers == 1:
        app = create_app(settings, preloaded=classifier)
        uvicorn.run(app, host=args.host, port=args.port, log_level=log_level)
    else:
        # Each worker process builds its own app from the environment.
        os.environ[MODEL_DIR_ENV] = str(model_dir)
        uvicorn.run(APP_FACTORY, factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level=log_level)  # fmt: skip
    return EXIT_OK


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
