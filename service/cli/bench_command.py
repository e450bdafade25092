"""``mythcheck bench``: speed, memory and accuracy beside two baselines, in one
run, written as JSON and rendered as BENCHMARKS.md (the ``benchmarks`` package)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shlex
import sys
from pathlib import Path
from typing import TextIO

from service.cli.common import EXIT_FAILED, EXIT_OK, HelpFormatter, fail

EPILOG = """examples:
  mythcheck bench --out benchmarks/results.json --markdown BENCHMARKS.md
  mythcheck bench --quick --no-http --out /tmp/bench.json
  mythcheck bench --from-json benchmarks/results.json --markdown BENCHMARKS.md

The embedding baseline needs the 'bench' extra (pip install torch==2.13.0, then
pip install 'mythcheck[bench]'); without it, that baseline is skipped and the
run says so. Exit status: 0 when every part was measured, 1 when one failed.
"""

logger = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="measure speed, memory and accuracy beside two baselines",
        description="Train the model, then measure in-process latency and throughput, cold "
        "start, the HTTP service under load, scanning, and the test-split metrics, and the "
        "same for a TF-IDF and an embedding nearest-neighbour baseline, in one run.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="write the JSON here "
                        "(default: standard output)")  # fmt: skip
    parser.add_argument("--markdown", type=Path, metavar="FILE",
                        help="also render the results as Markdown (BENCHMARKS.md)")  # fmt: skip
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="measure nothing: render the results in FILE (with --markdown)")
    parser.add_argument("--quick", action="store_true",
                        help="tiny counts and short loads: a smoke run in well under a minute")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP service")
    parser.add_argument("--no-embedding", action="store_true",
                        help="skip the embedding baseline (slow: minutes)")
    parser.add_argument("--no-profile", action="store_true", help="skip the pyinstrument profiles")
    parser.add_argument("--threads", type=int, default=1, metavar="N",
                        help="BLAS/torch threads in every measured process (default 1)")
    parser.set_defaults(handler=run_bench)


def _command(args: argparse.Namespace) -> str:
    """The command line of this run, rebuilt from its options."""
    words = ["mythcheck", "bench"]
    for option in ("out", "markdown"):
        if getattr(args, option) is not None:
            words += [f"--{option}", str(getattr(args, option))]
    for flag in ("quick", "no_http", "no_embedding", "no_profile"):
        if getattr(args, flag):
            words.append("--" + flag.replace("_", "-"))
    if args.threads != 1:
        words += ["--threads", str(args.threads)]
    return shlex.join(words)


def run_bench(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from benchmarks.report import render
    from benchmarks.run import failed_parts, run_benchmark
    from benchmarks.workload import QUICK, BenchConfig

    if args.from_json is not None:
        if args.markdown is None:
            return fail("--from-json renders Markdown: give --markdown FILE too", 2)
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        args.markdown.write_text(render(results, str(args.from_json)), encoding="utf-8")
        out.write(f"wrote {args.markdown} from {args.from_json}\n")
        return EXIT_OK
    config = dataclasses.replace(
        QUICK if args.quick else BenchConfig(),
        http=not args.no_http,
        embedding=not args.no_embedding,
        profile=not args.no_profile and not args.quick,
        threads=max(args.threads, 1),
    )
    results = run_benchmark(config, _command(args))
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        out.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        logger.info("wrote %s", args.out)
    if args.markdown is not None:
        args.markdown.write_text(render(results, str(args.out or "the JSON")), encoding="utf-8")
        logger.info("wrote %s", args.markdown)
    for target in results["targets"]:
        state = {True: "met", False: "MISSED", None: "not measured"}[target["met"]]
        logger.info("target %s: %s (%s)", target["target"], state, target["value"])
    failed = failed_parts(results)
    if failed:
        return fail(f"these parts failed: {', '.join(failed)} (see the JSON)", EXIT_FAILED)
    return EXIT_OK
