"""``mythcheck data stats``: the corpus's counts against its minimums."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from claims.catalogue import load_catalogue
from claims.corpus import load_corpus
from claims.split import PARTS, assign_splits
from claims.stats import (
    MIN_CONSISTENT_PER_ID,
    MIN_HARD_NEGATIVE_SHARE,
    MIN_MYTH_PER_ID,
    MIN_NO_MATCH,
    CorpusStats,
    corpus_stats,
)
from service.cli.common import EXIT_FAILED, EXIT_OK, HelpFormatter

EPILOG = """example:
  mythcheck data stats
  mythcheck data stats --json --data my-corpus.csv
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    data = subparsers.add_parser("data", help="inspect the labelled corpus")
    actions = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    stats = actions.add_parser(
        "stats",
        help="counts per myth, verdict, style and split; fails when a minimum is missed",
        description="Print the corpus's counts and exit 1 when a minimum is not met.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    stats.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="CSV",
        help="corpus to describe (default: the shipped data/claims.csv)",
    )
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(handler=run_stats)


def run_stats(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    catalogue = load_catalogue()
    corpus = load_corpus(args.data, catalogue)
    stats = corpus_stats(corpus, catalogue)
    splits = assign_splits(corpus).value_counts().reindex(PARTS, fill_value=0)
    if args.json:
        payload = {
            **asdict(stats),
            "hard_negative_share": stats.hard_negative_share,
            "splits": {k: int(v) for k, v in splits.items()},
        }
        out.write(json.dumps(payload, indent=2) + "\n")
    else:
        out.write(format_stats(stats, {k: int(v) for k, v in splits.items()}))
    return EXIT_OK if stats.meets_minimums else EXIT_FAILED


def format_stats(stats: CorpusStats, splits: dict[str, int]) -> str:
    """The human-readable report."""
    lines = [f"{stats.rows} texts", "", f"{'myth_id':34} {'myth':>6} {'consistent':>11}"]
    for myth_id, counts in stats.per_myth.items():
        lines.append(f"{myth_id:34} {counts['myth']:>6} {counts['consistent']:>11}")
    lines.append(f"{'minimum per myth':34} {MIN_MYTH_PER_ID:>6} {MIN_CONSISTENT_PER_ID:>11}")
    lines += [
        "",
        f"no_match: {stats.no_match} (minimum {MIN_NO_MATCH}); hard negatives "
        f"{stats.hard_negatives} = {stats.hard_negative_share:.1%} "
        f"(minimum {MIN_HARD_NEGATIVE_SHARE:.0%})",
        "styles: " + ", ".join(f"{k} {v}" for k, v in stats.per_style.items()),
        "splits: " + ", ".join(f"{k} {v}" for k, v in splits.items()),
        f"duplicates after normalisation: {stats.duplicates}",
        "",
    ]
    if stats.shortfalls:
        lines += ["MINIMUMS NOT MET:", *(f"  - {s}" for s in stats.shortfalls)]
    else:
        lines.append("all minimums met")
    return "\n".join(lines) + "\n"
