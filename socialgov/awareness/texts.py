"""The training notifications the system writes, as messages composed in each reader's
language when they are sent and listed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register(
    {
        "awareness.notify.assigned": _("New training for you: %(title)s"),
        "awareness.notify.assigned_body": _("Please complete it by %(deadline)s."),
        "awareness.notify.reminder": _("Reminder: complete the training %(title)s"),
        "awareness.notify.reminder_body": _("Deadline: %(deadline)s"),
        "awareness.notify.escalated": _("%(person)s has not completed the training %(title)s"),
        "awareness.notify.escalated_body": _("The deadline was %(deadline)s."),
    }
)
