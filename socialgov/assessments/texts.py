"""The gap tasks the system writes, as messages composed in each reader's language (the
owner's in the e-mail, whoever turned the gaps into tasks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register(
    {
        "assessments.gap.title": _("Maturity gap: %(action)s"),
        "assessments.gap.description": _("%(question)s Level %(level)s, target %(target)s."),
    }
)
