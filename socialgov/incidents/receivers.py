"""A critical takeover alert opens an incident by itself, unless its rule says not to."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from socialgov.channels.services import impersonation_reported
from socialgov.monitoring.models import Alert


@receiver(post_save, sender=Alert, dispatch_uid="incidents.auto_open")
def alert_saved(sender: type[Alert], instance: Alert, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    from socialgov.incidents.services import incident_auto_open, wants_auto_open

    if wants_auto_open(instance):
        alert_id = instance.pk
        transaction.on_commit(lambda: incident_auto_open(alert_id=alert_id))


@receiver(impersonation_reported, dispatch_uid="incidents.from_impersonation")
def impersonation_triaged(sender: type[Any], account: Any, actor: Any, **kwargs: Any) -> None:
    """A lookalike triaged as an impersonation opens its incident in the same transaction."""
    from socialgov.incidents.intake import incident_open_from_impersonation

    incident_open_from_impersonation(actor=actor, account=account)
