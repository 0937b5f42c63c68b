"""Incidents opened from elsewhere: an impersonation triage decision and the portal's
"report an issue". Both go through `incident_open`, so timeline, audit, notifications and the
KRI are the same as for any other incident."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.channels.models import DiscoveredAccount
from socialgov.core.models import Person, User
from socialgov.incidents.models import EntryKind, Incident, IncidentKind, IncidentSeverity
from socialgov.incidents.services import incident_open, timeline_add


@transaction.atomic
def incident_open_from_impersonation(
    *, actor: User | None, account: DiscoveredAccount, lead: Person | None = None
) -> Incident:
    """The lookalike account becomes an impersonation incident on the channel it copies."""
    account = DiscoveredAccount.objects.select_related("resembles__owner").get(pk=account.pk)
    channel = account.resembles
    if lead is None and channel is not None and channel.owner.is_active:
        lead = channel.owner
    if lead is None:
        from socialgov.core.selectors import governance_leads

        lead = next(iter(governance_leads()), None)
    incident = incident_open(
        actor=actor,
        title=(_("Impersonation: %(account)s") % {"account": account})[:300],
        kind=IncidentKind.IMPERSONATION,
        severity=IncidentSeverity.HIGH,
        lead=lead,
        evidence=account.evidence,
        channels=[channel] if channel is not None else [],
    )
    incident.discovered_accounts.add(account)
    timeline_add(
        incident=incident,
        actor=actor,
        kind=EntryKind.LINK,
        code="impersonation",
        params={"account": str(account)},
    )
    return incident


@transaction.atomic
def incident_open_from_report(
    *,
    actor: User,
    summary: str,
    details: str = "",
    link: str = "",
    urgent: bool = False,
    lead: Person,
) -> Incident:
    """An employee's report: they are its reporter and see its status in the portal."""
    if actor.person is None:
        raise ValidationError(_("Only people of the organisation can report an issue."))
    evidence = "\n".join(part for part in (details.strip()[:10_000], link.strip()[:2000]) if part)
    incident = incident_open(
        actor=actor,
        title=summary.strip()[:300],
        kind=IncidentKind.OTHER,
        severity=IncidentSeverity.HIGH if urgent else IncidentSeverity.MEDIUM,
        lead=lead,
        description=details.strip()[:10_000],
        evidence=evidence,
        reported_by=actor.person,
    )
    timeline_add(incident=incident, actor=actor, kind=EntryKind.OPENED, code="reported")
    return incident
