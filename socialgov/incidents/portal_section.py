"""The employee portal's "your reports": the incidents the person reported and their status."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from socialgov.core import permissions
from socialgov.incidents.models import Incident
from socialgov.portal.sections import PortalItem, PortalSection, register_portal_section


@register_portal_section
def my_reports(request: HttpRequest) -> PortalSection | None:
    person = permissions.person_id(request.user)
    if person is None:
        return None
    reports = Incident.objects.filter(reported_by_id=person).order_by("-detected_at", "-id")[:20]
    items = [
        PortalItem(
            title=incident.display_title,
            url=reverse("incidents:incident-detail", args=[incident.pk]),
            note=str(incident.get_status_display()),
        )
        for incident in reports
    ]
    if not items:
        return None
    return PortalSection(title=_("Your reports"), items=items, order=80)
