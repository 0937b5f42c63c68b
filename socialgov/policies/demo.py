"""Demo: the employee social media policy, published to everyone, about half acknowledged."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from socialgov.core.demo import DemoContext, register_demo_builder
from socialgov.policies import services
from socialgov.policies.audience import Audience
from socialgov.policies.models import Policy, PolicyTemplate

DEMO_POLICY = "social-media-policy-employees"


@register_demo_builder
def build_policies_demo(context: DemoContext) -> None:
    if Policy.objects.filter(key=DEMO_POLICY).exists():
        return
    template = PolicyTemplate.objects.filter(key=DEMO_POLICY).first()
    if template is None:
        context.log.append(
            "Policies: no policy templates loaded (run `socialgov library load`); skipped."
        )
        return
    lead, admin = context.users["lead"], context.users["admin"]
    policy = services.policy_create_from_template(
        actor=admin,
        template=template,
        owner=context.people["E003"],
        approver=context.people["E021"],
    )
    services.policy_update(
        actor=admin, policy=policy, review_date=timezone.localdate() + dt.timedelta(days=365)
    )
    version = policy.versions.get()
    services.policy_version_submit(actor=admin, version=version)
    services.policy_version_approve(actor=lead, version=version)
    services.policy_version_publish(
        actor=lead,
        version=version,
        audience=Audience(everyone=True),
        deadline=timezone.localdate() + dt.timedelta(days=14),
    )
    # Every other person has acknowledged, the demo employee (E026) has not yet.
    for index, employee_id in enumerate(sorted(context.people)):
        if index % 2 == 0 and employee_id != "E026":
            services.policy_acknowledge(
                actor=None, person=context.people[employee_id], version=version
            )
    for key in ("social-media-policy-spokespeople", "internal-collaboration-tools"):
        services.policy_create_from_template(
            actor=admin,
            template=PolicyTemplate.objects.get(key=key),
            owner=context.people["E021"],
            approver=context.people["E017"],
        )
    context.log.append("policies: 3 policies, 1 published with a running campaign")
