from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from socialgov.core import permissions
from socialgov.web.navigation import NAVIGATION


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    roles = permissions.roles_of(user)
    items = [item for item in NAVIGATION if item.roles is None or item.roles & roles]
    return {"navigation": items, "user_roles": sorted(roles)}
