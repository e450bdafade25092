"""``mythcheck evaluate``: score the model on the test split or any labelled CSV."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from claims.catalogue import load_catalogue
from claims.corpus import load_corpus
from claims.split import split_corpus
from model.artifact import load_or_train
from model.evaluation import evaluate, majority_baseline
from model.metrics import HEADLINE_METRICS
from service.cli.common import EXIT_OK, HelpFormatter, add_model_option, probability

EPILOG = """examples:
  mythcheck evaluate
  mythcheck evaluate --data ../shared/eval/strangers-dev.csv --errors
  mythcheck evaluate --json --report reports/
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score the model on the test split or on a labelled CSV",
        description="Per-myth precision/recall/F1, out-of-scope precision and recall, "
        "stance accuracy, macro-F1, the confusion matrix and the calibration error, "
        "beside a majority-class baseline.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="CSV",
        help="CSV with columns text,myth_id,verdict (default: the test split)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", action="store_true", help="also list misclassified rows")
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        metavar="DIR",
        help="write PNG charts there (needs the 'report' extra)",
    )
    parser.add_argument(
        "--min-confidence",
        type=probability,
        default=None,
        metavar="P",
        help="evaluate at this threshold instead of the model's",
    )
    add_model_option(parser)
    parser.set_defaults(handler=run_evaluate)


def run_evaluate(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    catalogue = load_catalogue()
    corpus = load_corpus(catalogue=catalogue)
    splits = split_corpus(corpus)
    frame = splits["test"] if args.data is None else load_corpus(args.data, catalogue)
    classifier = load_or_train(args.model)
    metrics, errors, decisions = evaluate(classifier, frame, args.min_confidence)
    baseline = majority_baseline(splits["train"].label.tolist(), frame, classifier.space.myth_ids)
    payload: dict[str, Any] = {
        "data": str(args.data) if args.data else "test split of the shipped corpus",
        "model_version": classifier.manifest.get("model_version"),
        "threshold": classifier.threshold if args.min_confidence is None else args.min_confidence,
        "metrics": metrics,
        "baseline": {k: v for k, v in baseline.items() if not isinstance(v, dict)},
    }
    if args.errors:
        payload["errors"] = errors
    if args.report is not None:
        from service.cli.report import write_report

        payload["report"] = [
            str(p) for p in write_report(args.report, classifier, frame, decisions, metrics)
        ]
    if args.json:
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(format_evaluation(payload))
    return EXIT_OK




def format_evaluation(payload: dict[str, Any]) -> str:
    """The human-readable report."""
    metrics, baseline = payload["metrics"], payload["baseline"]
    lines = [
        f"data: {payload['data']} ({metrics['rows']} rows); model {payload['model_version']}; "
        f"threshold {payload['threshold']:.2f}",
        "",
        f"{'metric':30} {'model':>7} {'majority baseline':>18}",
    ]
    lines += [
        f"{title:30} {metrics[key]:>7.3f} {baseline[key]:>18.3f}"
        for key, title in HEADLINE_METRICS
    ]
    lines += ["", f"{'myth':34} {'prec':>6} {'recall':>6} {'F1':>6} {'n':>5}"]
    for myth_id, row in metrics["per_myth"].items():
        lines.append(
            f"{myth_id:34} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f} "
            f"{row['support']:>5}"
        )
    labels, matrix = metrics["confusion"]["labels"], metrics["confusion"]["matrix"]
    short = [label[:6] for label in labels]
    lines += [
        "",
        "confusion (rows: gold myth, columns: predicted)",
        " " * 34 + " ".join(f"{s:>6}" for s in short),
    ]
    for label, row in zip(labels, matrix, strict=True):
        lines.append(f"{label:34}" + " ".join(f"{n:>6}" for n in row))
    for error in payload.get("errors", []):
        lines.append(
            f"WRONG gold={error['gold']} predicted={error['predicted']} "
            f"({error['confidence']:.2f}): {error['text']}"
        )
    if "report" in payload:
        lines += ["", "charts: " + ", ".join(payload["report"])]
    return "\n".join(lines) + "\n"
