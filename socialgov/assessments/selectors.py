"""Reads for assessments and the views of a result: domains, radar, gaps, comparison."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socialgov.assessments import maturity
from socialgov.assessments.models import Assessment, AssessmentStatus, MaturityModel
from socialgov.assessments.radar import Series, radar_svg
from socialgov.assessments.services import answers_by_respondent, assessment_result
from socialgov.core import permissions
from socialgov.core.permissions import AnyUser
from socialgov.policies.text import localized


def model_list(*, user: AnyUser) -> models.QuerySet[MaturityModel]:
    return permissions.visible(user, MaturityModel.objects.all())


def assessment_list(*, user: AnyUser) -> models.QuerySet[Assessment]:
    return permissions.visible(
        user, Assessment.objects.select_related("model", "org_unit", "previous")
    )


def result_of(assessment: Assessment) -> maturity.Result:
    """Frozen scores for a completed assessment, live ones while it is in progress."""
    return assessment_result(assessment)


def domain_scores(assessment: Assessment) -> dict[str, float | None]:
    if assessment.status == AssessmentStatus.COMPLETED and assessment.results:
        return {d["domain"]: d["score"] for d in assessment.results.get("domains", [])}
    return {d.domain: d.score for d in result_of(assessment).domains}


@dataclass(frozen=True)
class DomainRow:
    key: str
    title: str
    score: float | None
    previous: float | None
    change: maturity.Change


def domain_rows(assessment: Assessment) -> list[DomainRow]:
    model = assessment.model.parsed()
    now = domain_scores(assessment)
    before = domain_scores(assessment.previous) if assessment.previous else {}
    changes = {c.key: c for c in maturity.compare(before, now)}
    language = get_language()
    return [
        DomainRow(
            domain.key,
            str(localized(domain.title, language)),
            now.get(domain.key),
            before.get(domain.key) if assessment.previous else None,
            changes[domain.key],
        )
        for domain in model.domains
    ]


def radar_for(assessment: Assessment) -> str:
    rows = domain_rows(assessment)
    series = [Series(assessment.title, [row.score for row in rows], "current")]
    if assessment.previous is not None:
        series.insert(
            0, Series(assessment.previous.title, [row.previous for row in rows], "previous")
        )
    return radar_svg([row.title for row in rows], series, title=_("Maturity per domain (1 to 5)"))


def question_changes(assessment: Assessment) -> list[maturity.Change]:
    """Per question, what improved and what slipped since the earlier assessment."""
    if assessment.previous is None:
        return []

    def levels(item: Assessment) -> dict[str, float | None]:
        model = item.model.parsed()
        merged = maturity.merge_answers(model, answers_by_respondent(item))
        return {key: round(answer.level, 2) for key, answer in merged.items()}

    return [
        change
        for change in maturity.compare(levels(assessment.previous), levels(assessment))
        if change.direction in ("improved", "slipped")
    ]


def assessment_get(*, user: AnyUser, pk: int) -> Assessment | None:
    return assessment_list(user=user).filter(pk=pk).first()
