"""Building published policies quickly for tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from socialgov.core.models import Person, User
from socialgov.policies import services
from socialgov.policies.audience import Audience
from socialgov.policies.models import AcknowledgementCampaign, Policy, PolicyVersion

TEXT = {"en": "## Rules\nBe kind.", "nl": "## Regels\nWees vriendelijk."}


def make_policy(*, owner: Person, key: str = "employees") -> Policy:
    return services.policy_create(
        actor=None, key=key, title={"en": "Social media policy"}, owner=owner
    )


def publish(
    *,
    lead: User,
    approver: User,
    policy: Policy,
    audience: Audience | None = None,
    major: bool = False,
    deadline: dt.date | None = None,
    body: dict[str, str] | None = None,
) -> tuple[PolicyVersion, AcknowledgementCampaign]:
    version = services.policy_version_create(
        actor=lead, policy=policy, title={"en": "Policy"}, body=body or TEXT, major=major
    )
    services.policy_version_submit(actor=lead, version=version)
    services.policy_version_approve(actor=approver, version=version)
    campaign = services.policy_version_publish(
        actor=lead,
        version=version,
        audience=audience or Audience(everyone=True),
        deadline=deadline or timezone.localdate() + dt.timedelta(days=14),
    )
    version.refresh_from_db()
    return version, campaign
