"""The policy tasks and notifications the system writes, as messages composed in each
reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register(
    {
        "policies.task.review": _("Review the policy %(policy)s"),
        "policies.task.review_body": _("Its review date was %(date)s."),
        "policies.accountable.owner": _("policy owner"),
        "policies.notify.review_version": _("Please review %(policy)s %(number)s"),
        "policies.notify.review_version_body": _("What changed: %(summary)s"),
        "policies.notify.acknowledge": _("Please read and acknowledge: %(title)s"),
        "policies.notify.acknowledge_body": _("Deadline: %(deadline)s"),
        "policies.notify.reminder": _("Reminder: please acknowledge %(title)s"),
        "policies.notify.reminder_body": _("Deadline: %(deadline)s"),
        "policies.notify.escalated": _("%(person)s has not acknowledged %(title)s"),
        "policies.notify.escalated_body": _("The deadline was %(deadline)s."),
    }
)
