"""Reads for awareness, including the completion dashboard, through the permission layer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from socialgov.awareness.models import (
    Assignment,
    AssignmentStatus,
    Attempt,
    AwarenessCampaign,
    CampaignStatus,
    TrainingModule,
)
from socialgov.core import permissions
from socialgov.core.models import OrgUnit
from socialgov.core.permissions import AnyUser


def module_list(*, user: AnyUser, active_only: bool = True) -> models.QuerySet[TrainingModule]:
    modules = TrainingModule.objects.all()
    if active_only:
        modules = modules.filter(is_active=True)
    return permissions.visible(user, modules)


def module_get(*, user: AnyUser, pk: int) -> TrainingModule | None:
    return module_list(user=user).filter(pk=pk).first()


def campaign_list(*, user: AnyUser) -> models.QuerySet[AwarenessCampaign]:
    return permissions.visible(user, AwarenessCampaign.objects.prefetch_related("modules"))


def campaign_get(*, user: AnyUser, pk: int) -> AwarenessCampaign | None:
    return campaign_list(user=user).filter(pk=pk).first()


def assignment_list(*, user: AnyUser) -> models.QuerySet[Assignment]:
    return permissions.visible(
        user, Assignment.objects.select_related("campaign", "module", "person__org_unit")
    )


def assignment_get(*, user: AnyUser, pk: int) -> Assignment | None:
    return assignment_list(user=user).filter(pk=pk).first()


def attempt_list(*, user: AnyUser) -> models.QuerySet[Attempt]:
    return permissions.visible(user, Attempt.objects.all())


def my_open_assignments(*, user: AnyUser) -> models.QuerySet[Assignment]:
    return (
        assignment_list(user=user)
        .filter(
            models.Q(person_id=permissions.person_id(user)),
            campaign__status=CampaignStatus.RUNNING,
        )
        .exclude(status=AssignmentStatus.PASSED)
        .order_by("campaign__deadline", "module__key")
    )


@dataclass(frozen=True)
class DashboardRow:
    label: str
    assigned: int
    attempted: int
    passed: int
    overdue: int

    @property
    def completion(self) -> float:
        return round(100 * self.passed / self.assigned, 1) if self.assigned else 0.0

    @property
    def pass_rate(self) -> float:
        """Of those who took the quiz at least once, the share who passed."""
        return round(100 * self.passed / self.attempted, 1) if self.attempted else 0.0


_COUNTS = {
    "assigned": Count("id"),
    "attempted": Count("id", filter=Q(attempt_count__gt=0)),
    "passed": Count("id", filter=Q(status=AssignmentStatus.PASSED)),
}


def _folded(
    rows: list[dict[str, Any]],
    group: str,
    labels: Mapping[Any, str],
    overdue_runs: set[int],
) -> list[DashboardRow]:
    """Sum per-campaign counts into one row per group. Everything not passed in a campaign
    whose deadline has gone is overdue, so no join to the campaign is needed in the query."""
    totals: dict[Any, list[int]] = {}
    for row in rows:
        total = totals.setdefault(row[group], [0, 0, 0, 0])
        total[0] += row["assigned"]
        total[1] += row["attempted"]
        total[2] += row["passed"]
        if row["campaign_id"] in overdue_runs:
            total[3] += row["assigned"] - row["passed"]
    return [
        DashboardRow(labels.get(key, "—"), *values)
        for key, values in sorted(totals.items(), key=lambda item: labels.get(item[0], ""))
    ]


@dataclass(frozen=True)
class Dashboard:
    by_org_unit: list[DashboardRow]
    by_module: list[DashboardRow]
    trend: list[DashboardRow]
    overdue: list[Assignment]


def dashboard(
    *, user: AnyUser, campaign: AwarenessCampaign | None = None, overdue_limit: int = 100
) -> Dashboard:
    """Completion and pass rate per org unit and module, overdue people, trend per campaign.
    Three grouped queries over the assignments the user may see, whatever their number."""
    today = timezone.localdate()
    runs = {
        c.pk: c
        for c in AwarenessCampaign.objects.only("pk", "title", "starts_on", "deadline", "status")
    }
    overdue_runs = {pk for pk, run in runs.items() if run.deadline < today}
    current_ids = (
        [campaign.pk]
        if campaign is not None
        else [pk for pk, run in runs.items() if run.status == CampaignStatus.RUNNING]
    )
    scoped = assignment_list(user=user).select_related(None).order_by()
    current = scoped.filter(campaign_id__in=current_ids)
    units = dict(OrgUnit.objects.values_list("pk", "name"))
    modules = {m.pk: str(m) for m in TrainingModule.objects.all()}
    by_unit: list[dict[str, Any]] = [
        dict(row) for row in current.values("org_unit_id", "campaign_id").annotate(**_COUNTS)
    ]
    by_module: list[dict[str, Any]] = [
        dict(row) for row in current.values("module_id", "campaign_id").annotate(**_COUNTS)
    ]
    per_run: list[dict[str, Any]] = [
        dict(row) for row in scoped.values("campaign_id").annotate(**_COUNTS)
    ]
    per_run.sort(key=lambda row: (runs[row["campaign_id"]].starts_on, row["campaign_id"]))
    trend = [
        DashboardRow(
            str(runs[row["campaign_id"]]),
            row["assigned"],
            row["attempted"],
            row["passed"],
            row["assigned"] - row["passed"] if row["campaign_id"] in overdue_runs else 0,
        )
        for row in per_run
    ]
    overdue = list(
        current.exclude(status=AssignmentStatus.PASSED)
        .filter(campaign_id__in=overdue_runs)
        .select_related("person__org_unit", "module", "campaign")
        .order_by("campaign__deadline", "person__last_name")[:overdue_limit]
    )
    return Dashboard(
        by_org_unit=_folded(by_unit, "org_unit_id", units, overdue_runs),
        by_module=_folded(by_module, "module_id", modules, overdue_runs),
        trend=trend,
        overdue=overdue,
    )


EVIDENCE_HEADER = (
    "campaign",
    "module",
    "employee_id",
    "person",
    "org_unit",
    "deadline",
    "status",
    "attempts",
    "best_score",
    "completed_at",
)


def evidence_rows(*, user: AnyUser, campaign: AwarenessCampaign) -> Iterator[tuple[object, ...]]:
    """One row per assignment the user may see, for auditors' spreadsheets."""
    assignments = (
        assignment_list(user=user)
        .filter(campaign=campaign)
        .select_related("org_unit")
        .order_by("person__last_name", "person__first_name", "module__key")
    )
    for assignment in assignments.iterator(chunk_size=2000):
        yield (
            campaign.title,
            assignment.module.key,
            assignment.person.employee_id,
            assignment.person.full_name,
            assignment.org_unit.code if assignment.org_unit else "",
            campaign.deadline.isoformat(),
            assignment.status,
            assignment.attempt_count,
            "" if assignment.best_score is None else assignment.best_score,
            assignment.completed_at.isoformat(timespec="seconds")
            if assignment.completed_at
            else "",
        )
