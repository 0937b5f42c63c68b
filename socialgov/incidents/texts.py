"""The incident texts the system writes, as messages composed in each reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register(
    {
        "incidents.notify.on_incident": _("You are on incident: %(title)s"),
        "incidents.notify.overdue": _("Incident overdue: %(title)s"),
        "incidents.accountable.lead": _("incident lead"),
        "incidents.lesson.title": _("Lesson from incident “%(title)s”"),
        "incidents.lesson.likelihood": _("proposed residual likelihood: %(value)d"),
        "incidents.lesson.control": _("control to add: %(control)s"),
        "incidents.lesson.note": _("note: %(note)s"),
    }
)
