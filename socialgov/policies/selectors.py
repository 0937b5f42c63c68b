"""Reads for policies, always through the permission layer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from socialgov.core import permissions
from socialgov.core.permissions import AnyUser
from socialgov.policies.models import (
    Acknowledgement,
    AcknowledgementCampaign,
    AcknowledgementRequest,
    Policy,
    PolicyVersion,
    RequestStatus,
    VersionStatus,
)


def policy_list(*, user: AnyUser) -> models.QuerySet[Policy]:
    return permissions.visible(user, Policy.objects.select_related("owner", "approver"))


def policy_version_list(
    *, user: AnyUser, policy: Policy | None = None
) -> models.QuerySet[PolicyVersion]:
    versions = PolicyVersion.objects.select_related("policy")
    if policy is not None:
        versions = versions.filter(policy=policy)
    return permissions.visible(user, versions)


def published_version(policy: Policy) -> PolicyVersion | None:
    return policy.versions.filter(status=VersionStatus.PUBLISHED).first()


def campaign_list(*, user: AnyUser) -> models.QuerySet[AcknowledgementCampaign]:
    return permissions.visible(
        user, AcknowledgementCampaign.objects.select_related("version__policy")
    )


def acknowledgement_list(*, user: AnyUser) -> models.QuerySet[Acknowledgement]:
    return permissions.visible(
        user, Acknowledgement.objects.select_related("person", "version__policy")
    )


def request_list(*, user: AnyUser) -> models.QuerySet[AcknowledgementRequest]:
    return permissions.visible(
        user,
        AcknowledgementRequest.objects.select_related(
            "person__org_unit", "campaign__version__policy", "acknowledgement"
        ),
    )


def pending_for_person(*, user: AnyUser) -> models.QuerySet[AcknowledgementRequest]:
    """What the signed-in person still has to acknowledge."""
    return (
        request_list(user=user)
        .filter(
            models.Q(person_id=permissions.person_id(user)),
            status=RequestStatus.PENDING,
            campaign__status="running",
        )
        .order_by("campaign__deadline")
    )


@dataclass(frozen=True)
class CompletionRow:
    label: str
    asked: int
    done: int
    overdue: int

    @property
    def rate(self) -> float:
        return round(100 * self.done / self.asked, 1) if self.asked else 0.0


def _completion(requests: models.QuerySet[AcknowledgementRequest], group: str) -> list[dict]:  # type: ignore[type-arg]
    today = timezone.localdate()
    return list(
        requests.exclude(status=RequestStatus.SUPERSEDED)
        .values(group)
        .annotate(
            asked=Count("id"),
            done=Count("id", filter=Q(status=RequestStatus.ACKNOWLEDGED)),
            overdue=Count(
                "id",
                filter=Q(status=RequestStatus.PENDING, campaign__deadline__lt=today),
            ),
        )
        .order_by(group)
    )


def completion_by_org_unit(
    *, user: AnyUser, campaign: AcknowledgementCampaign | None = None
) -> list[CompletionRow]:
    requests = request_list(user=user).select_related(None)
    if campaign is not None:
        requests = requests.filter(campaign=campaign)
    rows = _completion(requests, "person__org_unit__name")
    return [
        CompletionRow(
            row["person__org_unit__name"] or "—", row["asked"], row["done"], row["overdue"]
        )
        for row in rows
    ]


def completion_by_version(*, user: AnyUser, policy: Policy | None = None) -> list[CompletionRow]:
    requests = request_list(user=user).select_related(None)
    if policy is not None:
        requests = requests.filter(campaign__version__policy=policy)
    rows = _completion(requests, "campaign__version_id")
    versions = {
        v.pk: v
        for v in PolicyVersion.objects.filter(
            pk__in=[r["campaign__version_id"] for r in rows]
        ).select_related("policy")
    }
    return [
        CompletionRow(
            str(versions[row["campaign__version_id"]]), row["asked"], row["done"], row["overdue"]
        )
        for row in rows
    ]


EVIDENCE_HEADER = (
    "policy",
    "version",
    "employee_id",
    "person",
    "org_unit",
    "requested_at",
    "deadline",
    "status",
    "acknowledged_at",
    "method",
)


def evidence_rows(
    *, user: AnyUser, campaign: AcknowledgementCampaign | None = None
) -> Iterator[tuple[object, ...]]:
    requests = request_list(user=user).order_by("campaign_id", "person__last_name")
    if campaign is not None:
        requests = requests.filter(campaign=campaign)
    for request in requests.iterator(chunk_size=2000):
        ack = request.acknowledgement
        yield (
            request.campaign.version.policy.key,
            request.campaign.version.number,
            request.person.employee_id,
            request.person.full_name,
            request.person.org_unit.code if request.person.org_unit else "",
            request.requested_at.isoformat(timespec="seconds"),
            request.campaign.deadline.isoformat(),
            request.status,
            ack.acknowledged_at.isoformat(timespec="seconds") if ack else "",
            ack.method if ack else "",
        )


def policy_get(*, user: AnyUser, pk: int) -> Policy | None:
    return policy_list(user=user).filter(pk=pk).first()


def policy_version_get(*, user: AnyUser, pk: int) -> PolicyVersion | None:
    return policy_version_list(user=user).filter(pk=pk).first()


def campaign_get(*, user: AnyUser, pk: int) -> AcknowledgementCampaign | None:
    return campaign_list(user=user).filter(pk=pk).first()
