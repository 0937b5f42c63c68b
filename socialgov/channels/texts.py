"""The channel texts the system writes (tasks and notifications about owners, deputies,
access reviews and impersonation), as messages composed in each reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.channels.models.choices import AccessRole
from socialgov.core.texts import register

register(
    {
        "channels.task.review_access": _("Review who has access to %(channel)s"),
        "channels.review.keep_or_revoke": _(
            "Keep or revoke each access grant of the channel by %(date)s."
        ),
        "channels.task.remove_holder": _("Remove %(holder)s from %(channel)s on the platform"),
        "channels.task.remove_holder_body": _(
            "The access review revoked this %(role)s access. Remove it in the platform's settings "
            "and mark this task done."
        ),
        "channels.notify.review_due": _("Access review of %(channel)s due in %(days)d day(s)"),
        "channels.notify.new_owner": _("You are now the owner of %(channel)s"),
        "channels.notify.new_owner_body": _(
            "You answer for this channel: its record, its access list and its risks."
        ),
        "channels.accountable.owner": _("channel owner"),
        "channels.task.find_owner": _("Find a new owner for %(channel)s"),
        "channels.task.find_owner_body": _(
            "%(person)s owned this channel and has left the organisation. Until a new owner is "
            "set, nobody answers for it."
        ),
        "channels.notify.deputy_left": _("%(channel)s needs a new deputy"),
        "channels.notify.deputy_left_body": _(
            "%(person)s, the deputy of this channel, has left the organisation."
        ),
        "channels.task.leaver_grant": _("Remove the access of %(person)s to %(channel)s"),
        "channels.task.leaver_grant_body": _(
            "%(person)s has left the organisation but still holds the %(role)s role."
        ),
        "channels.review.overdue": _("Overdue access review of %(channel)s"),
        "channels.review.overdue_deputy_body": _(
            "The access review of this channel was due on %(date)s and is not completed. As "
            "deputy, please complete it or make sure the owner does."
        ),
        "channels.review.overdue_lead_body": _(
            "The access review of this channel was due on %(date)s and is %(days)d day(s) late. "
            "The owner is %(owner)s."
        ),
        "channels.task.impersonation": _("Impersonation: %(account)s"),
        "channels.task.impersonation_body": _(
            "This account was triaged as impersonating the organisation. Report it to the "
            "platform and warn the public if needed.\n\n%(evidence)s"
        ),
    }
)

# A grant's role inside a sentence, with the label people see in the access list.
register({f"channels.role.{value}": label for value, label in AccessRole.choices})
