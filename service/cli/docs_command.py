"""``mythcheck docs``: regenerate the numbers in README.md from commands, so
that no figure in the docs is typed by hand.

Each generated block sits between ``<!-- begin: NAME -->`` and
``<!-- end: NAME -->``; everything outside the markers is left alone.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TextIO

from claims.catalogue import load_catalogue
from claims.corpus import load_corpus
from claims.split import split_corpus
from model.artifact import load_or_train
from model.evaluation import evaluate, majority_baseline
from model.metrics import HEADLINE_METRICS
from model.selection import compare, learning_curve
from model.training import SEED
from service.cli.common import EXIT_FAILED, EXIT_OK, HelpFormatter, add_model_option
from service.cli.data_command import run_stats
from service.cli.text_output import format_result

EPILOG = """example:
  mythcheck docs --readme README.md --strangers ../shared/eval/strangers-dev.csv
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "docs",
        help="regenerate the measured numbers in README.md",
        description="Rewrite README.md's generated blocks (corpus, selection, learning "
        "curve, evaluation, trade-off) from the corpus and the model. Trains the model "
        "first if absent.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--readme", type=Path, default=Path("README.md"), metavar="FILE")
    parser.add_argument(
        "--strangers",
        type=Path,
        default=None,
        metavar="CSV",
        help="an outside evaluation set to report beside the test split",
    )
    parser.add_argument(
        "--skip-selection",
        action="store_true",
        help="keep the model-selection and learning-curve tables (they refit the "
        "model a few dozen times: minutes)",
    )
    add_model_option(parser)
    parser.set_defaults(handler=run_docs)


def run_docs(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    text = args.readme.read_text(encoding="utf-8")
    blocks: dict[str, Callable[[], str]] = {
        "example": lambda: _example_block(args.model),
        "check-text": lambda: _check_text_block(args.model),
        "scan-text": lambda: _scan_block(args.model),
        "corpus": _corpus_block,
        "evaluation": lambda: _evaluation_block(args.model, args.strangers),
        "tradeoff": lambda: _tradeoff_block(args.model),
    }
    if not args.skip_selection:
        blocks["selection"] = _selection_block
        blocks["learning-curve"] = _learning_curve_block
    for name, render in blocks.items():
        pattern = re.compile(rf"(<!-- begin: {name} -->\n).*?(<!-- end: {name} -->)", re.S)
        if not pattern.search(text):
            out.write(f"README has no block {name!r}\n")
            return EXIT_FAILED
        body = render()
        text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(2), text)
    args.readme.write_text(text, encoding="utf-8")
    out.write(f"updated {args.readme}: {', '.join(blocks)}\n")
    return EXIT_OK


EXAMPLE_CLAIM = "fasting turns off mTOR and resets your whole body"
TEXT_CLAIMS = (
    "Coffee doesn't reliably activate mTOR; that's a myth from mouse studies",
    "protein shakes turn on mTOR which feeds tumours, so I quit whey",
    "I walked the dog before breakfast",
)


def _example_block(model_dir: Path | None) -> str:
    result = load_or_train(model_dir).check_one(EXAMPLE_CLAIM)
    command = f'$ mythcheck check --format json "{EXAMPLE_CLAIM}"'
    return f"```\n{command}\n```\n```json\n{result.model_dump_json(indent=2)}\n```\n"


def _check_text_block(model_dir: Path | None) -> str:
    classifier = load_or_train(model_dir)
    command = "$ mythcheck check " + " ".join(f'"{c}"' for c in TEXT_CLAIMS)
    rendered = "\n".join(format_result(r) for r in classifier.check(TEXT_CLAIMS))
    return f"```\n{command}\n{rendered}```\n"


SCAN_EXAMPLE = Path("docs/examples/supplements.md")


