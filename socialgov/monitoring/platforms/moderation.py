"""Moderating a comment on the organisation's own Facebook Page or Instagram account from the
alert that flagged it: hide (reversible) or delete, through the connector that read it. Which
posts can be moderated and how is the platform's business (`Platform.can_moderate`, today
only `platforms/meta.py`); who may, the checks and the audit trail are here.

Only someone who may handle the alert may do it, only for a comment that is evidence of that
alert, and every attempt is in the audit log, refused ones included, with who and when.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialgov.core import permissions
from socialgov.core.audit import audit_record
from socialgov.core.models import User
from socialgov.engine.sources import ConnectorError
from socialgov.engine.sources.http import HttpClient
from socialgov.monitoring.encryption import SecretsUnreadable
from socialgov.monitoring.models import Alert, AlertEvidence, Post
from socialgov.monitoring.platforms.registry import platform_for


class CommentAction(models.TextChoices):
    HIDE = "hide", gettext_lazy("Hide the comment")
    UNHIDE = "unhide", gettext_lazy("Show the comment again")
    DELETE = "delete", gettext_lazy("Delete the comment")


def can_moderate(post: Post) -> bool:
    return post.connector is not None and platform_for(post.connector.kind).can_moderate(post)


def comment_moderate(
    *,
    actor: User,
    alert: Alert,
    post: Post,
    action: str,
    http: HttpClient | None = None,
) -> Post:
    if action not in CommentAction.values:
        raise ValidationError(_("Unknown moderation action."))
    if not permissions.can_change(actor, alert):
        raise PermissionDenied
    if not AlertEvidence.objects.filter(alert=alert, finding__post=post).exists():
        raise ValidationError(_("This post is not evidence of this alert."))
    post = Post.objects.select_related("connector").get(pk=post.pk)
    if not can_moderate(post):
        raise ValidationError(
            _("Only comments on the organisation's Facebook or Instagram posts can be moderated.")
        )
    assert post.connector is not None
    from socialgov.monitoring.pipeline.ingest import http_client

    try:
        platform_for(post.connector.kind).moderate(post, action, http or http_client())
    except (ConnectorError, SecretsUnreadable) as error:
        with transaction.atomic():
            audit_record(
                actor=actor,
                verb="post.moderate",
                target=post,
                changes={"action": action, "alert": alert.pk, "result": f"refused: {error}"[:500]},
            )
        raise ValidationError(
            _("The platform refused: %(error)s") % {"error": str(error)[:300]}
        ) from error
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        post.raw = {**(post.raw or {}), "moderation": action}
        post.save(update_fields=["raw"])
        audit_record(
            actor=actor,
            verb="post.moderate",
            target=post,
            changes={"action": action, "alert": alert.pk, "result": "done"},
        )
    return post
