"""The JSON bodies the API reads and writes, other than ``CheckResult`` itself
(defined once in ``claims.result``)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from claims.catalogue import Myth
from claims.result import CheckResult
from claims.text import MAX_CLAIM_CHARS
from service.api.settings import MAX_BATCH

MIN_CONFIDENCE_DOC = (
    "Answer a myth only at this confidence or above (0..1); overrides the model's "
    "stored threshold for this call."
)


def _unicode_text(text: str) -> str:
    """JSON can spell lone surrogates (``"\\ud800"``) that are not text; refuse them
    here, or the answer echoing the claim could not be encoded."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise PydanticCustomError(
            "invalid_text",
            "not valid Unicode text: character {position} is a lone surrogate",
            {"position": error.start + 1},
        ) from None
    return text


ClaimText = Annotated[str, AfterValidator(_unicode_text)]


class StrictRequest(BaseModel):
    """A request body: a JSON object with known fields only, no type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_unknown_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in data if key not in cls.model_fields)
            if unknown:
                raise PydanticCustomError(
                    "unknown_field",
                    "unknown field(s) {unknown}; the fields are {known}",
                    {"unknown": ", ".join(unknown), "known": ", ".join(cls.model_fields)},
                )
        return data


class CheckRequest(StrictRequest):
    """One claim to check."""

    claim: ClaimText = Field(
        description=f"The claim, up to {MAX_CLAIM_CHARS:,} characters by default.",
        examples=["fasting turns off mTOR and resets your body"],
    )
    min_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description=MIN_CONFIDENCE_DOC
    )


class BatchRequest(StrictRequest):
    """Several claims to check in one call."""

    claims: list[ClaimText] = Field(
        description=f"The claims, at most {MAX_BATCH:,} by default; answered in this order.",
        examples=[
            [
                "fasting turns off mTOR and resets your body",
                "coffee does not reliably activate mTOR",
            ]
        ],
    )
    min_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description=MIN_CONFIDENCE_DOC
    )


class BatchResponse(BaseModel):
    """The results of a batch, in the order of the claims."""

    results: list[CheckResult]


class MythOut(BaseModel):
    """One catalogued myth and the article's answer to it."""

    model_config = ConfigDict(frozen=True)

    myth_id: str
    title: str
    myth: str
    reality: str
    explanation: str
    section: str = Field(description="Where the article discusses it.")
    url: str = Field(description="The article section's address.")

    @classmethod
    def of(cls, myth: Myth, url: str) -> MythOut:
        return cls(myth_id=myth.myth_id, title=myth.title, myth=myth.myth,
                   reality=myth.reality, explanation=myth.explanation,
                   section=myth.section, url=url)  # fmt: skip


class Article(BaseModel):
    title: str
    url: str


class MythsResponse(BaseModel):
    """The catalogue: every myth the checker knows, in catalogue order."""

    article: Article
    myths: list[MythOut]


class ModelInfo(BaseModel):
    """What the loaded model says about itself."""

    model_version: str | None
    created_at: str | None
    sklearn_version: str | None
    threshold: float
    myths: int = Field(description="How many myths the catalogue holds.")
    metrics: dict[str, int | float] = Field(
        description="Scores on the held-out test split (from the model's metadata)."
    )


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    model: ModelInfo