def _scan_block(model_dir: Path | None) -> str:
    """``mythcheck scan`` on the example post (run from the checkout's root)."""
    from service.cli.main import build_parser

    argv = ["scan", str(SCAN_EXAMPLE)]
    args = build_parser().parse_args(argv + (["--model", str(model_dir)] if model_dir else []))
    buffer = io.StringIO()
    status = args.handler(args, buffer, io.StringIO())
    command = f"$ mythcheck {' '.join(argv)}"
    return f"```console\n{command}\n{buffer.getvalue()}$ echo $?\n{status}\n```\n"


def _corpus_block() -> str:
    buffer = io.StringIO()
    run_stats(SimpleNamespace(data=None, json=False), buffer)
    return "```\n$ mythcheck data stats\n" + buffer.getvalue() + "```\n"


def _evaluation_block(model_dir: Path | None, strangers: Path | None) -> str:
    catalogue = load_catalogue()
    splits = split_corpus(load_corpus(catalogue=catalogue))
    classifier = load_or_train(model_dir)
    sets = {"test split (ours)": splits["test"]}
    if strangers is not None:
        sets["strangers-dev"] = load_corpus(strangers, catalogue)
    columns = {}
    for name, frame in sets.items():
        metrics = evaluate(classifier, frame)[0]
        baseline = majority_baseline(
            splits["train"].label.tolist(), frame, classifier.space.myth_ids
        )
        columns[name] = (metrics, baseline)
    header = "| metric | " + " | ".join(
        f"{name} ({len(frame)} rows) | majority baseline" for name, frame in sets.items()
    )
    lines = [header + " |", "|---" * (1 + 2 * len(sets)) + "|"]
    for key, title in HEADLINE_METRICS:
        cells = " | ".join(f"{m[key]:.3f} | {b[key]:.3f}" for m, b in columns.values())
        lines.append(f"| {title} | {cells} |")
    lines.append("")
    lines.append("Per myth (F1 of the myth id, verdict aside):")
    lines.append("")
    lines.append("| myth | " + " | ".join(sets) + " |")
    lines.append("|---" * (1 + len(sets)) + "|")
    test_metrics = columns["test split (ours)"][0]
    for myth_id in test_metrics["per_myth"]:
        cells = " | ".join(f"{m['per_myth'][myth_id]['f1']:.3f}" for m, _ in columns.values())
        lines.append(f"| {myth_id} | {cells} |")
    model_version = classifier.manifest.get("model_version")
    return (
        f"Model `{model_version}`, threshold {classifier.threshold:.2f} (chosen on the "
        "validation split).\n\n" + "\n".join(lines) + "\n"
    )


def _tradeoff_block(model_dir: Path | None) -> str:
    classifier = load_or_train(model_dir)
    rows = classifier.manifest.get("tradeoff", [])
    lines = [
        "| min confidence | precision of matches | recall of matches | texts answered |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['threshold']:.1f} | {r['precision']:.3f} | {r['recall']:.3f} | {r['answered']:.1%} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


def _selection_block() -> str:
    train = split_corpus(load_corpus(catalogue=load_catalogue()))["train"]
    lines = [
        "| pipeline | what it is | CV macro-F1 (mean ± sd) | fit time per fold (s) |",
        "|---|---|---|---|",
    ]
    for s in compare(train, SEED):
        lines.append(
            f"| {s.name} | {s.description} | {s.macro_f1_mean:.3f} ± "
            f"{s.macro_f1_std:.3f} | {s.fit_seconds:.2f} |"
        )
    return "\n".join(lines) + "\n"


def _learning_curve_block() -> str:
    splits = split_corpus(load_corpus(catalogue=load_catalogue()))
    lines = [
        "| share of the train split | texts | validation macro-F1 |",
        "|---|---|---|",
    ]
    for point in learning_curve(splits["train"], splits["validation"], SEED):
        lines.append(f"| {point.fraction:.0%} | {point.rows} | {point.macro_f1:.3f} |")
    return "\n".join(lines) + "\n"
