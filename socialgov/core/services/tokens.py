from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

from socialgov.core.audit import audit_record
from socialgov.core.models import ApiToken, TokenScope, User

MAX_TOKEN_DAYS = 365


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, scope: str = TokenScope.READ, days: int = 30
) -> tuple[ApiToken, str]:
    """A personal token for `actor`; the key is returned once and only its hash is kept."""
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Choose read only or read and write.")})
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            {"days": _("A token lasts between 1 and %(max)d days.") % {"max": MAX_TOKEN_DAYS}}
        )
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    knox_token, key = AuthToken.objects.create(user=actor, expiry=dt.timedelta(days=days))
    token = ApiToken(token=knox_token, name=name, scope=scope)
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        verb="api_token.create",
        target=token,
        changes={"name": name, "scope": scope, "expiry": knox_token.expiry},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke one of the actor's own tokens (nobody revokes another person's by this path)."""
    if token.token.user_id != actor.pk:
        raise PermissionDenied(_("You can revoke only your own tokens."))
    audit_record(
        actor=actor,
        verb="api_token.revoke",
        target=token,
        changes={"name": token.name, "scope": token.scope},
    )
    token.token.delete()
