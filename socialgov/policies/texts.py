"""The policy tasks the system writes, as messages composed in each reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register(
    {
        "policies.task.review": _("Review the policy %(policy)s"),
        "policies.task.review_body": _("Its review date was %(date)s."),
        "policies.accountable.owner": _("policy owner"),
    }
)
