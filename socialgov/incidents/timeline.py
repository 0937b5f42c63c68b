"""What a timeline entry says, in the reader's language.

Entries are stored as a code with parameters (and free text for notes), so the same entry reads
in English, Dutch or French on the page and in the PDF, whoever wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socialgov.incidents.models import Incident, IncidentStatus, Playbook, TimelineEntry

_STATUS_LABELS = dict(IncidentStatus.choices)


@dataclass(frozen=True)
class TimelineLine:
    entry: TimelineEntry
    summary: str
    text: str


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def step_title(playbook: Playbook | None, key: str, fallback: str = "") -> str:
    """A playbook step's title in the reader's language (the task keeps the English one)."""
    language = _language()
    for spec in playbook.steps if playbook is not None else []:
        if spec.get("key") == key:
            titles = spec.get("title", {})
            return str(titles.get(language) or titles.get("en") or key)
    return fallback or key


def checklist_of(playbook: Playbook | None, key: str) -> list[str]:
    language = _language()
    for spec in playbook.steps if playbook is not None else []:
        if spec.get("key") == key:
            lists = spec.get("checklist", {})
            return [str(line) for line in lists.get(language) or lists.get("en") or []]
    return []


def _status(value: object) -> str:
    return str(_STATUS_LABELS.get(str(value), value))


def summary_of(entry: TimelineEntry, playbook: Playbook | None) -> str:
    params = entry.params or {}
    code = entry.code
    if code == "opened":
        return _("Incident opened")
    if code == "reported":
        return _("Reported through the employee portal")
    if code == "impersonation":
        return _("Opened from an impersonation triage decision")
    if code == "alert_linked":
        return _("Alert linked: %(title)s") % {"title": entry.text}
    if code == "status":
        return _("Status changed from %(old)s to %(new)s") % {
            "old": _status(params.get("from")),
            "new": _status(params.get("to")),
        }
    if code == "lead":
        return _("Incident lead now: %(person)s") % {"person": params.get("person", "")}
    if code == "playbook_started":
        title = playbook.title_in(_language()) if playbook is not None else entry.text
        return _("Playbook started: %(title)s") % {"title": title}
    if code == "step_done":
        title = step_title(playbook, str(params.get("step", "")), entry.text)
        return _("Step done: %(title)s") % {"title": title}
    if code == "review":
        return _("After-action review recorded")
    if code == "overdue":
        return _("Escalated: a due time has passed")
    if code == "comment_hidden":
        return _("Comment hidden on the platform: %(post)s") % {"post": params.get("post", "")}
    if code == "comment_deleted":
        return _("Comment deleted on the platform: %(post)s") % {"post": params.get("post", "")}
    if code == "account_reported":
        return _("Lookalike account reported to the platform: %(account)s") % {
            "account": params.get("account", "")
        }
    if code == "grant_revoked":
        return _("Access grant revoked: %(grant)s") % {"grant": params.get("grant", "")}
    if code == "risk_change":
        return _("Risk change proposed for “%(risk)s”") % {"risk": params.get("risk", "")}
    return str(entry.get_kind_display())


def timeline_lines(incident: Incident, entries: list[TimelineEntry]) -> list[TimelineLine]:
    playbook = incident.playbook
    lines = []
    for entry in entries:
        free_text = entry.text if entry.code in ("", "note", "risk_change") else ""
        lines.append(TimelineLine(entry, summary_of(entry, playbook), free_text))
    return lines


def _template_names() -> dict[str, str]:
    return {
        "holding_statement": _("Holding statement"),
        "takedown_request": _("Takedown request"),
        "notification": _("Notification"),
    }


def playbook_extras(playbook: Playbook | None) -> dict[str, Any]:
    """The playbook's title, platform report links and text templates in the reader's language."""
    if playbook is None:
        return {}
    language = _language()
    names = _template_names()
    templates = [
        {
            "name": names.get(key, key.replace("_", " ")),
            "text": texts.get(language) or texts.get("en"),
        }
        for key, texts in (playbook.templates or {}).items()
        if isinstance(texts, dict)
    ]
    return {
        "playbook_title": playbook.title_in(language),
        "playbook_links": [link for link in playbook.links or [] if isinstance(link, dict)],
        "playbook_templates": templates,
    }
