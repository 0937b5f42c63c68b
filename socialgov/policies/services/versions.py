"""Writes for policies and their versions: drafting, review, approval, publication, retirement."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.core import accountability
from socialgov.core.audit import audit_record, diff, snapshot
from socialgov.core.models import Person, Task, TaskStatus, User
from socialgov.core.permissions import has_org_role
from socialgov.core.services import notification_send, task_create
from socialgov.core.services.updates import model_update
from socialgov.core.texts import Message, localized_param
from socialgov.policies.audience import Audience
from socialgov.policies.models import (
    AcknowledgementCampaign,
    CampaignStatus,
    Policy,
    PolicyCategory,
    PolicyTemplate,
    PolicyVersion,
    VersionStatus,
)
from socialgov.policies.services.acknowledgements import (
    acknowledgement_campaign_start,
    check_deadline,
)
from socialgov.policies.text import clean_translations

POLICY_FIELDS = ("key", "title", "category", "owner", "approver", "review_date", "template_key")


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.APPROVED)


@transaction.atomic
def policy_create(
    *,
    actor: User | None,
    key: str,
    title: dict[str, str],
    owner: Person,
    category: str = PolicyCategory.OTHER,
    approver: Person | None = None,
    review_date: dt.date | None = None,
    template_key: str = "",
) -> Policy:
    policy = Policy(
        key=key.strip(),
        title=clean_translations(title, field="title", max_length=300),
        category=category,
        owner=owner,
        approver=approver,
        review_date=review_date,
        template_key=template_key,
    )
    policy.full_clean()
    policy.save()
    audit_record(
        actor=actor, verb="policy.create", target=policy, changes=snapshot(policy, POLICY_FIELDS)
    )
    return policy


@transaction.atomic
def policy_update(*, actor: User | None, policy: Policy, **fields: object) -> Policy:
    """Change the policy's facts; a new owner only by the accountability rule."""
    if "title" in fields:
        fields["title"] = clean_translations(fields["title"], field="title", max_length=300)
    previous = Policy.objects.select_related("owner").get(pk=policy.pk).owner
    new_owner = fields.get("owner")
    if isinstance(new_owner, Person):
        accountability.require_transfer(actor, accountable_id=previous.pk, new_id=new_owner.pk)
    policy, changes = model_update(
        actor=actor,
        instance=policy,
        data=fields,
        fields={"title", "category", "owner", "approver", "review_date"},
        audit_fields=POLICY_FIELDS,
    )
    if "owner" in changes:
        accountability.notify_transfer(
            actor=actor,
            subject=localized_param(policy.title) if policy.title else policy.key,
            role="policies.accountable.owner",
            previous=previous,
            new=policy.owner,
            url=reverse("policies:policy-detail", args=[policy.pk]),
        )
    return policy


def _summary(texts: dict[str, str]) -> dict[str, str]:
    return clean_translations(texts, field="change_summary", max_length=5000, optional=True)


