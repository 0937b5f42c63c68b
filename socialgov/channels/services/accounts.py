"""Linked private accounts (declared by employees) and discovered lookalike accounts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.channels.models import (
    Channel,
    ChannelStatus,
    DiscoveredAccount,
    DiscoverySource,
    LinkedAccount,
    LinkRelation,
    LinkStatus,
    Platform,
    Triage,
    WatchScope,
)
from socialgov.channels.services.channels import channel_register
from socialgov.channels.services.common import clean_choice, clean_handle
from socialgov.core.audit import audit_record
from socialgov.core.models import Person, TaskPriority, User
from socialgov.core.selectors import governance_leads
from socialgov.core.services import task_create
from socialgov.core.texts import Message

TASK_IMPERSONATION = "impersonation"

# Sent with `account` (a DiscoveredAccount) and `actor` when an account is triaged as an
# impersonation, inside the transaction; the incidents app opens an incident from it.
impersonation_reported = Signal()

# Sent with `account` (a LinkedAccount) and `actor` when an employee withdraws a declaration,
# inside the transaction; monitoring stops collecting its posts and deletes those collected.
linked_account_withdrawn = Signal()


@transaction.atomic
def linked_account_declare(
    *,
    actor: User | None,
    person: Person,
    platform: str,
    handle: str,
    relation: str,
    consent_given: bool,
    url: str = "",
    watch: str = WatchScope.IMPERSONATION,
) -> LinkedAccount:
    """An employee declares one of their own accounts that is linked to the organisation."""
    if actor is None or actor.person_id != person.pk:
        raise PermissionDenied(_("Only the employee themselves can declare their accounts."))
    clean_choice(platform, Platform, "platform")
    clean_choice(relation, LinkRelation, "relation")
    clean_choice(watch, WatchScope, "watch")
    normalised, url = clean_handle(platform, handle, url)
    if LinkedAccount.objects.filter(
        person=person, platform=platform, handle=normalised, status=LinkStatus.ACTIVE
    ).exists():
        raise ValidationError({"handle": _("You have already declared this account.")})
    if watch != WatchScope.IMPERSONATION and not consent_given:
        raise ValidationError(
            {"consent_given": _("Watching public posts needs your explicit consent.")}
        )
    account = LinkedAccount(
        person=person,
        platform=platform,
        handle=normalised,
        url=url,
        relation=relation,
        consent_given=consent_given,
        consent_at=timezone.now() if consent_given else None,
        watch=watch,
    )
    account.full_clean()
    account.save()
    audit_record(
        actor=actor,
        verb="linked_account.declare",
        target=account,
        changes={
            "platform": platform,
            "relation": relation,
            "consent_given": consent_given,
            "watch": watch,
        },
    )
    return account


@transaction.atomic
def linked_account_withdraw(*, actor: User | None, account: LinkedAccount) -> LinkedAccount:
    """The employee withdraws a declaration (and with it any consent to watch)."""
    if actor is None or actor.person_id != account.person_id:
        raise PermissionDenied(_("Only the employee themselves can withdraw their declaration."))
    account = LinkedAccount.objects.select_for_update().get(pk=account.pk)
    if account.status == LinkStatus.WITHDRAWN:
        return account
    account.status = LinkStatus.WITHDRAWN
    account.withdrawn_at = timezone.now()
    account.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="linked_account.withdraw",
        target=account,
        changes={"status": [LinkStatus.ACTIVE, LinkStatus.WITHDRAWN]},
    )
    linked_account_withdrawn.send(sender=LinkedAccount, account=account, actor=actor)
    return account


@transaction.atomic
def discovered_account_record(
    *,
    actor: User | None,
    platform: str,
    handle: str,
    url: str = "",
    display_name: str = "",
    evidence: str = "",
    similarity: float | None = None,
    resembles: Channel | None = None,
    source: str = DiscoverySource.MANUAL,
) -> DiscoveredAccount:
    """Record an account that claims or resembles the brand; seen again, it is updated."""
    clean_choice(platform, Platform, "platform")
    clean_choice(source, DiscoverySource, "source")
    normalised, url = clean_handle(platform, handle, url)
    if Channel.objects.filter(platform=platform, handle=normalised).exists():
        raise ValidationError({"handle": _("This account is in the register already.")})
    if similarity is not None and not 0.0 <= similarity <= 1.0:
        raise ValidationError({"similarity": _("The similarity is a number from 0 to 1.")})
    account = DiscoveredAccount.objects.filter(platform=platform, handle=normalised).first()
    created = account is None
    if account is None:
        account = DiscoveredAccount(platform=platform, handle=normalised, source=source)
    account.url = url or account.url
    account.display_name = display_name.strip()[:200] or account.display_name
    if evidence.strip():
        account.evidence = (
            f"{account.evidence}\n{evidence.strip()}" if account.evidence else evidence.strip()
        )
    if similarity is not None:
        account.similarity = similarity
    account.resembles = resembles or account.resembles
    account.full_clean()
    account.save()
    audit_record(
        actor=actor,
        verb="discovered_account.record" if created else "discovered_account.update",
        target=account,
        changes={"platform": platform, "handle": normalised, "similarity": similarity},
    )
    return account


@transaction.atomic
def discovered_account_triage(
    *,
    actor: User | None,
    account: DiscoveredAccount,
    triage: str,
    note: str = "",
    owner: Person | None = None,
    purpose: str = "",
    audience: str = "",
) -> DiscoveredAccount:
    """Decide what a discovered account is. `ours` registers it (needs an owner, purpose and
    audience); `impersonation` raises a task for the governance lead and signals the incidents
    app; `harmless` and `ignored` only record the decision."""
    clean_choice(triage, Triage, "triage")
    if triage == Triage.NEW:
        raise ValidationError({"triage": _("Choose what this account is.")})
    account = DiscoveredAccount.objects.select_for_update().get(pk=account.pk)
    if account.triage != Triage.NEW:
        raise ValidationError({"triage": _("This account has been triaged already.")})
    old = account.triage
    account.triage = triage
    account.triage_note = note.strip()[:1000]
    account.triaged_at = timezone.now()
    account.triaged_by = actor
    if triage == Triage.OURS:
        if owner is None or not purpose or not audience:
            raise ValidationError(
                {"owner": _("Registering the account needs an owner, a purpose and an audience.")}
            )
        channel = channel_register(
            actor=actor,
            platform=account.platform,
            handle=account.handle,
            url=account.url,
            display_name=account.display_name,
            purpose=purpose,
            audience=audience,
            owner=owner,
            status=ChannelStatus.ACTIVE,
        )
        account.registered_as = channel
    elif triage == Triage.IMPERSONATION:
        responsible = (
            account.resembles.owner
            if account.resembles is not None and account.resembles.owner.is_active
            else next(iter(governance_leads()), None)
        )
        if responsible is not None:
            account.incident_task = task_create(
                actor=actor,
                title=Message("channels.task.impersonation", {"account": str(account)}),
                description=Message(
                    "channels.task.impersonation_body", {"evidence": account.evidence}
                ),
                owner=responsible,
                priority=TaskPriority.URGENT,
                source=TASK_IMPERSONATION,
                subject=account,
            )
    account.save()
    audit_record(
        actor=actor,
        verb="discovered_account.triage",
        target=account,
        changes={"triage": [old, triage], "note": account.triage_note},
    )
    if triage == Triage.IMPERSONATION:
        impersonation_reported.send(sender=DiscoveredAccount, account=account, actor=actor)
    return account
