"""The demo's recorded week through `socialgov replay`: the detector stage runs, and the help
desk's surge in the last hour becomes one spike alert on that channel only."""

from __future__ import annotations

import datetime as dt

import pytest

from socialgov.channels.models import DiscoveredAccount
from socialgov.monitoring.demo_stream import SURGE_TARGET, write_demo_week
from socialgov.monitoring.models import Alert, Finding, SpikeIncident
from socialgov.monitoring.replay import replay_file
from socialgov.monitoring.tests.helpers import make_channel

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)


def test_replaying_the_demo_week_runs_the_detectors_and_shows_one_surge(owner, tmp_path) -> None:
    for platform, handle in (("x", "mosa_help"), ("x", "mosa_be"), ("x", "mosa_aide")):
        make_channel(owner.person, platform=platform, handle=handle)
    path = write_demo_week(tmp_path / "week.jsonl", count=60, now=NOW, days=3)

    report = replay_file(path, batch_size=500)

    incidents = list(SpikeIncident.objects.select_related("alert__channel"))
    assert report.spikes == 1
    assert [getattr(i.alert.channel, "handle", None) for i in incidents] == [SURGE_TARGET[1]]
    assert incidents[0].start >= NOW - dt.timedelta(hours=1, minutes=10)
    again = replay_file(path, batch_size=500)
    assert again.spikes == 0 and SpikeIncident.objects.count() == 1


def test_the_demo_week_shows_an_impersonator_in_triage_and_a_takeover_with_its_reasons(
    owner, tmp_path
) -> None:
    for platform, handle in (("x", "mosa_help"), ("x", "mosa_be"), ("x", "mosa_aide")):
        make_channel(owner.person, platform=platform, handle=handle)
    path = write_demo_week(tmp_path / "week.jsonl", count=60, now=NOW, days=3)

    report = replay_file(path, batch_size=500)

    assert report.impersonators == 1
    assert DiscoveredAccount.objects.filter(handle__icontains="mosa_he1p").count() == 1
    assert report.compromises == 1
    alert = Alert.objects.get(group_key__startswith="compromise:")
    assert alert.channel is not None and alert.channel.handle == "mosa_be"
    reasons = " ".join(
        Finding.objects.filter(analyzer="compromise").values_list("reason", flat=True)
    )
    assert "reads like a scam" in reasons
    assert "same text posted" in reasons
