"""Who may see and change policies, versions, campaigns and acknowledgements."""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register
from socialgov.policies.models import (
    Acknowledgement,
    AcknowledgementCampaign,
    AcknowledgementRequest,
    PolicyVersion,
    VersionStatus,
)
from socialgov.policies.models import Policy as GuidelinePolicy


@register(GuidelinePolicy)
class GuidelinePolicyPolicy(Policy):
    """Everyone reads the guidelines that are published; their owner also reads and edits them."""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        published = models.Q(versions__status=VersionStatus.PUBLISHED)
        owned = models.Q(owner_id=permissions.person_id(user))
        return queryset.filter(published | owned).distinct()

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        person = permissions.person_id(user)
        return person is not None and obj.owner_id == person


@register(PolicyVersion)
class PolicyVersionPolicy(Policy):
    """Published versions are public inside the organisation; drafts belong to the owner and the
    approver of the policy."""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        person = permissions.person_id(user)
        return queryset.filter(
            models.Q(status=VersionStatus.PUBLISHED)
            | models.Q(policy__owner_id=person)
            | models.Q(policy__approver_id=person)
        )

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        person = permissions.person_id(user)
        return person is not None and person in (obj.policy.owner_id, obj.policy.approver_id)


@register(AcknowledgementCampaign)
class AcknowledgementCampaignPolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.filter(version__policy__owner_id=permissions.person_id(user))

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return bool(obj.version.policy.owner_id == permissions.person_id(user))


class _PersonalRecordPolicy(Policy):
    """A person sees their own rows; a governance lead of an org unit sees those of the unit;
    the owner of a policy sees those of their policy (to follow its campaigns)."""

    policy_lookup = ""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        person = permissions.person_id(user)
        own = models.Q(person_id=person)
        units = permissions.org_unit_q(user, "person__org_unit", Role.GOVERNANCE_LEAD)
        owned = models.Q(**{f"{self.policy_lookup}__owner_id": person})
        return queryset.filter(own | units | owned)


@register(Acknowledgement)
class AcknowledgementPolicy(_PersonalRecordPolicy):
    policy_lookup = "version__policy"

    def can_create(self, user: AnyUser) -> bool:
        # Anyone acknowledges for themselves; the service checks what was addressed to them.
        return (
            user.is_authenticated
            and not permissions.is_read_only(user)
            and permissions.person_id(user) is not None
        )


@register(AcknowledgementRequest)
class AcknowledgementRequestPolicy(_PersonalRecordPolicy):
    policy_lookup = "campaign__version__policy"
