"""The assessment wizard's proposals, and KRIs that flag risks for re-assessment."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from socialgov.channels.models import Channel
from socialgov.core.models import Notification, User
from socialgov.risks import services
from socialgov.risks.models import (
    ChannelRisk,
    Effectiveness,
    KRIState,
    RiskAcceptance,
    RiskStatus,
    RiskType,
)
from socialgov.risks.tests.conftest import make_channel

pytestmark = pytest.mark.django_db


def _proposed(channel: Channel) -> set[str]:
    return {p.risk_type.key for p in services.risk_wizard_proposals(channel=channel)}


def test_a_customer_service_facebook_page_gets_public_channel_risks(
    owner: User, library: None
) -> None:
    channel = make_channel(owner.person, platform="facebook", purpose="customer_service")  # type: ignore[arg-type]
    keys = _proposed(channel)
    assert {
        "viral-complaint",
        "impersonation",
        "personal-data-disclosure",
        "account-hijack",
    } <= keys
    assert "private-use-working-hours" not in keys
    assert "legal-content" not in keys  # not a customer service concern in the catalogue


def test_an_internal_viva_engage_community_gets_leak_and_conduct_risks_not_public_ones(
    owner: User, library: None
) -> None:
    channel = make_channel(
        owner.person,  # type: ignore[arg-type]
        platform="viva_engage",
        purpose="internal_collaboration",
        audience="internal",
    )
    keys = _proposed(channel)
    assert {"confidential-leak", "harassment", "private-use-working-hours"} <= keys
    assert not keys & {"viral-complaint", "impersonation", "third-party-access-abuse"}


def test_a_linkedin_recruitment_page_gets_regulatory_and_legal_risks(
    owner: User, library: None
) -> None:
    channel = make_channel(owner.person, platform="linkedin", purpose="recruitment")  # type: ignore[arg-type]
    keys = _proposed(channel)
    assert {"regulatory-breach", "legal-content", "badly-handled-message"} <= keys
    assert "viral-complaint" not in keys


def test_controls_the_posture_satisfies_are_marked_in_place_and_lower_the_residual(
    owner: User, library: None
) -> None:
    channel = make_channel(
        owner.person,  # type: ignore[arg-type]
        mfa="yes",
        credential_custody="password_manager",
        recovery_email_owned="no",
    )
    hijack = next(
        p
        for p in services.risk_wizard_proposals(channel=channel)
        if p.risk_type.key == "account-hijack"
    )
    in_place = {control.key for control in hijack.controls_in_place}
    assert in_place == {"mfa-on-accounts", "password-manager"}
    assert hijack.residual_likelihood == max(1, hijack.likelihood - 2)

    services.risk_wizard_apply(actor=owner, channel=channel, risk_types=["account-hijack"])
    risk = ChannelRisk.objects.get(channel=channel)
    effective = set(
        risk.controls.filter(effectiveness=Effectiveness.EFFECTIVE).values_list(
            "control__key", flat=True
        )
    )
    assert effective == {"mfa-on-accounts", "password-manager"}
    assert risk.controls.filter(effectiveness=Effectiveness.PLANNED).exists()
    assert risk.residual_likelihood < risk.inherent_likelihood


def test_the_wizard_skips_risks_already_registered_and_refuses_unproposed_ones(
    owned_channel: Channel, owner: User
) -> None:
    services.risk_wizard_apply(actor=owner, channel=owned_channel, risk_types=["account-hijack"])
    again = services.risk_wizard_apply(
        actor=owner, channel=owned_channel, risk_types=["account-hijack", "viral-complaint"]
    )
    assert [risk.risk_type.key for risk in again] == ["viral-complaint"]  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="private-use-working-hours"):
        services.risk_wizard_apply(
            actor=owner, channel=owned_channel, risk_types=["private-use-working-hours"]
        )
    assert owned_channel.risks.count() == 2


def _kri_with_risk(channel: Channel, owner: User):
    risk = services.channel_risk_create(
        actor=owner,
        channel=channel,
        risk_type=RiskType.objects.get(key="impersonation"),
        inherent_likelihood=3,
        inherent_impact=4,
        residual_likelihood=2,
        residual_impact=3,
    )
    kri = services.kri_create(
        actor=owner,
        name="Impersonators found per quarter",
        owner=owner.person,  # type: ignore[arg-type]
        channel=channel,
        metric="impersonators_found",
        amber_threshold=1,
        red_threshold=3,
        risks=[risk],
    )
    return kri, risk


def test_a_red_kri_flags_its_risks_for_reassessment_with_the_evidence(
    owned_channel: Channel, owner: User
) -> None:
    kri, risk = _kri_with_risk(owned_channel, owner)
    services.kri_record_value(kri=kri, value=1, actor=owner)
    risk.refresh_from_db()
    assert not risk.needs_reassessment
    services.kri_record_value(
        kri=kri, value=4, actor=owner, evidence={"accounts": ["@mosa_support_help"]}
    )
    risk.refresh_from_db()
    kri.refresh_from_db()
    assert kri.current_state == KRIState.RED
    assert risk.needs_reassessment
    assert risk.suggested_likelihood == 3
    assert "mosa_support_help" in risk.reassessment_reason
    notice = Notification.objects.get(recipient=risk.owner, subject__contains="Re-assess")
    with translation.override("nl"):
        # The e-mail is composed in the owner's language when it is sent or listed.
        assert notice.display_subject.startswith("Beoordeel het risico")
        assert "staat op rood" in notice.display_body and "Bewijs: " in notice.display_body
        assert "mosa_support_help" in notice.display_body
    services.channel_risk_rescore(actor=owner, risk=risk, residual_likelihood=3)
    risk.refresh_from_db()
    assert not risk.needs_reassessment and risk.suggested_likelihood is None


def test_monitoring_records_a_metric_for_the_kris_that_follow_it(
    owned_channel: Channel, owner: User
) -> None:
    kri, risk = _kri_with_risk(owned_channel, owner)
    written = services.kri_record_metric(
        metric="impersonators_found", channel=owned_channel, value=5
    )
    assert [m.kri_id for m in written] == [kri.pk]
    assert written[0].source == "monitoring"
    assert services.kri_record_metric(metric="nobody_follows_this", value=5) == []
    risk.refresh_from_db()
    assert risk.needs_reassessment


def test_an_older_measurement_does_not_replace_the_current_state(
    owned_channel: Channel, owner: User
) -> None:
    kri, risk = _kri_with_risk(owned_channel, owner)
    now = timezone.now()
    services.kri_record_value(kri=kri, value=0, measured_at=now)
    services.kri_record_value(kri=kri, value=9, measured_at=now - dt.timedelta(days=90))
    kri.refresh_from_db()
    risk.refresh_from_db()
    assert kri.current_state == KRIState.GREEN
    assert not risk.needs_reassessment
    assert kri.measurements.count() == 2


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "12", True, None])
def test_a_kri_value_must_be_a_finite_number(owned_channel: Channel, owner: User, value) -> None:
    kri, _risk = _kri_with_risk(owned_channel, owner)
    with pytest.raises(ValidationError):
        services.kri_record_value(kri=kri, value=value)
    assert not kri.measurements.exists()


def test_kri_thresholds_must_be_in_order(owned_channel: Channel, owner: User) -> None:
    with pytest.raises(ValidationError, match="red must start at or above amber"):
        services.kri_create(
            actor=owner,
            name="Toxic posts",
            owner=owner.person,  # type: ignore[arg-type]
            channel=owned_channel,
            amber_threshold=10,
            red_threshold=5,
        )


def test_a_channel_kri_cannot_be_tied_to_another_channels_risk(
    owned_channel: Channel, owner: User, lead: User
) -> None:
    other = make_channel(owner.person, handle="second")  # type: ignore[arg-type]
    risk = services.channel_risk_create(
        actor=owner, channel=other, title="Something", inherent_likelihood=2, inherent_impact=2
    )
    with pytest.raises(ValidationError, match="risks of that channel"):
        services.kri_create(
            actor=lead,
            name="Leaks",
            owner=owner.person,  # type: ignore[arg-type]
            channel=owned_channel,
            amber_threshold=1,
            red_threshold=2,
            risks=[risk],
        )


def test_someone_who_does_not_manage_the_channel_cannot_record_kri_values(
    owned_channel: Channel, owner: User, outsider: User
) -> None:
    kri, _risk = _kri_with_risk(owned_channel, owner)
    with pytest.raises(PermissionDenied):
        services.kri_record_value(kri=kri, value=1, actor=outsider)


def test_acceptances_expire_by_the_clock_when_no_date_is_given(
    owned_channel: Channel, owner: User, lead: User
) -> None:
    risk = services.channel_risk_create(
        actor=owner, channel=owned_channel, title="X", inherent_likelihood=1, inherent_impact=1
    )
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 4, 1)):
        services.risk_accept(
            actor=lead, risk=risk, justification="Low.", expires_on=dt.date(2026, 5, 1)
        )
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 4, 30)):
        assert services.risk_acceptances_expire() == 0
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 5, 1)):
        assert services.risk_acceptances_expire() == 1
    risk.refresh_from_db()
    assert risk.status == RiskStatus.OPEN
    assert RiskAcceptance.objects.get().status == "expired"
