"""One measured system per process: ``python -m benchmarks.worker TASK`` reads
``{"config": ..., "model_dir": ..., "work_dir": ...}`` on stdin and prints one
JSON object. A process of its own gives each system its own peak memory, its
own imports and its own thread settings."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from benchmarks.systems import embedding_baseline, tfidf_baseline
from benchmarks.timing import latencies, peak_rss_bytes, profile_top, throughput, timed
from benchmarks.workload import BenchConfig, corpus_splits, describe_claims, distinct_claims
from model.artifact import load_classifier, train_and_save
from model.calibration import scaled_probabilities
from model.classifier import Classifier
from model.decision import LabelSpace
from model.evaluation import evaluate, majority_baseline

SKLEARN_SINGLE = 300
"""Claims timed one at a time through the plain scikit-learn pipeline (the "before")."""
SCAN_POSTS = "posts"

logger = logging.getLogger("benchmarks.worker")


def run_train(config: BenchConfig, model_dir: Path) -> dict[str, Any]:
    """Train and save the shipped model as ``mythcheck train`` does."""
    classifier, seconds = timed(lambda: train_and_save(model_dir, force=True, seed=config.seed))
    files = {path.name: path.stat().st_size for path in sorted(model_dir.iterdir())}
    return {
        "seconds": round(seconds, 3),
        "fit_seconds": classifier.manifest["seconds"],
        "artifact_bytes": sum(files.values()),
        "artifact_files": files,
        "model_version": classifier.manifest["model_version"],
    }


def run_mythcheck(config: BenchConfig, model_dir: Path, work_dir: Path) -> dict[str, Any]:
    splits = corpus_splits(config.corpus_step)
    claims = distinct_claims(_all_texts(splits), config.batch_claims, config.seed)
    classifier, load_seconds = timed(lambda: load_classifier(model_dir))
    _, first_seconds = timed(lambda: classifier.check([claims[0]]))
    singles = claims[: config.single_claims]

    def sklearn_probabilities(texts: list[str]) -> Any:
        logits = classifier.pipeline.decision_function(texts)
        return scaled_probabilities(logits.astype(float), classifier.temperature)

    seconds, repeats = config.single_seconds, config.batch_repeats
    result: dict[str, Any] = {
        "claims": describe_claims(claims),
        "load_seconds": round(load_seconds, 4),
        "first_check_seconds": round(first_seconds, 4),
        "scorer": type(_scorer(classifier)).__name__,
        "single": latencies(classifier.check, singles, seconds),
        "batch": throughput(classifier.check, claims, repeats, 4 * seconds),
        "hot_path": {
            "single_before": latencies(sklearn_probabilities, singles[:SKLEARN_SINGLE], seconds),
            "single_after": latencies(classifier.probabilities, singles, seconds),
            "batch_before": throughput(sklearn_probabilities, claims, 1, seconds),
            "batch_after": throughput(classifier.probabilities, claims, repeats, seconds),
        },
    }
    result["batch_decisions"] = throughput(classifier.decisions, claims, repeats, seconds)
    with threadpool_limits(limits=os.cpu_count()):
        result["batch_all_threads"] = throughput(classifier.check, claims, 1, seconds)
    metrics = evaluate(classifier, splits["test"])[0]
    majority = majority_baseline(
        splits["train"].label.tolist(), splits["test"], classifier.space.myth_ids
    )
    result["accuracy"] = _summary(metrics)
    result["majority_baseline"] = _summary(majority)
    result["scan"] = _scan(classifier, _all_texts(splits), work_dir / SCAN_POSTS, config.posts)
    if config.profile:
        result["profile"] = _profiles(classifier, claims, singles, sklearn_probabilities)
    result["peak_rss_bytes"] = peak_rss_bytes()
    return result


def run_baseline(name: str, config: BenchConfig) -> dict[str, Any]:
    splits = corpus_splits(config.corpus_step)
    claims = distinct_claims(_all_texts(splits), config.batch_claims, config.seed)
    make = {"tfidf-nn": tfidf_baseline, "embedding-nn": lambda: embedding_baseline(config.threads)}
    system, load_seconds = timed(make[name])
    _, fit_seconds = timed(lambda: system.fit(splits["train"], splits["validation"]))
    myth_ids = LabelSpace.from_classes(sorted(set(splits["train"].label))).myth_ids
    return {
        "load_seconds": round(load_seconds, 4),
        "fit_seconds": round(fit_seconds, 3),
        "threshold": system.threshold_,
        "single": latencies(system.check, claims[: config.baseline_single], config.single_seconds),
        "batch": throughput(system.check, claims, 1, config.baseline_seconds, chunk=256),
        "accuracy": _summary(system.metrics(splits["test"], myth_ids)),
        "peak_rss_bytes": peak_rss_bytes(),
    }


def _scorer(classifier: Classifier) -> object:
    from model.fast_inference import compiled_scorer

    return compiled_scorer(classifier.pipeline)


def _all_texts(splits: dict[str, Any]) -> list[str]:
    return [text for frame in splits.values() for text in frame.text]


def _summary(metrics: dict[str, Any]) -> dict[str, Any]:
    """The scalar metrics, and each myth's F1."""
    summary = {k: v for k, v in metrics.items() if isinstance(v, int | float)}
    summary["per_myth_f1"] = {m: row["f1"] for m, row in metrics["per_myth"].items()}
    return summary


def _scan(classifier: Classifier, texts: list[str], folder: Path, posts: int) -> dict[str, Any]:
    """Sentences per second over a folder of Markdown posts, through the scanner's
    own measuring functions; "not measured" when the scanner is not there."""
    try:
        from model.scan_benchmark import scan_throughput, write_posts
    except ImportError as error:
        return {"status": "not measured", "reason": f"scanner unavailable: {error}"}
    write_posts(folder, texts, count=posts)
    measured = scan_throughput(classifier, folder)
    return {
        "status": "measured",
        "posts": posts,
        "sentences": measured.sentences,
        "seconds": round(measured.seconds, 3),
        "sentences_per_second": round(measured.per_second, 1),
    }


def _profiles(classifier: Classifier, claims: list[str], singles: list[str],
              sklearn_probabilities: Any) -> dict[str, Any]:  # fmt: skip
    """Where the time goes, before (scikit-learn) and after (the compiled scorer)."""
    few = singles[:SKLEARN_SINGLE]
    return {
        "single_before": profile_top(lambda: [sklearn_probabilities([c]) for c in few]),
        "single_after": profile_top(lambda: [classifier.probabilities([c]) for c in few]),
        "batch_before": profile_top(lambda: sklearn_probabilities(claims)),
        "batch_after": profile_top(lambda: classifier.probabilities(claims)),
        "check_single": profile_top(lambda: [classifier.check([c]) for c in few]),
        "check_batch": profile_top(lambda: classifier.check(claims)),
    }


def main(argv: list[str] | None = None) -> int:
    task = (argv if argv is not None else sys.argv[1:])[0]
    payload = json.loads(sys.stdin.read())
    config = BenchConfig.from_dict(payload["config"])
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    threadpool_limits(limits=config.threads)
    model_dir, work_dir = Path(payload["model_dir"]), Path(payload["work_dir"])
    if task == "train":
        result = run_train(config, model_dir)
    elif task == "mythcheck":
        result = run_mythcheck(config, model_dir, work_dir)
    else:
        result = run_baseline(task, config)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
