from __future__ import annotations

import json

import pytest
import yaml
from openapi_spec_validator import validate

from socialgov.core.models import AuditEvent, Person, Task
from socialgov.core.services import task_create

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_logging_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_token_is_issued_for_a_username_and_password_and_opens_the_api(api, teammate):
    response = api.post(
        "/api/v1/auth/token/", {"username": "teammate", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/tasks/").status_code == 200


def test_a_wrong_password_gets_no_token(api, teammate):
    response = api.post("/api/v1/auth/token/", {"username": "teammate", "password": "nope"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_token_requests_are_throttled_after_repeated_failures(api, teammate, settings):
    from django.core.cache import cache

    cache.clear()
    codes = [
        api.post("/api/v1/auth/token/", {"username": "teammate", "password": "x"}).status_code
        for _ in range(12)
    ]
    assert codes[0] == 400
    assert codes[-1] == 429


def test_the_api_refuses_anonymous_requests(api):
    assert api.get("/api/v1/people/").status_code in (401, 403)


def test_the_openapi_schema_is_valid_openapi_3(api, admin_user, api_as):
    response = api_as(admin_user).get("/api/schema/")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    assert spec["openapi"].startswith("3.")
    validate(spec)
    assert "/api/v1/people/" in spec["paths"]


def test_an_admin_creates_a_person_and_the_write_is_audited(api_as, admin_user, comms):
    response = api_as(admin_user).post(
        "/api/v1/people/",
        {
            "employee_id": "E900",
            "first_name": "Lotte",
            "last_name": "Maes",
            "email": "Lotte.Maes@example.be",
            "org_unit": comms.pk,
            "language": "nl",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    person = Person.objects.get(employee_id="E900")
    assert person.email == "lotte.maes@example.be"
    event = AuditEvent.objects.get(verb="person.create", target_id=str(person.pk))
    assert event.actor_label == "admin"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (
            {
                "employee_id": "E1",
                "first_name": "A",
                "last_name": "B",
                "email": "a@b.be",
                "salary": 10,
            },
            "salary",
        ),
        (
            {"employee_id": "E1", "first_name": "A", "last_name": "B", "email": "not-an-email"},
            "email",
        ),
        (
            {"employee_id": "E1", "first_name": "A" * 101, "last_name": "B", "email": "a@b.be"},
            "first_name",
        ),
        (
            {
                "employee_id": "E1",
                "first_name": "A",
                "last_name": "B",
                "email": "a@b.be",
                "language": "de",
            },
            "language",
        ),
        (
            {
                "employee_id": "E1",
                "first_name": "A",
                "last_name": "B",
                "email": "a@b.be",
                "org_unit": "sales",
            },
            "org_unit",
        ),
    ],
)
def test_bad_input_gets_a_400_naming_the_field_and_writes_nothing(
    api_as, admin_user, payload, field
):
    before = AuditEvent.objects.count()
    response = api_as(admin_user).post("/api/v1/people/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Person.objects.filter(employee_id="E1").exists()
    assert AuditEvent.objects.count() == before


def test_malformed_json_gets_a_400(api_as, admin_user):
    response = api_as(admin_user).post(
        "/api/v1/people/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert not Person.objects.filter(employee_id="E1").exists()


def test_a_json_list_instead_of_an_object_gets_a_400(api_as, admin_user):
    response = api_as(admin_user).post(
        "/api/v1/people/", data=json.dumps([1, 2]), content_type="application/json"
    )
    assert response.status_code == 400


def test_an_employee_may_not_create_people(api_as, teammate):
    response = api_as(teammate).post(
        "/api/v1/people/",
        {
            "employee_id": "E2",
            "first_name": "A",
            "last_name": "B",
            "email": "x@y.be",
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Person.objects.filter(employee_id="E2").exists()


def test_the_auditor_reads_people_but_cannot_write(api_as, auditor, outsider):
    client = api_as(auditor)
    assert client.get(f"/api/v1/people/{outsider.person_id}/").status_code == 200
    response = client.patch(
        f"/api/v1/people/{outsider.person_id}/", {"job_title": "x"}, format="json"
    )
    assert response.status_code == 403


def test_an_employee_gets_404_for_a_person_they_may_not_see(api_as, teammate, outsider):
    response = api_as(teammate).get(f"/api/v1/people/{outsider.person_id}/")
    assert response.status_code == 404


def test_an_employee_lists_only_their_own_tasks_through_the_api(api_as, teammate, outsider):
    task_create(actor=None, title="Mine", owner=teammate.person)
    task_create(actor=None, title="Not mine", owner=outsider.person)
    titles = [row["title"] for row in api_as(teammate).get("/api/v1/tasks/").json()["results"]]
    assert titles == ["Mine"]


def test_a_task_owner_closes_their_task_and_the_change_is_audited(api_as, teammate):
    task = task_create(actor=None, title="Take the training", owner=teammate.person)
    response = api_as(teammate).patch(
        f"/api/v1/tasks/{task.pk}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == "done" and task.completed_at is not None
    assert AuditEvent.objects.filter(verb="task.set_status", target_id=str(task.pk)).exists()


def test_someone_else_cannot_close_a_task(api_as, teammate, outsider):
    task = task_create(actor=None, title="Take the training", owner=teammate.person)
    response = api_as(outsider).patch(
        f"/api/v1/tasks/{task.pk}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 404
    assert Task.objects.get(pk=task.pk).status == "open"


def test_audit_events_are_readable_by_the_auditor_only(api_as, auditor, lead, teammate):
    task_create(actor=None, title="Something audited", owner=teammate.person)
    assert api_as(auditor).get("/api/v1/audit-events/").json()["count"] >= 1
    assert api_as(lead).get("/api/v1/audit-events/").json()["count"] == 0
    assert api_as(auditor).post("/api/v1/audit-events/", {}, format="json").status_code in (
        403,
        405,
    )


def test_the_people_list_pins_its_query_count(
    api_as, admin_user, comms, django_assert_max_num_queries
):
    from socialgov.core.tests.factories import PersonFactory

    PersonFactory.create_batch(30, org_unit=comms)
    client = api_as(admin_user)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/people/")
    assert response.json()["count"] >= 30
