"""One incident as PDF (facts, timeline, evidence, review), in the reader's language, drawn
with fpdf2 like the assessment report. Evidence is written as plain text: nothing in it is
read as markup, and characters outside Latin-1 are replaced."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import WrapMode

from socialgov.assessments.pdf import _text
from socialgov.incidents.models import Incident
from socialgov.incidents.playbooks import steps_of
from socialgov.incidents.selectors import timeline_of
from socialgov.incidents.services import task_is_done
from socialgov.incidents.timeline import step_title, timeline_lines

MAX_EVIDENCE = 20_000


def _when(value: object) -> str:
    if value is None:
        return "-"
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


def _heading(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 5, _text(text) or "-", new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR)


def _facts(pdf: FPDF, incident: Incident) -> None:
    facts = [
        (_("Kind"), incident.get_kind_display()),
        (_("Severity"), incident.get_severity_display()),
        (_("Status"), incident.get_status_display()),
        (_("Incident lead"), str(incident.lead or "-")),
        (_("Channels"), ", ".join(str(c) for c in incident.channels.all()) or "-"),
        (_("Detected"), _when(incident.detected_at)),
        (_("Contain by"), _when(incident.contain_due_at)),
        (_("Contained"), _when(incident.contained_at)),
        (_("Resolve by"), _when(incident.resolve_due_at)),
        (_("Resolved"), _when(incident.resolved_at)),
        (_("Closed"), _when(incident.closed_at)),
        (_("Printed"), _when(timezone.now())),
    ]
    for label, value in facts:
        pdf.cell(45, 6, _text(label))
        pdf.multi_cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR)


def incident_pdf(incident: Incident, *, compress: bool = True) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_text(incident.display_title))
    pdf.set_creator("socialgov")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(
        0, 8, _text(incident.display_title), new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR
    )
    pdf.set_font("Helvetica", size=10)
    _facts(pdf, incident)
    if incident.description:
        _heading(pdf, _("Description"))
        _paragraph(pdf, incident.description)
    steps = steps_of(incident)
    if steps:
        _heading(pdf, _("Playbook"))
        for step in steps:
            mark = "[x]" if task_is_done(step.task) else "[ ]"
            _paragraph(pdf, f"{mark} {step_title(incident.playbook, step.key, step.task.title)}")
    _heading(pdf, _("Timeline"))
    for line in timeline_lines(incident, timeline_of(incident)):
        actor = str(line.entry.actor or "socialgov")
        _paragraph(pdf, f"{_when(line.entry.created_at)} · {actor} · {line.summary}")
        if line.text:
            _paragraph(pdf, f"    {line.text}")
    _heading(pdf, _("Evidence"))
    _paragraph(pdf, incident.evidence[:MAX_EVIDENCE])
    _heading(pdf, _("After-action review"))
    for label, value in (
        (_("Cause"), incident.review_cause),
        (_("What worked"), incident.review_worked),
        (_("What to change"), incident.review_change),
    ):
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, _text(label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        _paragraph(pdf, value)
    return bytes(pdf.output())
