"""The HTTP API fuzzed from its own OpenAPI schema (schemathesis, in process
through ASGI): for every operation, generated requests, valid and invalid, never
get a 5xx, and every answer matches the schema (status, content type, body).

The run is bounded and reproducible (derandomized); ``MYTHCHECK_FUZZ_EXAMPLES``
sets the number of cases per operation and mode for a longer run (fuzzing.py).

Cases are drawn from each operation's strategy inside a plain Hypothesis test:
schemathesis's own pytest loader (``from_fixture``) does not run on pytest 9.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance
from schemathesis.specs.openapi.schemas import OpenApiSchema

from service.api import Settings, create_app

API_EXAMPLES = 60
"""Cases per operation and generation mode in the ordinary suite."""
OPERATIONS = [
    ("POST", "/v1/check"),
    ("POST", "/v1/check/batch"),
    ("POST", "/v1/scan"),
    ("GET", "/v1/myths"),
    ("GET", "/v1/myths/{myth_id}"),
    ("GET", "/v1/myths/{myth_id}/claimreview"),
    ("GET", "/healthz"),
]
WITH_BODY = [(method, path) for method, path in OPERATIONS if method == "POST"]
"""Only a body can be invalid: a path parameter is any string, the rest take none."""
CASES = [
    *[(method, path, GenerationMode.POSITIVE) for method, path in OPERATIONS],
    *[(method, path, GenerationMode.NEGATIVE) for method, path in WITH_BODY],
]
SEMANTIC_REFUSALS = {
    (422, "empty_claim"),
    (422, "claim_too_long"),
    (422, "batch_too_large"),
    (422, "invalid_text"),
    (422, "empty_text"),
    (422, "text_too_long"),
    (404, "unknown_myth"),
}
"""What the schema's types cannot say but its descriptions do: a claim must
hold some text and stay within the limits, a myth id must be a known one."""


@pytest.fixture(scope="module")
def api_schema(model_dir, classifier) -> Iterator[OpenApiSchema]:
    """The app's own schema, read from the app with its lifespan run (the
    session's model, already loaded)."""
    app = create_app(Settings(model_dir=model_dir), preloaded=classifier)
    with TestClient(app):
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_in_the_schema_is_fuzzed(api_schema):
    operations = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert operations == set(OPERATIONS)


@pytest.mark.parametrize("method,path,mode", CASES,
                         ids=[f"{m} {p} {mode.value}" for m, p, mode in CASES])  # fmt: skip
@fuzz_settings(API_EXAMPLES)
@given(data=st.data())
def test_api_answers_every_generated_request_by_its_schema(api_schema, method, path, mode, data):
    operation = api_schema[path][method]
    case = data.draw(operation.as_strategy(generation_mode=mode), label="case")
    # Every check (no 5xx, status, content type, headers and body as documented,
    # invalid data refused) but "schema-valid data is accepted": that one is
    # replaced by the narrower rule below.
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    if mode is GenerationMode.POSITIVE and response.status_code >= 400:
        code = response.json()["error"]["code"]
        assert (response.status_code, code) in SEMANTIC_REFUSALS, response.text
