"""The API is strict about what it reads: wrong types, ids and filters are 400s that name the
field, impossible ids are JSON 404s, never a server error and never a silent conversion."""

from __future__ import annotations

import pytest

from socialgov.core.models import Task

pytestmark = pytest.mark.django_db

TASKS = "/api/v1/tasks/"


def _task(owner_id, **changes):
    body = {"title": "Review the policy", "owner": owner_id}
    body.update(changes)
    return body


@pytest.mark.parametrize("title", [42, 4.5, True, ["a"], {"a": 1}])
def test_a_number_or_a_list_where_text_is_expected_is_a_400_naming_the_field(
    api_as, lead, title
) -> None:
    response = api_as(lead).post(TASKS, _task(lead.person.pk, title=title), format="json")
    assert response.status_code == 400
    assert "title" in response.json()
    assert not Task.objects.exists()


@pytest.mark.parametrize("owner", [1.5, True, "1.5", "one", "²", 2**64, -1, [1]])
def test_an_id_that_is_not_a_whole_number_is_a_400_naming_the_field(api_as, lead, owner) -> None:
    response = api_as(lead).post(TASKS, _task(owner), format="json")
    assert response.status_code == 400, response.content
    assert "owner" in response.json()
    assert not Task.objects.exists()


def test_a_float_id_is_not_read_as_the_person_with_that_whole_number(api_as, lead) -> None:
    response = api_as(lead).post(TASKS, _task(float(lead.person.pk)), format="json")
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_a_right_body_is_still_accepted(api_as, lead) -> None:
    response = api_as(lead).post(TASKS, _task(lead.person.pk), format="json")
    assert response.status_code == 201, response.content


def test_a_form_body_is_still_read_as_text(api_as, lead) -> None:
    response = api_as(lead).post(TASKS, _task(str(lead.person.pk)))
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/channels/?owner={}", "owner"),
        ("/api/v1/channels/?org_unit={}", "org_unit"),
        ("/api/v1/alerts/?channel={}", "channel"),
        ("/api/v1/posts/?channel={}", "channel"),
        ("/api/v1/objectives/?channel={}", "channel"),
        ("/api/v1/access-reviews/?channel={}", "channel"),
        ("/api/v1/risks/?owner={}", "owner"),
        ("/api/v1/risks/?likelihood={}", "likelihood"),
        ("/api/v1/kris/?channel={}", "channel"),
    ],
)
@pytest.mark.parametrize("value", [str(2**70), "²", "abc", "-5"])
def test_an_integer_filter_out_of_range_is_a_400_naming_the_parameter(
    api_as, admin_user, url, parameter, value
) -> None:
    response = api_as(admin_user).get(url.format(value))
    assert response.status_code == 400, (url, value, response.content)
    assert parameter in response.json()


@pytest.mark.parametrize("pk", ["abc", str(2**70), "1.5", "%C2%B2"])
def test_an_id_that_cannot_exist_in_a_nested_route_is_a_json_404(api_as, admin_user, pk) -> None:
    for url in (f"/api/v1/assessments/{pk}/answers/", f"/api/v1/tasks/{pk}/"):
        response = api_as(admin_user).get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url


def test_an_unknown_api_address_is_a_json_404(api_as, admin_user) -> None:
    response = api_as(admin_user).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_wrong_method_is_a_json_405(api_as, admin_user) -> None:
    response = api_as(admin_user).put("/api/v1/audit-events/", {}, format="json")
    assert response.status_code == 405
    assert "detail" in response.json()
