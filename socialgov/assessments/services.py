"""Writes for assessments: starting, answering (save and resume), completing, gaps to tasks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.assessments import maturity
from socialgov.assessments.models import (
    Answer,
    Assessment,
    AssessmentGap,
    AssessmentStatus,
    MaturityModel,
    Respondent,
)
from socialgov.core.audit import audit_record
from socialgov.core.models import OrgUnit, Person, Task, TaskPriority, User
from socialgov.core.services import task_create
from socialgov.core.texts import Message, localized_param

GAP_SOURCE = "assessment_gap"
MAX_COMMENT = 5000


@transaction.atomic
def assessment_start(
    *,
    actor: User | None,
    model: MaturityModel,
    title: str,
    respondents: list[Person],
    org_unit: OrgUnit | None = None,
    previous: Assessment | None = None,
) -> Assessment:
    if not respondents:
        raise ValidationError({"respondents": _("Name at least one respondent.")})
    if previous is not None and previous.status != AssessmentStatus.COMPLETED:
        raise ValidationError({"previous": _("Compare only with a completed assessment.")})
    assessment = Assessment(
        model=model,
        title=title.strip(),
        org_unit=org_unit,
        previous=previous,
        started_by=actor if actor and actor.pk else None,
    )
    assessment.full_clean()
    assessment.save()
    Respondent.objects.bulk_create(
        [Respondent(assessment=assessment, person=person) for person in dict.fromkeys(respondents)]
    )
    audit_record(
        actor=actor,
        verb="assessment.start",
        target=assessment,
        changes={
            "model": f"{model.key} v{model.library_version}",
            "org_unit": org_unit.pk if org_unit else None,
            "respondents": [person.pk for person in respondents],
            "previous": previous.pk if previous else None,
        },
    )
    return assessment


@transaction.atomic
def assessment_add_respondent(
    *, actor: User | None, assessment: Assessment, person: Person
) -> Respondent:
    if assessment.status != AssessmentStatus.IN_PROGRESS:
        raise ValidationError(_("This assessment is completed."))
    respondent, created = Respondent.objects.get_or_create(assessment=assessment, person=person)
    if created:
        audit_record(
            actor=actor,
            verb="assessment.add_respondent",
            target=assessment,
            changes={"person": person.pk},
        )
    return respondent


def _respondent(assessment: Assessment, person: Person) -> Respondent:
    respondent = Respondent.objects.filter(assessment=assessment, person=person).first()
    if respondent is None:
        raise ValidationError(_("You are not a respondent of this assessment."))
    return respondent


@transaction.atomic
def assessment_answer(
    *,
    actor: User | None,
    assessment: Assessment,
    person: Person,
    answers: Mapping[str, str],
    comments: Mapping[str, str] | None = None,
    submit: bool = False,
) -> Respondent:
    """Save some or all of one respondent's answers (they can come back and change them)."""
    assessment = (
        Assessment.objects.select_for_update().select_related("model").get(pk=assessment.pk)
    )
    if assessment.status != AssessmentStatus.IN_PROGRESS:
        raise ValidationError(_("This assessment is completed; answers can no longer change."))
    respondent = _respondent(assessment, person)
    model = assessment.model.parsed()
    comments = comments or {}
    errors = []
    for question_key, choice_key in answers.items():
        question = model.question(str(question_key))
        if question is None:
            errors.append(_("No such question: %(key)s.") % {"key": str(question_key)[:80]})
        elif not isinstance(choice_key, str) or question.choice(choice_key) is None:
            errors.append(_("Question %(key)s has no such choice.") % {"key": question_key})
    for question_key in comments:
        if model.question(str(question_key)) is None:
            errors.append(_("No such question: %(key)s.") % {"key": str(question_key)[:80]})
    if errors:
        raise ValidationError({"answers": errors})
    now = timezone.now()
    for question_key, choice_key in answers.items():
        Answer.objects.update_or_create(
            respondent=respondent,
            question_key=question_key,
            defaults={
                "choice_key": choice_key,
                "comment": str(comments.get(question_key, ""))[:MAX_COMMENT],
                "answered_at": now,
            },
        )
    if submit:
        respondent.submitted_at = now
        respondent.save(update_fields=["submitted_at"])
    audit_record(
        actor=actor,
        verb="assessment.answer",
        target=assessment,
        changes={"respondent": person.pk, "answers": dict(answers), "submitted": submit},
    )
    return respondent


