from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from socialgov.core import permissions
from socialgov.web.navigation import NAVIGATION, SECTION_LABELS, Section


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    roles = permissions.roles_of(user)
    items = [item for item in NAVIGATION if item.visible_to(user, roles)]
    sections = [
        {
            "key": section.value,
            "label": SECTION_LABELS[section],
            "items": [item for item in items if item.section == section],
        }
        for section in Section
    ]
    return {
        "navigation": items,
        "navigation_sections": [section for section in sections if section["items"]],
        "user_roles": sorted(roles),
    }
