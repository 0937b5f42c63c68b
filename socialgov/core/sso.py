"""Single sign-on (OpenID Connect and SAML alike): who a provider's sign-in is, here.

One rule for both protocols, applied before allauth logs anyone in:
- the sign-in is matched to a person of the register by an e-mail address the provider
  verified (an unverified one could name anybody);
- that person's login is used; without one, a login is created only when
  SOCIALGOV_SSO_CREATE_USERS is on, and it gets no role;
- a role comes from the provider only through an explicit SOCIALGOV_SSO_ROLE_MAP entry for one
  of the groups it lists; an unmapped group gives nothing. Such a grant is marked as the
  provider's, and is revoked (with its audit event) at the first sign-in whose groups no
  longer map to it; a role granted in socialgov stays whatever the provider says.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from socialgov.core.models import EmploymentStatus, Person, Role, User
from socialgov.core.services.people import user_create
from socialgov.core.services.roles import sso_roles_sync

logger = logging.getLogger(__name__)


def verified_email(sociallogin: Any) -> str | None:
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return str(address.email).lower()
    return None


def provider_groups(sociallogin: Any) -> list[str]:
    """The groups the provider listed: an OpenID Connect claim (userinfo or ID token) or a SAML
    attribute, named by SOCIALGOV_SSO_GROUPS_ATTRIBUTE."""
    name = settings.SOCIALGOV_SSO_GROUPS_ATTRIBUTE
    data = sociallogin.account.extra_data or {}
    sources = [data.get("userinfo") or {}, data.get("id_token") or {}, data]
    for source in sources:
        value = source.get(name) if isinstance(source, dict) else None
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [str(item) for item in value]
    return []


def mapped_roles(groups: list[str]) -> list[str]:
    mapping: dict[str, str] = settings.SOCIALGOV_SSO_ROLE_MAP
    roles = []
    for group in groups:
        role = mapping.get(group)
        if role in Role.values and role not in roles:
            roles.append(role)
        elif role is not None and role not in Role.values:
            logger.warning("SOCIALGOV_SSO_ROLE_MAP names an unknown role %r", role)
    return roles


def _refuse(request: HttpRequest, message: str) -> None:
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("account_login"))


def match_sign_in(request: HttpRequest, sociallogin: Any) -> None:
    """Connect the provider's sign-in to a person's login, or refuse it with a message."""
    if not sociallogin.is_existing:
        email = verified_email(sociallogin)
        if email is None:
            _refuse(
                request,
                _(
                    "The identity provider did not confirm your e-mail address, so it cannot "
                    "be matched to a person. Ask an administrator."
                ),
            )
            return
        person = Person.objects.filter(email__iexact=email).first()
        if person is None or person.employment_status != EmploymentStatus.ACTIVE:
            _refuse(
                request,
                _("Nobody in the people register has this e-mail address. Ask an administrator."),
            )
            return
        user = User.objects.filter(person=person).first()
        if user is None:
            if not settings.SOCIALGOV_SSO_CREATE_USERS:
                _refuse(
                    request,
                    _(
                        "You have no account yet, and single sign-on does not create one. "
                        "Ask an administrator to give you access."
                    ),
                )
                return
            user = user_create(actor=None, username=email, password=None, person=person)
        sociallogin.connect(request, user)
    sso_roles_sync(user=sociallogin.user, roles=mapped_roles(provider_groups(sociallogin)))
