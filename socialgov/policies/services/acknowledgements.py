"""Writes for acknowledgement campaigns: asking an audience, recording acknowledgements,
reminding and escalating."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.core.audit import audit_record
from socialgov.core.models import Person, User
from socialgov.core.services import notification_send
from socialgov.core.texts import Message, localized_param
from socialgov.policies.audience import Audience, resolve_audience
from socialgov.policies.follow_up import FollowUp, Step, follow_up_each
from socialgov.policies.links import acknowledgement_url
from socialgov.policies.models import (
    Acknowledgement,
    AcknowledgementCampaign,
    AcknowledgementMethod,
    AcknowledgementRequest,
    CampaignStatus,
    PolicyVersion,
    RequestStatus,
    VersionStatus,
)


def check_deadline(deadline: dt.date, today: dt.date | None) -> None:
    if deadline < (today or timezone.localdate()):
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})


def covered_person_ids(version: PolicyVersion, person_ids: set[int]) -> set[int]:
    """People who already acknowledged this major version (any minor of it): not asked again."""
    return set(
        Acknowledgement.objects.filter(
            person_id__in=person_ids,
            version__policy_id=version.policy_id,
            version__major=version.major,
        ).values_list("person_id", flat=True)
    )


@transaction.atomic
def acknowledgement_campaign_start(
    *,
    actor: User | None,
    version: PolicyVersion,
    audience: Audience,
    deadline: dt.date,
    today: dt.date | None = None,
    notify: bool = True,
) -> AcknowledgementCampaign:
    audience.clean()
    check_deadline(deadline, today)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Only a published version can be sent for acknowledgement."))
    campaign = AcknowledgementCampaign(
        version=version, deadline=deadline, started_by=actor if actor and actor.pk else None
    )
    audience.save_on(campaign)
    campaign.full_clean()
    campaign.save()
    campaign.audience_org_units.set(audience.org_units)

    people = resolve_audience(audience)
    people -= covered_person_ids(version, people)
    # A newer version replaces pending requests for older versions of the same policy.
    superseded = AcknowledgementRequest.objects.filter(
        person_id__in=people,
        status=RequestStatus.PENDING,
        campaign__version__policy_id=version.policy_id,
    ).exclude(campaign__version=version)
    superseded_count = superseded.update(status=RequestStatus.SUPERSEDED)
    already_asked = set(
        AcknowledgementRequest.objects.filter(
            person_id__in=people, campaign__version=version, status=RequestStatus.PENDING
        ).values_list("person_id", flat=True)
    )
    now = timezone.now()
    new_people = sorted(people - already_asked)
    AcknowledgementRequest.objects.bulk_create(
        [
            AcknowledgementRequest(campaign=campaign, person_id=pk, requested_at=now)
            for pk in new_people
        ],
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        verb="acknowledgement_campaign.start",
        target=campaign,
        changes={
            "version": version.number,
            "deadline": deadline,
            "audience": audience.describe(),
            "people_asked": len(new_people),
            "requests_superseded": superseded_count,
        },
    )
    if notify:
        subject = Message("policies.notify.acknowledge", {"title": localized_param(version.title)})
        body = Message("policies.notify.acknowledge_body", {"deadline": deadline.isoformat()})
        for person in Person.objects.filter(pk__in=new_people):
            notification_send(
                recipient=person,
                subject=subject,
                body=body,
                url=acknowledgement_url(person.pk, version.pk),
            )
    return campaign


@transaction.atomic
def policy_acknowledge(
    *,
    actor: User | None,
    person: Person,
    version: PolicyVersion,
    method: str = AcknowledgementMethod.PORTAL,
) -> Acknowledgement:
    """Record that `person` read and accepted `version`. Only a published version addressed to
    them can be acknowledged, and only once."""
    if method not in AcknowledgementMethod.values:
        raise ValidationError({"method": _("Unknown acknowledgement method.")})
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("This version is not published; it cannot be acknowledged."))
    if Acknowledgement.objects.filter(person=person, version=version).exists():
        raise ValidationError(_("You already acknowledged this version."))
    requests = AcknowledgementRequest.objects.filter(
        person=person,
        campaign__version=version,
        campaign__status=CampaignStatus.RUNNING,
        status=RequestStatus.PENDING,
    )
    if not requests.exists():
        raise ValidationError(_("This version was not addressed to you."))
    acknowledgement = Acknowledgement.objects.create(
        person=person, version=version, acknowledged_at=timezone.now(), method=method
    )
    requests.update(status=RequestStatus.ACKNOWLEDGED, acknowledgement=acknowledgement)
    audit_record(
        actor=actor,
        verb="policy.acknowledge",
        target=acknowledgement,
        changes={"person": person.pk, "version": version.number, "method": method},
    )
    return acknowledgement


@transaction.atomic
def acknowledgement_campaign_close(
    *, actor: User | None, campaign: AcknowledgementCampaign
) -> AcknowledgementCampaign:
    campaign = AcknowledgementCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.CLOSED:
        return campaign
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="acknowledgement_campaign.close",
        target=campaign,
        changes={"status": [CampaignStatus.RUNNING, CampaignStatus.CLOSED]},
    )
    return campaign


def acknowledgement_follow_up(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind people before the deadline and tell their manager after it. Safe to rerun."""
    today = today or timezone.localdate()
    pending = AcknowledgementRequest.objects.filter(
        status=RequestStatus.PENDING, campaign__status=CampaignStatus.RUNNING
    ).select_related("campaign__version__policy", "person__manager")
    return follow_up_each(
        pending.iterator(chunk_size=500),
        today=today,
        deadline_of=lambda request: request.campaign.deadline,
        act=_follow_up_one,
    )


@transaction.atomic
def _follow_up_one(request: AcknowledgementRequest, follow_up: FollowUp) -> None:
    step, reminders_sent = follow_up.step, follow_up.reminders_sent
    person = request.person
    version = request.campaign.version
    # Composed in each recipient's language when sent and when listed.
    title = localized_param(version.title)
    deadline = request.campaign.deadline.isoformat()
    url = acknowledgement_url(person.pk, version.pk)
    if step is Step.REMIND:
        notification_send(
            recipient=person,
            subject=Message("policies.notify.reminder", {"title": title}),
            body=Message("policies.notify.reminder_body", {"deadline": deadline}),
            url=url,
        )
        request.reminders_sent = reminders_sent
        request.save(update_fields=["reminders_sent"])
        verb = "acknowledgement_request.remind"
    else:
        if person.manager is not None and person.manager.is_active:
            notification_send(
                recipient=person.manager,
                subject=Message(
                    "policies.notify.escalated", {"person": str(person), "title": title}
                ),
                body=Message("policies.notify.escalated_body", {"deadline": deadline}),
                url=reverse("policies:campaign-detail", args=[request.campaign_id]),
            )
        request.escalated_at = timezone.now()
        request.save(update_fields=["escalated_at"])
        verb = "acknowledgement_request.escalate"
    audit_record(
        actor=None,
        verb=verb,
        target=request,
        changes={"person": person.pk, "manager": person.manager_id},
    )
