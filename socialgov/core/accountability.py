"""One rule for moving the one person who answers for something: a channel's owner, a risk's
owner, an incident's lead, a policy's owner.

Only that person, a governance lead over the whole organisation or over the object's org unit,
or an admin may hand it to someone else. Whoever else may edit the object (a deputy, a channel
owner on a risk, an analyst on an incident) never moves the accountability alone. Each move is
told to the person who answered for it until then and to the governance leads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialgov.core import permissions
from socialgov.core.models import OrgUnit, Person, Role, User
from socialgov.core.permissions import AnyUser
from socialgov.core.texts import Message, register

register(
    {
        "core.notify.transfer": gettext_lazy("Change of %(role)s: %(subject)s"),
        "core.notify.transfer_body": gettext_lazy(
            "%(person)s is now the %(role)s of %(subject)s (previously %(previous)s)."
        ),
    }
)


def may_transfer(
    user: AnyUser, *, accountable_id: int | None, org_units: Iterable[OrgUnit | None] = ()
) -> bool:
    if not user.is_authenticated or permissions.is_read_only(user):
        return False
    if permissions.has_org_role(user, Role.ADMIN, Role.GOVERNANCE_LEAD):
        return True
    paths = tuple(permissions.org_unit_paths(user, Role.GOVERNANCE_LEAD))
    if paths and any(unit is not None and unit.path.startswith(paths) for unit in org_units):
        return True
    me = permissions.person_id(user)
    return me is not None and me == accountable_id


def require_transfer(
    actor: User | None,
    *,
    accountable_id: int | None,
    new_id: int | None,
    org_units: Iterable[OrgUnit | None] = (),
) -> None:
    """Refuse a change of the accountable person by someone the rule does not allow (system
    jobs, with no actor, may: a leaver's objects are handed on by them)."""
    if actor is None or new_id == accountable_id:
        return
    if not may_transfer(actor, accountable_id=accountable_id, org_units=org_units):
        raise PermissionDenied(
            _("Only the person accountable, a governance lead or an admin may hand this on.")
        )


def notify_transfer(
    *,
    actor: User | None,
    subject: Any,
    role: str,
    previous: Person | None,
    new: Person,
    url: str = "",
) -> None:
    """Tell the previous person and the governance leads (not whoever made the move).

    `role` is the message key of the role's noun ("risks.accountable.owner") and `subject` a
    message parameter naming the object (its name, a `localized_param` or a `Message`): the
    notification is composed in each recipient's language (`socialgov.core.texts`).
    """
    from socialgov.core.selectors import governance_leads
    from socialgov.core.services.notifications import notification_send

    if previous is not None and previous.pk == new.pk:
        return
    recipients = {person.pk: person for person in governance_leads() if person.is_active}
    if previous is not None and previous.is_active:
        recipients[previous.pk] = previous
    for skipped in (permissions.person_id(actor) if actor is not None else None, new.pk):
        if skipped is not None:
            recipients.pop(skipped, None)
    values = {"role": Message(role), "subject": subject, "person": str(new)}
    title = Message("core.notify.transfer", values)
    body = Message(
        "core.notify.transfer_body",
        {**values, "previous": str(previous) if previous is not None else "—"},
    )
    for person in recipients.values():
        notification_send(recipient=person, subject=title, body=body, url=url)
