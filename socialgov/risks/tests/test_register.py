"""Channel risks: scores held to the matrix, history, controls, treatments and acceptances."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from socialgov.channels.models import Channel
from socialgov.core.models import AuditEvent, Notification, Task, TaskPriority, User
from socialgov.core.tests.factories import PersonFactory
from socialgov.risks import services
from socialgov.risks.models import (
    AcceptanceStatus,
    ChannelRisk,
    Control,
    Effectiveness,
    RiskMatrix,
    RiskStatus,
    RiskType,
    Treatment,
)

pytestmark = pytest.mark.django_db


def _risk(channel: Channel, actor: User, key: str = "account-hijack", **kwargs: Any) -> ChannelRisk:
    kwargs.setdefault("inherent_likelihood", 4)
    kwargs.setdefault("inherent_impact", 5)
    return services.channel_risk_create(
        actor=actor, channel=channel, risk_type=RiskType.objects.get(key=key), **kwargs
    )


@pytest.mark.parametrize(
    "matrix_key,likelihood,impact,level",
    [
        ("matrix-3x3", 1, 1, "low"),
        ("matrix-3x3", 3, 3, "high"),
        ("matrix-3x3", 2, 2, "medium"),
        ("matrix-4x4", 4, 4, "critical"),
        ("matrix-4x4", 1, 4, "medium"),
        ("matrix-4x4", 2, 3, "medium"),
        ("matrix-5x5", 5, 5, "critical"),
        ("matrix-5x5", 1, 5, "medium"),
        ("matrix-5x5", 3, 4, "high"),
        ("matrix-5x5", 2, 2, "low"),
    ],
)
def test_score_and_level_follow_each_shipped_matrix(
    owned_channel: Channel, owner: User, matrix_key: str, likelihood: int, impact: int, level: str
) -> None:
    risk = _risk(
        owned_channel,
        owner,
        matrix=RiskMatrix.objects.get(key=matrix_key),
        inherent_likelihood=likelihood,
        inherent_impact=impact,
    )
    assert risk.inherent_score == likelihood * impact
    assert risk.inherent_level == level
    assert risk.residual_level == level  # residual defaults to inherent


def test_the_risk_owner_defaults_to_the_channel_owner(owned_channel: Channel, owner: User) -> None:
    assert _risk(owned_channel, owner).owner == owned_channel.owner


@pytest.mark.parametrize("field,value", [("inherent_likelihood", 6), ("inherent_impact", 0)])
def test_it_rejects_scores_outside_the_matrix_and_writes_nothing(
    owned_channel: Channel, owner: User, matrix5: RiskMatrix, field: str, value: int
) -> None:
    with pytest.raises(ValidationError) as error:
        scores: dict[str, Any] = {field: value}
        _risk(owned_channel, owner, matrix=matrix5, **scores)
    assert field in error.value.message_dict
    assert "outside the matrix" in error.value.message_dict[field][0]
    assert not ChannelRisk.objects.exists()


def test_a_4_is_fine_on_5x5_but_not_on_3x3(
    owned_channel: Channel, owner: User, matrix3: RiskMatrix
) -> None:
    with pytest.raises(ValidationError):
        _risk(owned_channel, owner, matrix=matrix3, inherent_likelihood=4, inherent_impact=1)


def test_residual_above_inherent_needs_a_justification(owned_channel: Channel, owner: User) -> None:
    with pytest.raises(ValidationError) as error:
        _risk(owned_channel, owner, inherent_likelihood=2, residual_likelihood=3)
    assert "residual_justification" in error.value.message_dict
    risk = _risk(
        owned_channel,
        owner,
        inherent_likelihood=2,
        residual_likelihood=3,
        residual_justification="The agency contract ends and nobody replaces it.",
    )
    assert risk.residual_likelihood == 3


def test_a_custom_risk_needs_a_title(owned_channel: Channel, owner: User, matrix5) -> None:
    with pytest.raises(ValidationError, match="title"):
        services.channel_risk_create(
            actor=owner, channel=owned_channel, inherent_likelihood=2, inherent_impact=2
        )
    risk = services.channel_risk_create(
        actor=owner,
        channel=owned_channel,
        title="Sponsored influencer says something stupid",
        inherent_likelihood=2,
        inherent_impact=3,
    )
    assert risk.name == "Sponsored influencer says something stupid"


def test_a_catalogue_risk_is_added_once_per_channel(owned_channel: Channel, owner: User) -> None:
    _risk(owned_channel, owner)
    with pytest.raises(ValidationError, match="already has"):
        _risk(owned_channel, owner)


def test_an_owner_cannot_add_risks_to_someone_elses_channel(
    other_channel: Channel, owner: User
) -> None:
    with pytest.raises(PermissionDenied):
        _risk(other_channel, owner)
    assert not ChannelRisk.objects.exists()


def test_every_score_change_is_kept_as_history_and_audited(
    owned_channel: Channel, owner: User
) -> None:
    risk = _risk(owned_channel, owner)
    services.channel_risk_rescore(actor=owner, risk=risk, residual_likelihood=2, reason="MFA on")
    services.channel_risk_rescore(actor=owner, risk=risk, residual_impact=3, reason="Backups")
    services.channel_risk_rescore(actor=owner, risk=risk, residual_impact=3)  # no change
    history = list(risk.history.order_by("changed_at", "id"))
    assert [(h.residual_likelihood, h.residual_impact) for h in history] == [(4, 5), (2, 5), (2, 3)]
    assert [h.reason for h in history][1:] == ["MFA on", "Backups"]
    assert AuditEvent.objects.filter(verb="risk.rescore", target_id=str(risk.pk)).count() == 2


def test_applying_a_control_twice_updates_its_effectiveness(
    owned_channel: Channel, owner: User
) -> None:
    risk = _risk(owned_channel, owner)
    control = Control.objects.get(key="mfa-on-accounts")
    services.channel_risk_apply_control(actor=owner, risk=risk, control=control)
    services.channel_risk_apply_control(
        actor=owner, risk=risk, control=control, effectiveness=Effectiveness.EFFECTIVE
    )
    assert risk.controls.get().effectiveness == Effectiveness.EFFECTIVE


def test_a_treatment_becomes_a_task_for_the_risk_owner(owned_channel: Channel, owner: User) -> None:
    risk = _risk(owned_channel, owner)
    due = dt.date(2030, 1, 31)
    treatment = services.risk_treatment_plan(
        actor=owner, risk=risk, title="Turn on MFA for all page admins", due_date=due
    )
    task = Task.objects.get(pk=treatment.task.pk)
    assert task.owner == risk.owner
    assert task.due_date == due
    assert task.source == "risk_treatment"
    assert task.subject == risk
    risk.refresh_from_db()
    assert risk.status == RiskStatus.IN_TREATMENT


def test_a_treatment_without_a_description_describes_itself_in_each_readers_language(
    owned_channel: Channel, owner: User
) -> None:
    risk = _risk(owned_channel, owner)
    with translation.override("nl"):  # the planner's language fixes nothing
        treatment = services.risk_treatment_plan(
            actor=owner, risk=risk, title="MFA", due_date=dt.date(2030, 1, 31)
        )
    task = Task.objects.get(pk=treatment.task.pk)
    # The sentence is the reader's; the risk's name is still the one written when planned.
    with translation.override("fr"):
        assert task.display_description.startswith("Traitement du risque « ")
    assert task.description.startswith("Treatment of the risk “")


def test_overdue_treatments_escalate_once_to_the_owners_manager(
    owned_channel: Channel, owner: User
) -> None:
    manager: Any = PersonFactory(org_unit=owner.person.org_unit)  # type: ignore[union-attr]
    owner_person = owner.person
    assert owner_person is not None
    owner_person.manager = manager
    owner_person.save()
    risk = _risk(owned_channel, owner)
    treatment = services.risk_treatment_plan(
        actor=owner, risk=risk, title="Move the password to the vault", due_date=dt.date(2026, 1, 5)
    )
    assert services.risk_treatments_escalate(today=dt.date(2026, 1, 5)) == 0
    assert services.risk_treatments_escalate(today=dt.date(2026, 1, 6)) == 1
    assert services.risk_treatments_escalate(today=dt.date(2026, 1, 7)) == 0
    treatment.task.refresh_from_db()
    assert treatment.task.priority == TaskPriority.URGENT
    assert Notification.objects.filter(recipient=manager, subject__contains="Overdue").exists()


def test_a_governance_lead_accepts_a_risk_until_a_date(
    owned_channel: Channel, owner: User, lead: User
) -> None:
    risk = _risk(owned_channel, owner)
    acceptance = services.risk_accept(
        actor=lead,
        risk=risk,
        justification="Page is read-only during the merger.",
        expires_on=dt.date(2026, 6, 30),
        today=dt.date(2026, 1, 1),
    )
    risk.refresh_from_db()
    assert risk.status == RiskStatus.ACCEPTED
    assert risk.treatment == Treatment.ACCEPT
    assert acceptance.accepted_by == lead


@pytest.mark.parametrize("who", ["owner", "teammate", "auditor", "analyst"])
def test_only_someone_with_authority_may_accept(
    request: pytest.FixtureRequest, owned_channel: Channel, owner: User, who: str
) -> None:
    risk = _risk(owned_channel, owner)
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.risk_accept(
            actor=actor, risk=risk, justification="Fine.", expires_on=dt.date(2099, 1, 1)
        )
    risk.refresh_from_db()
    assert risk.status == RiskStatus.OPEN
    assert not risk.acceptances.exists()


@pytest.mark.parametrize(
    "justification,expires_on,field",
    [
        ("   ", dt.date(2026, 3, 1), "justification"),
        ("Fine.", dt.date(2026, 1, 1), "expires_on"),
        ("Fine.", dt.date(2025, 12, 1), "expires_on"),
        ("Fine.", dt.date(2030, 1, 1), "expires_on"),
    ],
)
def test_an_acceptance_needs_a_justification_and_a_sensible_expiry(
    owned_channel: Channel,
    owner: User,
    lead: User,
    justification: str,
    expires_on: dt.date,
    field: str,
) -> None:
    risk = _risk(owned_channel, owner)
    with pytest.raises(ValidationError) as error:
        services.risk_accept(
            actor=lead,
            risk=risk,
            justification=justification,
            expires_on=expires_on,
            today=dt.date(2026, 1, 1),
        )
    assert field in error.value.message_dict


def test_an_expired_acceptance_reopens_the_risk_and_notifies(
    owned_channel: Channel, owner: User, lead: User
) -> None:
    risk = _risk(owned_channel, owner)
    services.risk_accept(
        actor=lead,
        risk=risk,
        justification="Campaign ends soon.",
        expires_on=dt.date(2026, 3, 1),
        today=dt.date(2026, 1, 1),
    )
    mail.outbox.clear()
    assert services.risk_acceptances_expire(today=dt.date(2026, 2, 28)) == 0
    assert services.risk_acceptances_expire(today=dt.date(2026, 3, 1)) == 1
    assert services.risk_acceptances_expire(today=dt.date(2026, 3, 2)) == 0
    risk.refresh_from_db()
    assert risk.status == RiskStatus.OPEN
    assert risk.needs_reassessment
    assert risk.acceptances.get().status == AcceptanceStatus.EXPIRED
    recipients = set(
        Notification.objects.filter(subject__startswith="Risk acceptance expired").values_list(
            "recipient_id", flat=True
        )
    )
    assert recipients == {risk.owner_id, lead.person_id}


def test_a_risk_cannot_be_set_to_accepted_without_an_acceptance(
    owned_channel: Channel, owner: User
) -> None:
    risk = _risk(owned_channel, owner)
    with pytest.raises(ValidationError):
        services.channel_risk_update(actor=owner, risk=risk, status=RiskStatus.ACCEPTED)


def test_risks_of_a_leaver_go_to_the_channel_owner(
    owned_channel: Channel, owner: User, teammate: User
) -> None:
    from socialgov.core.services import person_deactivate

    risk = _risk(owned_channel, owner)
    services.channel_risk_update(actor=None, risk=risk, owner=teammate.person)
    assert teammate.person is not None
    person_deactivate(actor=None, person=teammate.person)
    risk.refresh_from_db()
    assert risk.owner_id == owner.person_id
    assert AuditEvent.objects.filter(verb="risk.reassign", target_id=str(risk.pk)).exists()


def test_on_an_orphaned_channel_the_deputy_owns_new_risks(
    owned_channel: Channel, owner: User, teammate: User, lead: User
) -> None:
    from socialgov.core.services import person_deactivate

    owned_channel.deputy = teammate.person
    owned_channel.save()
    assert owner.person is not None
    person_deactivate(actor=None, person=owner.person)
    owned_channel.refresh_from_db()
    risk = _risk(owned_channel, lead)
    assert risk.owner_id == teammate.person_id
