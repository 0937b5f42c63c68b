"""The portal tasks the system writes, as messages composed in each reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register({"portal.task.issue": _("Social media issue: %(summary)s")})
