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
BODY_TIMEOUT_SECONDS = 30.0
"""Longest a request body may take to arrive, counted from its headers; a
slower one gets 408 and its connection is closed (1 MiB in 30 s is ~35 KB/s)."""

MAX_CLAIM_CHARS_ENV = "MYTHCHECK_MAX_CLAIM_CHARS"
MAX_BATCH_ENV = "MYTHCHECK_MAX_BATCH"
MAX_BODY_BYTES_ENV = "MYTHCHECK_MAX_BODY_BYTES"
MAX_SCAN_CHARS_ENV = "MYTHCHECK_MAX_SCAN_CHARS"
CORS_ORIGINS_ENV = "MYTHCHECK_CORS_ORIGINS"
BODY_TIMEOUT_ENV = "MYTHCHECK_BODY_TIMEOUT"
AUTO_TRAIN_ENV = "MYTHCHECK_AUTO_TRAIN"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


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
    body_timeout: float = BODY_TIMEOUT_SECONDS
    """Seconds a request body may take to arrive after its headers."""
    auto_train: bool = True
    """Train a model at startup when there is none; False makes a missing model
    stop the startup like a broken one (``--no-train``, ``MYTHCHECK_AUTO_TRAIN=0``)."""

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
            body_timeout=_positive_number(env, BODY_TIMEOUT_ENV, BODY_TIMEOUT_SECONDS),
            auto_train=_yes_no(env, AUTO_TRAIN_ENV, default=True),
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


def _positive_number(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise SettingsError(
            f"{name}={text!r} is not a positive number of seconds (default {default:g})"
        )
    return value


def _yes_no(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip()
    text = raw.lower()
    if not text:
        return default
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise SettingsError(
        f"{name}={raw!r} is neither yes ({', '.join(_TRUE)}) nor no ({', '.join(_FALSE)})"
    )
