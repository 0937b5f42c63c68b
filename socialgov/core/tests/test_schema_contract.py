"""The schema says what the API answers: detail actions return plain lists, the bodies the
responses carry are declared with their nullable fields, and every operation its errors."""

from __future__ import annotations

import pytest
import yaml
from drf_spectacular.generators import SchemaGenerator

from socialgov.core.schema import ERROR_RESPONSES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def spec():
    return yaml.safe_load(yaml.safe_dump(SchemaGenerator().get_schema(request=None, public=True)))


def _response_schema(spec, path, method="get", code="200"):
    schema = spec["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        return spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/acknowledgement-campaigns/{id}/completion/",
        "/api/v1/kris/{id}/values/",
        "/api/v1/risks/{id}/history/",
        "/api/v1/incidents/{id}/timeline/",
    ],
)
def test_a_detail_action_that_lists_is_declared_as_a_plain_list(spec, path):
    assert _response_schema(spec, path)["type"] == "array"


def test_a_detail_action_that_pages_its_list_is_declared_paginated(spec):
    schema = _response_schema(spec, "/api/v1/channels/{id}/access-grants/")
    assert {"count", "results"} <= set(schema["properties"])


def test_the_campaign_dashboard_declares_its_four_parts(spec):
    schema = _response_schema(spec, "/api/v1/campaigns/{id}/dashboard/")
    assert set(schema["required"]) == {"by_org_unit", "by_module", "trend", "overdue"}


def test_the_assessment_result_declares_what_it_returns(spec):
    schema = _response_schema(spec, "/api/v1/assessments/{id}/result/")
    assert {"overall", "domains", "gaps", "comparison"} <= set(schema["properties"])
    assert schema["properties"]["overall"].get("nullable") is True


def test_a_treatment_may_not_be_escalated_yet(spec):
    schema = _response_schema(spec, "/api/v1/risks/{id}/treatments/", "post", "201")
    assert schema["properties"]["escalated_at"].get("nullable") is True


def test_every_operation_declares_its_error_responses(spec):
    missing = [
        (path, method, code)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        for code in ERROR_RESPONSES
        if code not in operation["responses"]
    ]
    assert missing == []
    assert "detail" in spec["components"]["schemas"]["Error"]["properties"]


def test_the_filters_that_work_are_in_the_schema(spec):
    names = {p["name"] for p in spec["paths"]["/api/v1/channels/"]["get"].get("parameters", [])}
    assert {"owner", "org_unit", "platform", "limit", "offset", "page_size"} <= names
