"""Reads for awareness, including the completion dashboard, through the permission layer."""

from __future__ import annotations

from collections.abc import Mapping
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


def campaign_list(*, user: AnyUser) -> models.QuerySet[AwarenessCampaign]:
    return permissions.visible(user, AwarenessCampaign.objects.prefetch_related("modules"))


def assignment_list(*, user: AnyUser) -> models.QuerySet[Assignment]:
    return permissions.visible(
        user, Assignment.objects.select_related("campaign", "module", "person__org_unit")
    )


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


def _grouped(assignments: models.QuerySet[Assignment], group: str) -> list[dict]:  # type: ignore[type-arg]
    today = timezone.localdate()
    return list(
        assignments.values(group)
        .annotate(
            assigned=Count("id"),
            attempted=Count("id", filter=Q(attempt_count__gt=0)),
            passed=Count("id", filter=Q(status=AssignmentStatus.PASSED)),
            overdue=Count(
                "id",
                filter=~Q(status=AssignmentStatus.PASSED) & Q(campaign__deadline__lt=today),
            ),
        )
        .order_by(group)
    )


def _rows(rows: list[dict], group: str, labels: Mapping[Any, str]) -> list[DashboardRow]:  # type: ignore[type-arg]
    return [
        DashboardRow(
            labels.get(row[group], "—"),
            row["assigned"],
            row["attempted"],
            row["passed"],
            row["overdue"],
        )
        for row in rows
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
    Aggregated in the database: a handful of grouped queries whatever the number of people."""
    scoped = assignment_list(user=user).select_related(None).order_by()
    current = (
        scoped.filter(campaign=campaign)
        if campaign is not None
        else scoped.filter(campaign__status=CampaignStatus.RUNNING)
    )
    units = dict(OrgUnit.objects.values_list("pk", "name"))
    modules = {m.pk: str(m) for m in TrainingModule.objects.all()}
    runs = {c.pk: c for c in AwarenessCampaign.objects.only("pk", "title", "starts_on")}
    per_campaign = sorted(
        _grouped(scoped, "campaign_id"),
        key=lambda row: (runs[row["campaign_id"]].starts_on, row["campaign_id"]),
    )
    trend = _rows(per_campaign, "campaign_id", {pk: str(c) for pk, c in runs.items()})
    overdue = list(
        current.exclude(status=AssignmentStatus.PASSED)
        .filter(campaign__deadline__lt=timezone.localdate())
        .select_related("person__org_unit", "module", "campaign")
        .order_by("campaign__deadline", "person__last_name")[:overdue_limit]
    )
    return Dashboard(
        by_org_unit=_rows(_grouped(current, "person__org_unit_id"), "person__org_unit_id", units),
        by_module=_rows(_grouped(current, "module_id"), "module_id", modules),
        trend=trend,
        overdue=overdue,
    )
