"""Writes for awareness: campaigns, taking lessons and quizzes, reminders and recurrence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.awareness.content import ContentError, score_quiz
from socialgov.awareness.models import (
    Assignment,
    AssignmentStatus,
    Attempt,
    AwarenessCampaign,
    CampaignStatus,
    Recurrence,
    TrainingModule,
)
from socialgov.core.audit import audit_record
from socialgov.core.models import Person, User
from socialgov.core.services import notification_send
from socialgov.core.texts import Message, localized_param
from socialgov.policies.audience import Audience, resolve_audience
from socialgov.policies.follow_up import FollowUp, Step, follow_up_each

MAX_ANSWERS = 200


@transaction.atomic
def campaign_start(
    *,
    actor: User | None,
    title: str,
    modules: list[TrainingModule],
    audience: Audience,
    deadline: dt.date,
    recurrence: str = Recurrence.NONE,
    starts_on: dt.date | None = None,
    previous: AwarenessCampaign | None = None,
    notify: bool = True,
) -> AwarenessCampaign:
    """Assign `modules` to everyone in `audience`, due by `deadline`."""
    audience.clean()
    starts_on = starts_on or timezone.localdate()
    if not modules:
        raise ValidationError({"modules": _("Choose at least one training module.")})
    if deadline < starts_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the start.")})
    campaign = AwarenessCampaign(
        title=title.strip(),
        starts_on=starts_on,
        deadline=deadline,
        recurrence=recurrence,
        previous=previous,
        started_by=actor if actor and actor.pk else None,
    )
    audience.save_on(campaign)
    campaign.full_clean()
    campaign.save()
    campaign.modules.set(modules)
    campaign.audience_org_units.set(audience.org_units)
    people = sorted(resolve_audience(audience))
    units = dict(Person.objects.filter(pk__in=people).values_list("pk", "org_unit_id"))
    Assignment.objects.bulk_create(
        [
            Assignment(
                campaign=campaign, person_id=person_id, module=module, org_unit_id=units[person_id]
            )
            for person_id in people
            for module in modules
        ],
        batch_size=2000,
    )
    audit_record(
        actor=actor,
        verb="awareness_campaign.start",
        target=campaign,
        changes={
            "modules": [module.key for module in modules],
            "deadline": deadline,
            "recurrence": recurrence,
            "audience": audience.describe(),
            "people": len(people),
        },
    )
    if notify:
        subject = Message("awareness.notify.assigned", {"title": campaign.title})
        body = Message("awareness.notify.assigned_body", {"deadline": deadline.isoformat()})
        for person in Person.objects.filter(pk__in=people):
            notification_send(
                recipient=person, subject=subject, body=body, url=reverse("portal:home")
            )
    return campaign


@transaction.atomic
def campaign_close(*, actor: User | None, campaign: AwarenessCampaign) -> AwarenessCampaign:
    campaign = AwarenessCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.CLOSED:
        return campaign
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="awareness_campaign.close",
        target=campaign,
        changes={"status": [CampaignStatus.RUNNING, CampaignStatus.CLOSED]},
    )
    return campaign


def _own_open_assignment(actor: User | None, assignment: Assignment) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("campaign", "module")
        .get(pk=assignment.pk)
    )
    if actor is None or actor.person_id != assignment.person_id:
        raise ValidationError(_("This training was not assigned to you."))
    if assignment.campaign.status != CampaignStatus.RUNNING:
        raise ValidationError(_("This campaign is closed."))
    return assignment


@transaction.atomic
def assignment_start(*, actor: User | None, assignment: Assignment) -> Assignment:
    """The person opened the lessons."""
    assignment = _own_open_assignment(actor, assignment)
    if assignment.status == AssignmentStatus.ASSIGNED:
        assignment.status = AssignmentStatus.IN_PROGRESS
        assignment.save(update_fields=["status"])
        audit_record(
            actor=actor,
            verb="assignment.start",
            target=assignment,
            changes={"status": [AssignmentStatus.ASSIGNED, AssignmentStatus.IN_PROGRESS]},
        )
    return assignment


@transaction.atomic
def quiz_submit(
    *, actor: User | None, assignment: Assignment, answers: Mapping[str, object]
) -> Attempt:
    """Score one attempt; passing completes the assignment. Bad answers write nothing."""
    assignment = _own_open_assignment(actor, assignment)
    if assignment.status == AssignmentStatus.PASSED:
        raise ValidationError(_("You already passed this training."))
    if not isinstance(answers, Mapping) or len(answers) > MAX_ANSWERS:
        raise ValidationError({"answers": _("Give the answers per question.")})
    module = assignment.module
    try:
        result = score_quiz(module.questions(), answers, pass_mark=module.pass_mark)
    except ContentError as error:
        raise ValidationError({"answers": str(error)}) from None
    now = timezone.now()
    attempt = Attempt.objects.create(
        assignment=assignment,
        submitted_at=now,
        answers={str(key): value for key, value in answers.items()},
        correct=result.correct,
        total=result.total,
        score=result.score,
        passed=result.passed,
    )
    old_status = assignment.status
    assignment.attempt_count += 1
    assignment.best_score = max(assignment.best_score or 0, result.score)
    if result.passed:
        assignment.status = AssignmentStatus.PASSED
        assignment.completed_at = now
    else:
        assignment.status = AssignmentStatus.IN_PROGRESS
    assignment.save(update_fields=["attempt_count", "best_score", "status", "completed_at"])
    audit_record(
        actor=actor,
        verb="assignment.quiz_submit",
        target=assignment,
        changes={
            "score": result.score,
            "passed": result.passed,
            "attempt": assignment.attempt_count,
            "status": [old_status, assignment.status],
        },
    )
    return attempt


def awareness_follow_up(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind people before the deadline and tell their manager after it. Safe to rerun."""
    today = today or timezone.localdate()
    open_assignments = (
        Assignment.objects.exclude(status=AssignmentStatus.PASSED)
        .filter(campaign__status=CampaignStatus.RUNNING)
        .select_related("campaign", "module", "person__manager")
    )
    return follow_up_each(
        open_assignments.iterator(chunk_size=500),
        today=today,
        deadline_of=lambda assignment: assignment.campaign.deadline,
        act=_follow_up_one,
    )


