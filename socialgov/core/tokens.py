"""Personal API tokens on the wire: knox checks the hash and the expiry, we note the last use
and carry the token's scope to the permission check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from knox.models import AuthToken

from socialgov.core.models import ApiToken, TokenScope

# Writing the last use on every request would make each read a write; a minute is precise enough.
LAST_USE_PRECISION = dt.timedelta(minutes=1)


class PersonalTokenAuthentication(TokenAuthentication):  # type: ignore[misc]  # knox: no types
    def validate_user(self, auth_token: AuthToken) -> tuple[Any, AuthToken]:
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        ApiToken.objects.filter(token=token).exclude(
            last_used_at__gt=now - LAST_USE_PRECISION
        ).update(last_used_at=now)
        return user, token


def token_may_write(auth: object) -> bool:
    """Whether the request's credentials allow writes (a session, or a read-write token)."""
    if not isinstance(auth, AuthToken):
        return True
    scope = ApiToken.objects.filter(token=auth).values_list("scope", flat=True).first()
    return scope == TokenScope.READ_WRITE


class PersonalTokenScheme(KnoxTokenScheme):  # type: ignore[no-untyped-call]  # untyped base
    """The schema's description of the header: knox's "Token <key>"."""

    target_class = "socialgov.core.tokens.PersonalTokenAuthentication"
    name = "personalApiToken"
