"""``mythcheck check``: check claims given as arguments or one per line on stdin."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from claims.errors import InputError
from model.artifact import load_or_train
from service.cli.common import (
    EXIT_OK,
    HelpFormatter,
    add_model_option,
    probability,
    write_json_lines,
)
from service.cli.text_output import format_result

EPILOG = """examples:
  mythcheck check "fasting turns off mTOR and resets your body"
  mythcheck check --format json "coffee doesn't reliably activate mTOR"
  printf 'claim one\\nclaim two\\n' | mythcheck check --min-confidence 0.8
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check claims against the article's myths",
        description="Check each CLAIM (or each non-empty line of standard input when no "
        "CLAIM is given, or when CLAIM is -).",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("claims", nargs="*", metavar="CLAIM", help="claims to check")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default) or JSON Lines, one object per claim",
    )
    parser.add_argument(
        "--min-confidence",
        type=probability,
        default=None,
        metavar="P",
        help="answer a myth only at this confidence or above (overrides the model's threshold)",
    )
    add_model_option(parser)
    parser.set_defaults(handler=run_check)


def read_claims(arguments: list[str], stdin: TextIO) -> list[str]:
    """The claims from the arguments, or stdin's non-empty lines for none or ``-``."""
    if arguments and arguments != ["-"]:
        return arguments
    return [line.rstrip("\r\n") for line in stdin if line.strip()]


def run_check(
    args: argparse.Namespace, out: TextIO | None = None, stdin: TextIO | None = None
) -> int:
    out = out or sys.stdout
    claims = read_claims(args.claims, stdin or sys.stdin)
    if not claims:
        raise InputError("no claim given: pass claims as arguments or one per line on stdin")
    classifier = load_or_train(args.model)
    results = classifier.check(claims, args.min_confidence)
    if args.format == "json":
        write_json_lines(results, out)
    else:
        out.write("\n".join(format_result(r) for r in results))
    return EXIT_OK
