"""The service's settings: one frozen object, read from the environment when
``Settings.from_env()`` is called (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from claims.errors import MythcheckError
from claims.text import MAX_CLAIM_CHARS
from model.artifact import MODEL_DIR_ENV

MAX_BATCH = 1_000
"""Most claims one ``POST /v1/check/batch`` (or one form submission) may carry."""
MAX_BODY_BYTES = 1_048_576
"""Largest request body accepted (1 MiB); larger bodies get 413."""
MAX_SCAN_CHARS = 100_000
"""Longest text one ``POST /v1/scan`` (or one post in the form) may carry, in
characters (code points): a long blog post, some hundreds of sentences."""

MAX_CLAIM_CHARS_ENV = "MYTHCHECK_MAX_CLAIM_CHARS"
MAX_BATCH_ENV = "MYTHCHECK_MAX_BATCH"
MAX_BODY_BYTES_ENV = "MYTHCHECK_MAX_BODY_BYTES"
MAX_SCAN_CHARS_ENV = "MYTHCHECK_MAX_SCAN_CHARS"
CORS_ORIGINS_ENV = "MYTHCHECK_CORS_ORIGINS"


class SettingsError(MythcheckError):
    """Raised when an environment variable holds a value the service cannot use;
    the message names the variable, the bad value and what is expected."""

    code = "invalid_settings"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything ``create_app`` needs to know. Immutable; build variants with
    ``dataclasses.replace``."""

    model_dir: Path | None = None
    """The artifact folder; None means ``$MYTHCHECK_MODEL_DIR`` or the user cache."""
    max_claim_chars: int = MAX_CLAIM_CHARS
    max_batch: int = MAX_BATCH
    max_body_bytes: int = MAX_BODY_BYTES
    max_scan_chars: int = MAX_SCAN_CHARS
    cors_origins: tuple[str, ...] = field(default=())
    """Origins allowed to call the API from a browser; empty means no CORS headers."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default ``os.environ``), defaults for unset names.

        Raises SettingsError naming the variable for a value that is not usable.
        """
        env = os.environ if environ is None else environ
        model_dir = env.get(MODEL_DIR_ENV, "").strip()
        origins = env.get(CORS_ORIGINS_ENV, "")
        return cls(
            model_dir=Path(model_dir).expanduser() if model_dir else None,
            max_claim_chars=_positive_int(env, MAX_CLAIM_CHARS_ENV, MAX_CLAIM_CHARS),
            max_batch=_positive_int(env, MAX_BATCH_ENV, MAX_BATCH),
            max_body_bytes=_positive_int(env, MAX_BODY_BYTES_ENV, MAX_BODY_BYTES),
            max_scan_chars=_positive_int(env, MAX_SCAN_CHARS_ENV, MAX_SCAN_CHARS),
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
        )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise SettingsError(f"{name}={text!r} is not a positive whole number (default {default})")
    return value