@transaction.atomic
def policy_version_create(
    *,
    actor: User | None,
    policy: Policy,
    title: dict[str, str],
    body: dict[str, str],
    major: bool = False,
    change_summary: dict[str, str] | None = None,
) -> PolicyVersion:
    """Draft the next version: 1.0 first, then x+1.0 for a major change or x.y+1 for a minor one."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if policy.versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("This policy already has a version in preparation; finish or retire it first.")
        )
    latest = policy.versions.aggregate(major=Max("major"))["major"]
    if latest is None:
        number = (1, 0)
    elif major:
        number = (latest + 1, 0)
    else:
        minor = policy.versions.filter(major=latest).aggregate(minor=Max("minor"))["minor"]
        number = (latest, (minor or 0) + 1)
    version = PolicyVersion(
        policy=policy,
        major=number[0],
        minor=number[1],
        title=clean_translations(title, field="title", max_length=300),
        body=clean_translations(body, field="body"),
        change_summary=_summary(change_summary or {}),
        created_by=actor if actor and actor.pk else None,
    )
    version.full_clean()
    version.save()
    audit_record(
        actor=actor,
        verb="policy_version.create",
        target=version,
        changes={"number": version.number, "languages": sorted(version.body)},
    )
    return version


@transaction.atomic
def policy_version_update(
    *,
    actor: User | None,
    version: PolicyVersion,
    title: dict[str, str] | None = None,
    body: dict[str, str] | None = None,
    change_summary: dict[str, str] | None = None,
) -> PolicyVersion:
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be edited."))
    before = snapshot(version, ("title", "body", "change_summary"))
    if title is not None:
        version.title = clean_translations(title, field="title", max_length=300)
    if body is not None:
        version.body = clean_translations(body, field="body")
    if change_summary is not None:
        version.change_summary = _summary(change_summary)
    version.full_clean()
    version.save()
    changes = diff(before, snapshot(version, ("title", "body", "change_summary")))
    if changes:
        audit_record(actor=actor, verb="policy_version.update", target=version, changes=changes)
    return version


def _transition(
    *, actor: User | None, version: PolicyVersion, allowed_from: tuple[str, ...], to: str
) -> PolicyVersion:
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status not in allowed_from:
        raise ValidationError(
            _("A version that is %(status)s cannot become %(target)s.")
            % {
                "status": version.get_status_display(),
                "target": VersionStatus(to).label,
            }
        )
    old = version.status
    version.status = to
    return _saved(actor, version, old)


def _saved(actor: User | None, version: PolicyVersion, old: str) -> PolicyVersion:
    version.save()
    audit_record(
        actor=actor,
        verb=f"policy_version.{version.status}",
        target=version,
        changes={"status": [old, version.status]},
    )
    return version


@transaction.atomic
def policy_version_submit(*, actor: User | None, version: PolicyVersion) -> PolicyVersion:
    version = _transition(
        actor=actor,
        version=version,
        allowed_from=(VersionStatus.DRAFT,),
        to=VersionStatus.IN_REVIEW,
    )
    PolicyVersion.objects.filter(pk=version.pk).update(
        submitted_by=actor if actor and actor.pk else None
    )
    version.refresh_from_db()
    approver = version.policy.approver
    if approver is not None:
        notification_send(
            recipient=approver,
            subject=Message(
                "policies.notify.review_version",
                {"policy": localized_param(version.policy.title), "number": version.number},
            ),
            body=Message(
                "policies.notify.review_version_body",
                {"summary": localized_param(version.change_summary)},
            )
            if version.change_summary
            else "",
            url=reverse("policies:policy-detail", args=[version.policy_id]),
        )
    return version


@transaction.atomic
def policy_version_send_back(*, actor: User | None, version: PolicyVersion) -> PolicyVersion:
    return _transition(
        actor=actor,
        version=version,
        allowed_from=(VersionStatus.IN_REVIEW, VersionStatus.APPROVED),
        to=VersionStatus.DRAFT,
    )


@transaction.atomic
def policy_version_approve(*, actor: User, version: PolicyVersion) -> PolicyVersion:
    """Four eyes: the approver named on the policy (or an admin) approves, never the submitter."""
    version = PolicyVersion.objects.select_related("policy").get(pk=version.pk)
    approver_id = version.policy.approver_id
    if (
        approver_id is not None
        and actor.person_id != approver_id
        and not has_org_role(actor, "admin")
    ):
        raise ValidationError(_("Only the policy's approver can approve this version."))
    if version.submitted_by_id is not None and version.submitted_by_id == actor.pk:
        raise ValidationError(_("Whoever submitted a version cannot also approve it."))
    version = _transition(
        actor=actor,
        version=version,
        allowed_from=(VersionStatus.IN_REVIEW,),
        to=VersionStatus.APPROVED,
    )
    PolicyVersion.objects.filter(pk=version.pk).update(
        approved_by=actor, approved_at=timezone.now()
    )
    version.refresh_from_db()
    return version


@transaction.atomic
def policy_version_publish(
    *,
    actor: User | None,
    version: PolicyVersion,
    audience: Audience,
    deadline: dt.date,
    today: dt.date | None = None,
) -> AcknowledgementCampaign:
    """Publish an approved version (retiring the one it replaces) and ask its audience to
    acknowledge it by `deadline`."""
    audience.clean()
    check_deadline(deadline, today)
    current = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if current.status != VersionStatus.APPROVED:
        raise ValidationError(_("Only an approved version can be published."))
    now = timezone.now()
    # Retire the version it replaces first: a policy has one published version at a time.
    for previous in PolicyVersion.objects.select_for_update().filter(
        policy_id=current.policy_id, status=VersionStatus.PUBLISHED
    ):
        old = previous.status
        previous.status = VersionStatus.RETIRED
        previous.retired_at = now
        _saved(actor, previous, old)
    version = _transition(
        actor=actor,
        version=current,
        allowed_from=(VersionStatus.APPROVED,),
        to=VersionStatus.PUBLISHED,
    )
    version.published_at = now
    version.save(update_fields=["published_at", "updated_at"])
    return acknowledgement_campaign_start(
        actor=actor, version=version, audience=audience, deadline=deadline, today=today
    )


@transaction.atomic
def policy_version_retire(*, actor: User | None, version: PolicyVersion) -> PolicyVersion:
    version = _transition(
        actor=actor,
        version=version,
        allowed_from=(*OPEN_STATUSES, VersionStatus.PUBLISHED),
        to=VersionStatus.RETIRED,
    )
    version.retired_at = timezone.now()
    version.save(update_fields=["retired_at"])
    AcknowledgementCampaign.objects.filter(version=version).update(status=CampaignStatus.CLOSED)
    return version


@transaction.atomic
def policy_create_from_template(
    *,
    actor: User | None,
    template: PolicyTemplate,
    owner: Person,
    approver: Person | None = None,
    key: str = "",
) -> Policy:
    """A new policy with a first draft holding the library template's text."""
    policy = policy_create(
        actor=actor,
        key=key or template.key,
        title=template.title,
        category=template.category,
        owner=owner,
        approver=approver,
        template_key=template.key,
    )
    policy_version_create(
        actor=actor,
        policy=policy,
        title=template.title,
        body=template.body,
        change_summary={"en": f"library template {template.key} v{template.library_version}"},
    )
    return policy


REVIEW_SOURCE = "policy_review"


def policy_reviews_due(*, today: dt.date | None = None) -> list[Task]:
    """A task for the owner of each policy whose review date has come, once per review date."""
    today = today or timezone.localdate()
    policy_type = ContentType.objects.get_for_model(Policy)
    open_reviews = {
        pk
        for pk in Task.objects.filter(
            source=REVIEW_SOURCE,
            content_type=policy_type,
            status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS],
        ).values_list("object_id", flat=True)
        if pk is not None
    }
    created = []
    due = Policy.objects.filter(review_date__lte=today).select_related("owner")
    for policy in due.exclude(pk__in=open_reviews):
        if not policy.owner.is_active:
            continue
        with transaction.atomic():
            created.append(
                task_create(
                    actor=None,
                    title=Message(
                        "policies.task.review",
                        {"policy": localized_param(policy.title) if policy.title else policy.key},
                    ),
                    owner=policy.owner,
                    description=Message(
                        "policies.task.review_body",
                        {"date": policy.review_date.isoformat() if policy.review_date else ""},
                    ),
                    due_date=today + dt.timedelta(days=30),
                    source=REVIEW_SOURCE,
                    subject=policy,
                )
            )
    return created
