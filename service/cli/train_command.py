"""``mythcheck train``: train on the shipped corpus and write the artifact."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from model.artifact import default_model_dir, train_and_save
from model.training import SEED
from service.cli.common import EXIT_OK, HelpFormatter, add_model_option

EPILOG = """example:
  mythcheck train --force
  mythcheck train --model /tmp/mythcheck-model
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train the classifier on data/claims.csv and write the model",
        description="Train on the train split, calibrate on the validation split, score "
        "on the test split, and write model.joblib plus metadata.json.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    add_model_option(parser)
    parser.add_argument("--force", action="store_true", help="replace an existing model")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.set_defaults(handler=run_train)


def run_train(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    directory = args.model or default_model_dir()
    classifier = train_and_save(directory, force=args.force, seed=args.seed)
    manifest = classifier.manifest
    test = manifest["test"]
    out.write(
        f"model {manifest['model_version']} written to {directory}\n"
        f"trained in {manifest['seconds']:.1f} s on {manifest['sizes']['train']} texts; "
        f"threshold {manifest['threshold']:.2f}, temperature {manifest['temperature']:.2f}\n"
        f"test split: macro-F1 {test['macro_f1']:.3f}, myth-id accuracy "
        f"{test['myth_id_accuracy']:.3f}, stance accuracy {test['stance_accuracy']:.3f}, "
        f"out-of-scope P/R {test['out_of_scope_precision']:.3f}/"
        f"{test['out_of_scope_recall']:.3f}\n"
    )
    return EXIT_OK
