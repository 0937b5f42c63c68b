"""Response actions taken from an incident, where a connector or the register allows them:
hide or delete a comment (the Meta moderation of monitoring), mark a lookalike account as
reported to the platform, revoke an access grant. Each is audited and on the timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.channels.models import AccessGrant, DiscoveredAccount
from socialgov.core.audit import audit_record
from socialgov.core.models import User
from socialgov.engine.sources.http import HttpClient
from socialgov.incidents.models import EntryKind, Incident
from socialgov.incidents.services import timeline_add
from socialgov.monitoring.models import Alert, Post


def incident_moderate_comment(
    *, actor: User, incident: Incident, post: Post, action: str, http: HttpClient | None = None
) -> Post:
    """Hide or delete a comment that is evidence of one of the incident's alerts."""
    from socialgov.monitoring.platforms.moderation import CommentAction, comment_moderate

    if action not in (CommentAction.HIDE, CommentAction.DELETE):
        raise ValidationError({"action": _("Unknown moderation action.")})
    alert = Alert.objects.filter(incidents=incident, evidence__finding__post=post).first()
    if alert is None:
        raise ValidationError({"post": _("This post is not evidence of this incident.")})
    post = comment_moderate(actor=actor, alert=alert, post=post, action=action, http=http)
    with transaction.atomic():
        code = "comment_hidden" if action == CommentAction.HIDE else "comment_deleted"
        timeline_add(
            incident=incident,
            actor=actor,
            kind=EntryKind.ACTION,
            code=code,
            params={"post": post.url or post.external_id, "post_id": post.pk},
        )
        audit_record(
            actor=actor,
            verb="incident.moderate_comment",
            target=incident,
            changes={"post": post.pk, "action": action},
        )
    return post


@transaction.atomic
def incident_report_account(
    *, actor: User, incident: Incident, account: DiscoveredAccount, note: str = ""
) -> DiscoveredAccount:
    """Record that a linked lookalike account was reported to its platform."""
    if not incident.discovered_accounts.filter(pk=account.pk).exists():
        raise ValidationError({"account": _("This account is not linked to this incident.")})
    timeline_add(
        incident=incident,
        actor=actor,
        kind=EntryKind.ACTION,
        code="account_reported",
        params={"account": str(account), "account_id": account.pk},
        text=note.strip()[:2000],
    )
    audit_record(
        actor=actor,
        verb="discovered_account.reported",
        target=account,
        changes={"incident": incident.pk},
    )
    return account


@transaction.atomic
def incident_revoke_grant(*, actor: User, incident: Incident, grant: AccessGrant) -> AccessGrant:
    """Revoke an access grant on one of the incident's channels (e.g. after a takeover)."""
    from socialgov.channels.services import access_grant_revoke

    if not incident.channels.filter(pk=grant.channel_id).exists():
        raise ValidationError({"grant": _("This grant is not on a channel of this incident.")})
    grant = access_grant_revoke(actor=actor, grant=grant)
    timeline_add(
        incident=incident,
        actor=actor,
        kind=EntryKind.ACTION,
        code="grant_revoked",
        params={"grant": str(grant), "grant_id": grant.pk},
    )
    audit_record(
        actor=actor, verb="incident.revoke_grant", target=incident, changes={"grant": grant.pk}
    )
    return grant


def incident_posts(incident: Incident) -> list[Post]:
    """The posts that are evidence of the incident's alerts (the ones a response can act on)."""
    from socialgov.monitoring.platforms.moderation import can_moderate

    posts = Post.objects.filter(findings__alerts__incidents=incident)
    found = posts.select_related("connector").distinct().order_by("pk")[:100]
    return [post for post in found if can_moderate(post)]
