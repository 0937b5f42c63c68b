"""Channels in and out of spreadsheets.

Import is all-or-nothing: every row is checked first, and one bad row rejects the whole file
with every problem listed by line. A channel is matched on platform and normalised handle, so
importing the same file again updates rather than duplicates.

Export goes through the shared formula-safe writer (socialgov.core.spreadsheet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from socialgov.channels.handles import HandleError, check_url, normalise_handle
from socialgov.channels.models import (
    Answer,
    Audience,
    Channel,
    ChannelStatus,
    CredentialCustody,
    DiscoveredAccount,
    DiscoverySource,
    Platform,
    Purpose,
)
from socialgov.channels.services import (
    channel_assign_owner,
    channel_register,
    channel_set_deputy,
    channel_update,
    discovered_account_record,
)
from socialgov.channels.services.common import handle_error_text
from socialgov.core.models import OrgUnit, Person, User
from socialgov.core.people_import import ImportRejected, ImportReport, RowError
from socialgov.core.tabular import Row

REQUIRED_COLUMNS = ("platform", "handle", "purpose", "audience", "owner")
EXPORT_COLUMNS = (
    "platform",
    "handle",
    "url",
    "display_name",
    "purpose",
    "audience",
    "brand",
    "org_unit",
    "status",
    "owner",
    "deputy",
    "reach",
    "verified",
    "started_on",
    "mfa",
    "credential_custody",
    "recovery_email_owned",
    "recovery_phone_owned",
    "third_party_apps",
    "admin_count",
    "review_every_days",
    "last_reviewed_on",
)
_CHOICE_COLUMNS: dict[str, type[models.TextChoices]] = {
    "platform": Platform,
    "purpose": Purpose,
    "audience": Audience,
    "status": ChannelStatus,
    "mfa": Answer,
    "credential_custody": CredentialCustody,
    "recovery_email_owned": Answer,
    "recovery_phone_owned": Answer,
}
_INT_COLUMNS = ("reach", "third_party_apps", "admin_count", "review_every_days")
_TRUE = {"1", "yes", "true", "ja", "oui", "y", "x"}
_FALSE = {"", "0", "no", "false", "nee", "non", "n"}


def _person_lookup() -> dict[str, Person]:
    people: dict[str, Person] = {}
    for person in Person.objects.all():
        people[person.employee_id.lower()] = person
        people[person.email.lower()] = person
    return people


def _check_row(
    row: Row,
    errors: list[RowError],
    people: dict[str, Person],
    units: dict[str, OrgUnit],
) -> dict[str, Any]:
    raw = {key: (value or "").strip() for key, value in row.values.items()}
    values: dict[str, Any] = {}

    def fail(column: str, message: str) -> None:
        errors.append(RowError(row.line, column, message))

    for column in REQUIRED_COLUMNS:
        if not raw.get(column):
            fail(column, _("is required"))
    for column, choices in _CHOICE_COLUMNS.items():
        value = raw.get(column, "").lower()
        if not value:
            continue
        if value not in choices.values:
            fail(column, _("must be one of %(values)s") % {"values": ", ".join(choices.values)})
        else:
            values[column] = value
    platform = values.get("platform")
    if platform and raw.get("handle"):
        try:
            if raw.get("url"):
                values["url"] = check_url(platform, raw["url"])
            values["handle"] = normalise_handle(platform, raw["handle"])
        except HandleError as error:
            fail("handle", handle_error_text(error))
    for column in ("owner", "deputy"):
        key = raw.get(column, "").lower()
        if not key:
            continue
        person = people.get(key)
        if person is None:
            fail(column, _("no employee with ID or e-mail %(key)s") % {"key": raw[column]})
        elif not person.is_active and column == "deputy":
            fail(column, _("%(name)s has left the organisation") % {"name": person})
        else:
            # An owner who left is accepted only for the orphaned channel they still hold
            # (an exported register read back in); _apply refuses it anywhere else.
            values[column] = person
    if values.get("deputy") is not None and values.get("deputy") == values.get("owner"):
        fail("deputy", _("the deputy cannot be the owner"))
    if raw.get("org_unit"):
        unit = units.get(raw["org_unit"])
        if unit is None:
            fail("org_unit", _("unknown org unit %(code)s") % {"code": raw["org_unit"]})
        values["org_unit"] = unit
    for column in _INT_COLUMNS:
        if raw.get(column):
            try:
                number = int(raw[column])
                if number < 0:
                    raise ValueError
            except ValueError:
                fail(column, _("must be a whole number of zero or more"))
            else:
                values[column] = number
    if "verified" in raw:
        if raw["verified"].lower() not in _TRUE | _FALSE:
            fail("verified", _("must be yes or no"))
        values["verified"] = raw["verified"].lower() in _TRUE
    for column in ("started_on", "last_reviewed_on"):
        if raw.get(column):
            try:
                values[column] = dt.date.fromisoformat(raw[column][:10])
            except ValueError:
                fail(column, _("must be a date like 2026-01-31"))
    for column, limit in (("display_name", 200), ("brand", 200)):
        if len(raw.get(column, "")) > limit:
            fail(column, _("is longer than %(n)d characters") % {"n": limit})
        elif raw.get(column):
            values[column] = raw[column]
    return values


def channels_import(*, actor: User | None, rows: list[Row]) -> ImportReport:
    present = set(rows[0].values) if rows else set()
    errors = [
        RowError(1, name, _("column is missing"))
        for name in REQUIRED_COLUMNS
        if name not in present
    ]
    if errors or not rows:
        raise ImportRejected(errors or [RowError(1, "file", _("has no rows"))])
    people = _person_lookup()
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    checked: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        values = _check_row(row, errors, people, units)
        key = (values.get("platform", ""), values.get("handle", ""))
        if all(key):
            if key in seen:
                errors.append(
                    RowError(row.line, "handle", _("repeats line %(n)d") % {"n": seen[key]})
                )
            seen[key] = row.line
        checked.append((row.line, values))
    if errors:
        raise ImportRejected(errors)

    report = ImportReport()
    with transaction.atomic():
        existing = {
            (channel.platform, channel.handle): channel
            for channel in Channel.objects.filter(handle__in=[key[1] for key in seen])
        }
        for line, values in checked:
            try:
                _apply(actor, values, existing.get((values["platform"], values["handle"])), report)
            except ValidationError as error:
                messages = getattr(error, "message_dict", {"row": error.messages})
                errors.extend(
                    RowError(line, field, "; ".join(texts)) for field, texts in messages.items()
                )
        if errors:
            # Undo the rows already written: the file goes in whole or not at all.
            transaction.set_rollback(True)
    if errors:
        raise ImportRejected(errors)
    return report


def _apply(
    actor: User | None, values: dict[str, Any], channel: Channel | None, report: ImportReport
) -> None:
    owner: Person = values.pop("owner")
    deputy: Person | None = values.pop("deputy", None)
    orphaned = values.get("status") == ChannelStatus.ORPHANED
    if channel is None:
        if orphaned:
            raise ValidationError(
                {"status": _("a channel becomes orphaned only when its owner leaves")}
            )
        if not owner.is_active:
            raise ValidationError(
                {"owner": _("%(name)s has left the organisation") % {"name": owner}}
            )
        channel_register(actor=actor, owner=owner, deputy=deputy, **values)
        report.created += 1
        return
    if orphaned and channel.status != ChannelStatus.ORPHANED:
        raise ValidationError(
            {"status": _("a channel becomes orphaned only when its owner leaves")}
        )
    changed = {
        name: value
        for name, value in values.items()
        if name not in ("platform", "handle", "status") and getattr(channel, name) != value
    }
    if "status" in values and values["status"] != channel.status and not orphaned:
        changed["status"] = values["status"]
    touched = False
    if owner.pk != channel.owner_id:
        if not owner.is_active:
            raise ValidationError(
                {"owner": _("%(name)s has left the organisation") % {"name": owner}}
            )
        channel = channel_assign_owner(actor=actor, channel=channel, owner=owner)
        touched = True
    if deputy is not None and deputy.pk != channel.deputy_id and deputy.pk != channel.owner_id:
        channel = channel_set_deputy(actor=actor, channel=channel, deputy=deputy)
        touched = True
    if changed:
        channel_update(actor=actor, channel=channel, **changed)
        touched = True
    if touched:
        report.updated += 1
    else:
        report.unchanged += 1


def channel_rows(channels: Iterable[Channel]) -> Iterable[list[Any]]:
    """The export row of each channel, in the order of EXPORT_COLUMNS (the import reads it)."""
    for channel in channels:
        yield list(
            (
                channel.platform,
                channel.handle,
                channel.url,
                channel.display_name,
                channel.purpose,
                channel.audience,
                channel.brand,
                channel.org_unit.code if channel.org_unit else "",
                channel.status,
                channel.owner.employee_id,
                channel.deputy.employee_id if channel.deputy else "",
                "" if channel.reach is None else channel.reach,
                "yes" if channel.verified else "no",
                channel.started_on.isoformat() if channel.started_on else "",
                channel.mfa,
                channel.credential_custody,
                channel.recovery_email_owned,
                channel.recovery_phone_owned,
                channel.third_party_apps,
                "" if channel.admin_count is None else channel.admin_count,
                "" if channel.review_every_days is None else channel.review_every_days,
                channel.last_reviewed_on.isoformat() if channel.last_reviewed_on else "",
            )
        )


DISCOVERED_COLUMNS = ("platform", "handle")


def _discovered_values(row: Row, errors: list[RowError]) -> dict[str, Any]:
    """One lookalike row checked; its problems go to `errors`."""
    raw = {key: (value or "").strip() for key, value in row.values.items()}
    values: dict[str, Any] = {"source": DiscoverySource.IMPORT}
    platform = raw.get("platform", "").lower()
    if platform not in Platform.values:
        errors.append(
            RowError(
                row.line,
                "platform",
                _("must be one of %(values)s") % {"values": ", ".join(Platform.values)},
            )
        )
    for column in ("url", "display_name", "evidence"):
        if raw.get(column):
            values[column] = raw[column][:10_000]
    if raw.get("similarity"):
        try:
            similarity = float(raw["similarity"].replace(",", "."))
            if not 0.0 <= similarity <= 1.0:
                raise ValueError
        except ValueError:
            errors.append(RowError(row.line, "similarity", _("must be a number from 0 to 1")))
        else:
            values["similarity"] = similarity
    if raw.get("resembles"):
        target_platform, _sep, target_handle = raw["resembles"].partition(":")
        target = None
        if target_platform in Platform.values:
            try:
                normalised = normalise_handle(target_platform, target_handle)
            except HandleError:
                normalised = ""
            target = Channel.objects.filter(platform=target_platform, handle=normalised).first()
        if target is None:
            errors.append(
                RowError(
                    row.line,
                    "resembles",
                    _("no registered channel %(key)s (write platform:handle)")
                    % {"key": raw["resembles"]},
                )
            )
        values["resembles"] = target
    values.update(platform=platform, handle=raw.get("handle", ""))
    return values


def discovered_accounts_import(*, actor: User | None, rows: list[Row]) -> ImportReport:
    """Lookalike accounts from a file: platform, handle and optionally url, display_name,
    evidence, similarity (0 to 1) and resembles ("platform:handle" of a registered channel).
    All or nothing; an account seen again gets the new evidence added."""
    present = set(rows[0].values) if rows else set()
    errors = [
        RowError(1, name, _("column is missing"))
        for name in DISCOVERED_COLUMNS
        if name not in present
    ]
    if errors or not rows:
        raise ImportRejected(errors or [RowError(1, "file", _("has no rows"))])
    checked = [(row.line, _discovered_values(row, errors)) for row in rows]
    if errors:
        raise ImportRejected(errors)
    report = ImportReport()
    with transaction.atomic():
        for line, values in checked:
            try:
                known = DiscoveredAccount.objects.filter(
                    platform=values["platform"],
                    handle=normalise_handle(values["platform"], values["handle"]),
                ).exists()
            except HandleError:
                known = False  # the service says what is wrong with the handle
            try:
                discovered_account_record(actor=actor, **values)
            except ValidationError as error:
                messages = getattr(error, "message_dict", {"row": error.messages})
                errors.extend(
                    RowError(line, field, "; ".join(texts)) for field, texts in messages.items()
                )
                continue
            if known:
                report.updated += 1
            else:
                report.created += 1
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportRejected(errors)
    return report