def _module_title(assignment: Assignment) -> Any:
    """The module's title in the reader's language, its key when it has none."""
    title = assignment.module.title
    return localized_param(title) if isinstance(title, dict) and title else assignment.module.key


@transaction.atomic
def _follow_up_one(assignment: Assignment, follow_up: FollowUp) -> None:
    step, reminders_sent = follow_up.step, follow_up.reminders_sent
    deadline = assignment.campaign.deadline.isoformat()
    person = assignment.person
    manager = person.manager
    if step is Step.REMIND:
        notification_send(
            recipient=person,
            subject=Message("awareness.notify.reminder", {"title": _module_title(assignment)}),
            body=Message("awareness.notify.reminder_body", {"deadline": deadline}),
            url=reverse("portal:home"),
        )
        assignment.reminders_sent = reminders_sent
        assignment.save(update_fields=["reminders_sent"])
        verb = "assignment.remind"
    else:
        if manager is not None and manager.is_active:
            notification_send(
                recipient=manager,
                subject=Message(
                    "awareness.notify.escalated",
                    {"person": str(person), "title": _module_title(assignment)},
                ),
                body=Message("awareness.notify.escalated_body", {"deadline": deadline}),
                url=reverse("awareness:campaign-detail", args=[assignment.campaign_id]),
            )
        assignment.escalated_at = timezone.now()
        assignment.save(update_fields=["escalated_at"])
        verb = "assignment.escalate"
    audit_record(
        actor=None,
        verb=verb,
        target=assignment,
        changes={"person": person.pk, "manager": manager.pk if manager else None},
    )


def _add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def campaign_recur(*, today: dt.date | None = None) -> list[AwarenessCampaign]:
    """Start next year's run of every yearly campaign whose anniversary has come."""
    today = today or timezone.localdate()
    started = []
    due = AwarenessCampaign.objects.filter(
        recurrence=Recurrence.YEARLY, next_run__isnull=True
    ).prefetch_related("modules", "audience_org_units")
    for campaign in due:
        starts_on = _add_year(campaign.starts_on)
        if starts_on > today:
            continue
        with transaction.atomic():
            successor = campaign_start(
                actor=None,
                title=campaign.title,
                modules=list(campaign.modules.all()),
                audience=campaign.audience(),
                deadline=_add_year(campaign.deadline),
                recurrence=Recurrence.YEARLY,
                starts_on=starts_on,
                previous=campaign,
            )
            campaign_close(actor=None, campaign=campaign)
        started.append(successor)
    return started
