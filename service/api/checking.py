"""Checking several claims for a request: the batch limit, then the classifier.
The JSON API and the web form both go through here."""

from __future__ import annotations

from collections.abc import Sequence

from claims.errors import InputError
from claims.result import CheckResult
from model.classifier import Classifier
from service.api.settings import Settings


def check_claims(
    classifier: Classifier,
    settings: Settings,
    claims: Sequence[str],
    min_confidence: float | None = None,
) -> list[CheckResult]:
    """Results in input order; InputError for too many claims or a bad claim."""
    if len(claims) > settings.max_batch:
        raise InputError(
            f"{len(claims):,} claims in one request; the limit is {settings.max_batch:,}: "
            "split them over several requests",
            "batch_too_large",
        )
    return classifier.check(list(claims), min_confidence, max_chars=settings.max_claim_chars)
