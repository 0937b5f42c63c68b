"""Signed links in e-mails that take a person straight to the version they must acknowledge."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

LINK_SALT = "socialgov.policies.acknowledge"
LINK_MAX_AGE = 60 * 60 * 24 * 60


def acknowledgement_token(person_id: int, version_id: int) -> str:
    return signing.dumps({"p": person_id, "v": version_id}, salt=LINK_SALT)


def acknowledgement_url(person_id: int, version_id: int) -> str:
    return reverse("policies:acknowledge-link", args=[acknowledgement_token(person_id, version_id)])


def read_token(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    person, version = data.get("p"), data.get("v")
    if not isinstance(person, int) or not isinstance(version, int):
        return None
    return person, version
