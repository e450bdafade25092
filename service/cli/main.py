"""The ``mythcheck`` entry point: builds the parser from each subcommand's
``register`` and maps mythcheck errors to one stderr line and an exit status."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from claims.errors import InputError, MythcheckError
from service.cli import (
    bench_command,
    check_command,
    compare_command,
    data_command,
    docs_command,
    evaluate_command,
    scan_command,
    serve_command,
    train_command,
)
from service.cli.common import EXIT_FAILED, EXIT_USAGE, HelpFormatter, fail

COMMANDS = (
    data_command,
    train_command,
    evaluate_command,
    compare_command,
    check_command,
    scan_command,
    serve_command,
    docs_command,
    bench_command,
)
EPILOG = """examples:
  mythcheck check "fasting turns off mTOR and resets your body"
  mythcheck serve --port 8000
  mythcheck evaluate --data ../shared/eval/strangers-dev.csv
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mythcheck",
        description="Check claims against the myths of the article 'mTOR Pathway'.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 failed, 2 usage or bad input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.INFO,
        format="mythcheck: %(message)s",
        stream=sys.stderr,
    )
    try:
        return args.handler(args)
    except InputError as error:
        return fail(error.message, EXIT_USAGE)
    except MythcheckError as error:
        return fail(error.message, EXIT_FAILED)
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_FAILED)
    except BrokenPipeError:
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
