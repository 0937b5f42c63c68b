"""Reads of the usage app; every one checks the reader first."""

from __future__ import annotations

from django.db import models

from socialgov.core.permissions import AnyUser
from socialgov.usage.access import may_read_usage
from socialgov.usage.models import UsageReaderGrant, UsageReport


def usage_report_list(*, user: AnyUser) -> models.QuerySet[UsageReport]:
    if not may_read_usage(user):
        return UsageReport.objects.none()
    # The figures are left out of lists: only opening a report (which is audited) reads them.
    return UsageReport.objects.defer("figures", "rejections").select_related("uploaded_by")


def usage_report_get(*, user: AnyUser, pk: int) -> UsageReport | None:
    if not may_read_usage(user):
        return None
    return UsageReport.objects.filter(pk=pk).first()


def usage_reader_list() -> models.QuerySet[UsageReaderGrant]:
    return UsageReaderGrant.objects.select_related("user", "granted_by").order_by("user__username")
