from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socialgov.assessments import selectors
from socialgov.assessments.models import AssessmentStatus
from socialgov.core import permissions
from socialgov.web.dashboard import Card, register_cards


@register_cards
def assessment_cards(user: permissions.AnyUser) -> list[Card]:
    person = permissions.person_id(user)
    to_answer = (
        selectors.assessment_list(user=user)
        .filter(
            Q(respondents__person_id=person),
            status=AssessmentStatus.IN_PROGRESS,
            respondents__submitted_at__isnull=True,
        )
        .count()
    )
    cards = []
    if to_answer:
        cards.append(
            Card(
                _("Assessments to answer"),
                to_answer,
                reverse("assessments:assessment-list"),
                tone="warning",
                order=14,
            )
        )
    latest = (
        selectors.assessment_list(user=user)
        .filter(status=AssessmentStatus.COMPLETED, org_unit__isnull=True)
        .order_by("-completed_at")
        .first()
    )
    if latest is not None and latest.overall_score is not None:
        cards.append(
            Card(
                _("Governance maturity (1 to 5)"),
                f"{latest.overall_score:.1f}",
                reverse("assessments:assessment-detail", args=[latest.pk]),
                order=66,
            )
        )
    return cards
