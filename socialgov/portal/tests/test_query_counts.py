"""List endpoints cost the same number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socialgov.assessments import services as assessments
from socialgov.assessments.models import MaturityModel
from socialgov.awareness import services as awareness
from socialgov.awareness.models import TrainingModule
from socialgov.core.tests.factories import PersonFactory
from socialgov.library.importer import library_load
from socialgov.policies.audience import Audience
from socialgov.policies.tests.helpers import make_policy, publish

pytestmark = pytest.mark.django_db
LIBRARY = Path(__file__).resolve().parents[3] / "library"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(lead, admin_user, comms, round_: int) -> None:
    for _ in range(5):
        PersonFactory(org_unit=comms)
    publish(
        lead=lead,
        approver=admin_user,
        policy=make_policy(owner=lead.person, key=f"p{round_}"),
        audience=Audience(everyone=True),
    )
    awareness.campaign_start(
        actor=lead,
        title=f"Run {round_}",
        modules=list(TrainingModule.objects.all()[:2]),
        audience=Audience(everyone=True),
        deadline=timezone.localdate() + dt.timedelta(days=5),
        notify=False,
    )
    assessments.assessment_start(
        actor=lead,
        model=MaturityModel.objects.get(),
        title=f"A{round_}",
        respondents=[lead.person, admin_user.person],
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/policies/",
        "/api/v1/policy-versions/",
        "/api/v1/acknowledgement-campaigns/",
        "/api/v1/campaigns/",
        "/api/v1/assignments/",
        "/api/v1/assessments/",
        "/api/v1/training-modules/",
    ],
)
def test_list_endpoints_do_not_query_per_row(api_as, lead, admin_user, comms, url):
    library_load(paths=[LIBRARY / "training"])
    library_load(paths=[LIBRARY / "maturity"])
    client = api_as(lead)
    _grow(lead, admin_user, comms, 1)
    _queries(client, url)  # the user's roles are read once, then cached on the user
    few = _queries(client, url)
    for round_ in range(2, 5):
        _grow(lead, admin_user, comms, round_)
    assert _queries(client, url) == few
