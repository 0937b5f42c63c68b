from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from socialgov.core.models import TaskStatus
from socialgov.incidents.models import Incident
from socialgov.incidents.tests.helpers import load_playbooks

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_reviewed_closed_incidents_and_a_takeover_half_way(settings) -> None:
    settings.SOCIALGOV_DEMO_PASSWORD = "demo-password-for-tests"
    load_playbooks()
    call_command("demo", stdout=io.StringIO())
    closed = Incident.objects.filter(status="closed")
    assert closed.count() == 2 and all(i.reviewed_at for i in closed)
    takeover = Incident.objects.get(kind="takeover")
    assert takeover.is_active and takeover.playbook is not None
    states = list(takeover.steps.values_list("task__status", flat=True))
    done = states.count(TaskStatus.DONE)
    assert 0 < done < len(states)
    call_command("demo", stdout=io.StringIO())
    assert Incident.objects.count() == 3
