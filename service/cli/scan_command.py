"""``mythcheck scan``: find the sentences of posts that repeat or rebut a myth,
in files, folders, standard input or a CSV column.

The exit status works like a linter's: 0 when no sentence repeats a myth, 1
when at least one does, 2 for a usage or input error. An input error (an
unreadable file, bad UTF-8, an empty folder) is reported on stderr and the
other inputs are still scanned; 2 then wins over 1, so that a script never
mistakes a half-read scan for a clean one.
"""

from __future__ import annotations

import argparse
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from claims.errors import InputError
from claims.markup import MARKUPS
from claims.sentences import Sentence, split_sentences
from model.artifact import load_or_train
from model.classifier import Classifier
from model.scan import scan_sentences
from service.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    HelpFormatter,
    add_model_option,
    fail,
    probability,
)
from service.cli.progress import Progress
from service.cli.scan_inputs import SUFFIXES, Problem, expand, posts
from service.cli.scan_output import FORMATS, CountWriter, FindingWriter, Tally
from service.cli.scan_table import check_columns, scan_table

EPILOG = f"""exit status: 0 no sentence repeats a myth, 1 at least one does, 2 usage or
input error (the other inputs are still scanned; 2 wins over 1).
Folders are scanned recursively for {SUFFIXES} files.

examples:
  mythcheck scan posts/
  mythcheck scan draft.md --all --min-confidence 0.8
  cat draft.html | mythcheck scan - --format json
  mythcheck scan --csv posts.csv --text-column body --id-column id --per-post > counts.csv
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="find the sentences of posts that repeat or rebut a myth",
        description="Split posts (plain text, Markdown or HTML) into sentences, check every "
        "sentence, and report those that repeat a myth or agree with the evidence, with "
        "file:line:column.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files, folders, or - for standard input")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="text for people (default), json (JSON Lines, one finding per "
                        "line) or csv (the default with --csv)")
    parser.add_argument("--all", action="store_true", dest="include_all",
                        help="also report the sentences that match no myth")
    parser.add_argument("--min-confidence", type=probability, default=None, metavar="P",
                        help="report a myth only at this confidence or above "
                        "(overrides the model's threshold)")
    parser.add_argument("--markup", choices=MARKUPS, default=None,
                        help="read every input as this (default: by file suffix; "
                        "standard input, CSV cells and other suffixes are detected)")
    table = parser.add_argument_group("tables")
    table.add_argument("--csv", type=Path, default=None, metavar="CSV",
                       help="scan one column of every row of this CSV, in chunks")
    table.add_argument("--text-column", metavar="NAME", help="the column holding the posts")
    table.add_argument("--id-column", metavar="NAME",
                       help="the column naming each post (default: its row number)")
    table.add_argument("--per-post", action="store_true",
                       help="one row per post with counts per myth and verdict")
    add_model_option(parser)
    parser.set_defaults(handler=run_scan)  # fmt: skip


def run_scan(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    """Scan what ``args`` names and return the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    _check_usage(args)
    classifier = load_or_train(args.model)
    tally = Tally()
    enabled = False if getattr(args, "quiet", False) else None
    if args.csv is not None:
        check_columns(args.csv, args.text_column, args.id_column)
        output_format = args.format or "csv"
        writer = (CountWriter(out, output_format, classifier.catalogue.ids) if args.per_post
                  else FindingWriter(out, output_format, key="id"))  # fmt: skip
        size = args.csv.stat().st_size if args.csv.is_file() else None
        progress = Progress(err, total=size, enabled=enabled)
        try:
            scan_table(classifier, args.csv, args.text_column, args.id_column, writer, tally,
                       progress, args.min_confidence, args.include_all, args.markup or "auto")
        finally:
            progress.close()  # fmt: skip
        problems: list[Problem] = []
    else:
        sources, problems = expand(args.paths)
        for problem in problems:
            fail(str(problem), EXIT_USAGE)
        writer = FindingWriter(out, args.format or "text")
        progress = Progress(err, total=len(sources), enabled=enabled)
        stdin = stdin or sys.stdin.buffer
        try:
            _scan_posts(classifier, args, sources, stdin, writer, tally, progress, problems)
        finally:
            progress.close()
    tally.unreadable = len(problems)
    writer.close(tally)
    if problems:
        return EXIT_USAGE
    return EXIT_FAILED if tally.myths else EXIT_OK


def _scan_posts(
    classifier: Classifier,
    args: argparse.Namespace,
    sources: list[str],
    stdin: BinaryIO,
    writer: FindingWriter,
    tally: Tally,
    progress: Progress,
    problems: list[Problem],
) -> None:
    labels: deque[str] = deque()

    def documents() -> Iterator[list[Sentence]]:
        for post in posts(sources, stdin, args.markup):
            if isinstance(post, Problem):
                problems.append(post)
                fail(str(post), EXIT_USAGE)
                continue
            sentences = split_sentences(post.text, post.markup)
            labels.append(post.label)
            progress.advance(1, len(sentences))
            yield sentences

    for report in scan_sentences(classifier, documents(), args.min_confidence, args.include_all):
        label = labels.popleft()
        writer.write(label, report)
        tally.add(report)


def _check_usage(args: argparse.Namespace) -> None:
    given = {"--text-column": args.text_column, "--id-column": args.id_column,
             "--per-post": args.per_post}  # fmt: skip
    table_options = [name for name, value in given.items() if value]
    if args.csv is not None:
        if args.paths:
            raise InputError("give PATHs or --csv, not both", "usage")
        if not args.text_column:
            raise InputError("--csv needs --text-column NAME: the column holding the posts",
                             "usage")  # fmt: skip
        if args.per_post and args.include_all:
            raise InputError("--all lists sentences; --per-post counts findings: pick one",
                             "usage")  # fmt: skip
    elif table_options:
        raise InputError(f"{', '.join(table_options)} only go with --csv FILE", "usage")
    elif not args.paths:
        raise InputError("nothing to scan: give files, folders, - for standard input, "
                         "or --csv FILE", "usage")  # fmt: skip
