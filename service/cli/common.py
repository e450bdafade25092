"""What every CLI subcommand shares: exit statuses, the model option, output
helpers, and the one way errors reach stderr."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples in each ``--help`` epilog as written."""


def add_model_option(parser: argparse.ArgumentParser) -> None:
    """``--model DIR``: which artifact to use (default: $MYTHCHECK_MODEL_DIR or the cache)."""
    parser.add_argument(
        "--model",
        type=Path,
        default=None,
        metavar="DIR",
        help="model folder (default: $MYTHCHECK_MODEL_DIR, else ~/.cache/mythcheck/model)",
    )


def probability(text: str) -> float:
    """argparse type for a number in [0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return value


def write_json_lines(items: Iterable[BaseModel | dict[str, Any]], out: TextIO) -> None:
    """One JSON object per line."""
    for item in items:
        data = item.model_dump(mode="json") if isinstance(item, BaseModel) else item
        out.write(json.dumps(data, ensure_ascii=False) + "\n")


def fail(message: str, status: int = EXIT_FAILED) -> int:
    """Print ``mythcheck: message`` on stderr and return ``status``."""
    print(f"mythcheck: {message}", file=sys.stderr)
    return status
