"""The publishing notifications the system writes, composed in each reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register(
    {
        "publishing.notify.publish_failed": _("A post could not be published"),
        "publishing.notify.to_approve": _("A draft waits for your approval"),
        "publishing.notify.approved": _("Your draft is approved"),
        "publishing.notify.sent_back": _("Your draft was sent back"),
    }
)
