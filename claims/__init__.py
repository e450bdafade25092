"""The ground floor of mythcheck: the myth catalogue, the verdict and result types,
the error hierarchy, and text handling. Nothing here imports the rest of mythcheck."""

from claims.catalogue import Catalogue, Myth, load_catalogue
from claims.errors import (
    ArtifactError,
    CatalogueError,
    CorpusError,
    InputError,
    MythcheckError,
)
from claims.result import Candidate, CheckResult, NoMatchReason
from claims.verdict import Verdict

__all__ = [
    "ArtifactError",
    "Candidate",
    "Catalogue",
    "CatalogueError",
    "CheckResult",
    "CorpusError",
    "InputError",
    "Myth",
    "MythcheckError",
    "NoMatchReason",
    "Verdict",
    "load_catalogue",
]