def answers_by_respondent(assessment: Assessment) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    rows = Answer.objects.filter(respondent__assessment=assessment).values_list(
        "respondent__person_id", "question_key", "choice_key"
    )
    model = assessment.model.parsed()
    for person_id, question_key, choice_key in rows:
        # Answers to questions a newer library version dropped are ignored, not fatal.
        question = model.question(question_key)
        if question is not None and question.choice(choice_key) is not None:
            found.setdefault(person_id, {})[question_key] = choice_key
    return found


def assessment_result(assessment: Assessment) -> maturity.Result:
    """The current result, from the answers so far (also while in progress)."""
    model = assessment.model.parsed()
    answers = answers_by_respondent(assessment)
    merged = maturity.merge_answers(model, answers)
    return maturity.score(model, merged, respondents=len(answers))


def result_to_json(result: maturity.Result) -> dict[str, object]:
    return {
        "overall": result.overall,
        "respondents": result.respondents,
        "domains": [dataclasses.asdict(domain) for domain in result.domains],
        "gaps": [dataclasses.asdict(gap) for gap in result.gaps],
        "unanswered": list(result.unanswered),
        "disagreements": [
            {"question": a.question, "levels": list(a.levels)} for a in result.disagreements
        ],
    }


@transaction.atomic
def assessment_complete(*, actor: User | None, assessment: Assessment) -> Assessment:
    """Freeze the result and record the gaps. Every question that counts needs an answer."""
    assessment = (
        Assessment.objects.select_for_update().select_related("model").get(pk=assessment.pk)
    )
    if assessment.status != AssessmentStatus.IN_PROGRESS:
        raise ValidationError(_("This assessment is already completed."))
    result = assessment_result(assessment)
    if result.unanswered:
        raise ValidationError(
            _("%(count)d question(s) still need an answer: %(keys)s.")
            % {"count": len(result.unanswered), "keys": ", ".join(result.unanswered[:10])}
        )
    AssessmentGap.objects.bulk_create(
        [
            AssessmentGap(
                assessment=assessment,
                domain_key=gap.domain,
                question_key=gap.question,
                level=gap.level,
                target_level=gap.target_level,
                question_text=gap.text,
                action=gap.action,
            )
            for gap in result.gaps
        ]
    )
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.overall_score = result.overall
    assessment.results = result_to_json(result)
    assessment.save()
    audit_record(
        actor=actor,
        verb="assessment.complete",
        target=assessment,
        changes={
            "overall": result.overall,
            "gaps": len(result.gaps),
            "respondents": result.respondents,
        },
    )
    return assessment


@transaction.atomic
def gap_tasks_create(
    *,
    actor: User | None,
    assessment: Assessment,
    owner: Person,
    due_date: dt.date | None = None,
    owners: Mapping[int, Person] | None = None,
    gap_ids: list[int] | None = None,
) -> list[Task]:
    """Turn the gaps (all, or those named) into tasks; each gap becomes a task once."""
    if assessment.status != AssessmentStatus.COMPLETED:
        raise ValidationError(_("Complete the assessment before turning its gaps into tasks."))
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})
    gaps = AssessmentGap.objects.select_for_update().filter(
        assessment=assessment, task__isnull=True
    )
    if gap_ids is not None:
        unknown = set(gap_ids) - set(
            AssessmentGap.objects.filter(assessment=assessment).values_list("pk", flat=True)
        )
        if unknown:
            raise ValidationError({"gaps": _("These gaps are not part of this assessment.")})
        gaps = gaps.filter(pk__in=gap_ids)
    owners = owners or {}
    tasks = []
    for gap in gaps:
        gap_owner = owners.get(gap.pk, owner)
        task = task_create(
            actor=actor,
            title=Message("assessments.gap.title", {"action": localized_param(gap.action)}),
            owner=gap_owner,
            description=Message(
                "assessments.gap.description",
                {
                    "question": localized_param(gap.question_text),
                    "level": gap.level,
                    "target": gap.target_level,
                },
            ),
            due_date=due_date,
            priority=TaskPriority.HIGH
            if gap.target_level - gap.level >= 2
            else TaskPriority.NORMAL,
            source=GAP_SOURCE,
            subject=assessment,
        )
        gap.task = task
        gap.save(update_fields=["task"])
        tasks.append(task)
    return tasks
