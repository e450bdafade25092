"""Hypothesis settings shared by the fuzz tests (test_fuzz_*.py).

The ordinary suite runs a bounded, derandomized fuzz: the same cases on every
machine, so CI is reproducible and quick. ``MYTHCHECK_FUZZ_EXAMPLES=N`` gives
every fuzz test N cases instead, and makes the run random, so that each long
run explores new inputs (a failure prints the example and a ``@reproduce_failure``
decorator that replays it)::

    MYTHCHECK_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_api.py tests/test_fuzz_model.py
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ_EXAMPLES_ENV = "MYTHCHECK_FUZZ_EXAMPLES"


def fuzz_examples(default: int) -> int:
    """``default`` cases, or ``$MYTHCHECK_FUZZ_EXAMPLES`` when it is set."""
    text = os.environ.get(FUZZ_EXAMPLES_ENV, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{FUZZ_EXAMPLES_ENV}={text!r} is not a positive whole number")
    return int(text)


def fuzz_settings(default: int) -> settings:
    """Hypothesis settings for a fuzz test running ``default`` cases in the suite."""
    longer = bool(os.environ.get(FUZZ_EXAMPLES_ENV, "").strip())
    return settings(
        max_examples=fuzz_examples(default),
        deadline=None,  # a loaded CI machine must not turn slowness into failures
        derandomize=not longer,  # the suite's run is the same on every machine
        database=None,  # no example database written into the source tree
        print_blob=True,  # a failure prints @reproduce_failure(...) to replay it exactly
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
