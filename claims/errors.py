"""The one error hierarchy of mythcheck.

Every surface maps these the same way: the CLI prints the message on one line
and exits 2 for bad input or usage and 1 otherwise; the HTTP API answers with
the JSON error shape carrying ``code`` and ``message``; the web form shows the
message.
"""

from __future__ import annotations


class MythcheckError(Exception):
    """Base of every error mythcheck raises on purpose.

    ``code`` is a short machine-readable name, stable across releases.
    """

    code = "mythcheck_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(MythcheckError, ValueError):
    """Raised when a caller's input cannot be checked: an empty claim, a claim
    over the length limit, a batch over the size limit, undecodable bytes."""

    code = "invalid_input"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class CatalogueError(MythcheckError):
    """Raised when ``myths.csv`` is missing or malformed; names file, row and field."""

    code = "catalogue_error"


class CorpusError(MythcheckError):
    """Raised when a labelled corpus or evaluation CSV is missing or malformed;
    names file, row and field."""

    code = "corpus_error"


class ArtifactError(MythcheckError):
    """Raised when a model artifact is missing, corrupt, tampered with, or from
    another format or scikit-learn version. The message always says how to fix it."""

    code = "artifact_error"


class ArtifactMissingError(ArtifactError):
    """Raised when no artifact exists at the given path."""

    code = "artifact_missing"


class ArtifactIntegrityError(ArtifactError):
    """Raised when the model file's sha256 differs from its manifest, or the
    manifest is unreadable: the file was truncated, corrupted or replaced."""

    code = "artifact_integrity"


class ArtifactVersionError(ArtifactError):
    """Raised when the artifact was written by another artifact format or
    scikit-learn version than the running one."""

    code = "artifact_version"


class ArtifactExistsError(ArtifactError):
    """Raised when training would overwrite an existing artifact without ``force``."""

    code = "artifact_exists"
