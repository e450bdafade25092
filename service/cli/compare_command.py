"""``mythcheck compare``: the model-selection table (cross-validated macro-F1)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TextIO

from claims.catalogue import load_catalogue
from claims.corpus import load_corpus
from claims.split import split_corpus
from model.selection import FOLDS, compare
from model.training import SEED
from service.cli.common import EXIT_OK, HelpFormatter

EPILOG = """example:
  mythcheck compare
  mythcheck compare --json > selection.json
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare alternative pipelines by cross-validated macro-F1",
        description=f"{FOLDS}-fold stratified cross-validation on the train split.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.set_defaults(handler=run_compare)


def run_compare(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    train = split_corpus(load_corpus(catalogue=load_catalogue()))["train"]
    scores = compare(train, args.seed)
    if args.json:
        out.write(json.dumps([asdict(s) for s in scores], indent=2) + "\n")
        return EXIT_OK
    out.write("| pipeline | what it is | CV macro-F1 | fit time (s) |\n|---|---|---|---|\n")
    for s in scores:
        out.write(
            f"| {s.name} | {s.description} | {s.macro_f1_mean:.3f} ± {s.macro_f1_std:.3f} "
            f"| {s.fit_seconds:.2f} |\n"
        )
    return EXIT_OK
