from __future__ import annotations

import pytest
from django.core import mail

from socialgov.core.services import task_create

pytestmark = pytest.mark.django_db


def test_the_dashboard_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_dashboard_shows_the_real_count_of_my_open_tasks(client, teammate):
    for number in range(3):
        task_create(actor=None, title=f"Task {number}", owner=teammate.person)
    client.force_login(teammate)
    response = client.get("/")
    cards = {str(card.title): card.value for card in response.context["cards"]}
    assert cards["My open tasks"] == 3


def test_the_menu_shows_what_the_role_may_use(client, teammate, auditor):
    client.force_login(teammate)
    menu = [item.url_name for item in client.get("/").context["navigation"]]
    assert "core:audit-list" not in menu and "core:person-list" not in menu
    client.force_login(auditor)
    menu = [item.url_name for item in client.get("/").context["navigation"]]
    assert "core:audit-list" in menu and "core:person-list" in menu


def test_an_employee_gets_403_on_the_audit_log_page(client, teammate):
    client.force_login(teammate)
    assert client.get("/audit/").status_code == 403


def test_the_language_switcher_turns_the_page_into_dutch_and_french(client, teammate):
    client.force_login(teammate)
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Mijn taken" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert "Mes tâches" in client.get("/").content.decode()


def test_a_persons_own_language_is_used_until_they_choose_another(client, teammate):
    teammate.person.language = "fr"
    teammate.person.save()
    client.force_login(teammate)
    assert 'lang="fr"' in client.get("/").content.decode()


def test_a_new_task_is_mailed_to_its_owner_after_commit(
    teammate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = task_create(actor=None, title="Review the access list", owner=teammate.person)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [teammate.person.email]
    assert f"/tasks/{task.pk}/" in mail.outbox[0].body


def test_nothing_is_mailed_when_the_write_is_rolled_back(
    teammate, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                task_create(actor=None, title="Doomed", owner=teammate.person)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert mail.outbox == []


def test_page_text_written_by_strangers_is_escaped(client, teammate):
    task_create(actor=None, title="<script>alert(1)</script>", owner=teammate.person)
    client.force_login(teammate)
    body = client.get("/tasks/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
