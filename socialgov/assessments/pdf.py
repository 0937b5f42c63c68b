"""The assessment report as PDF, drawn with fpdf2 (pure Python, no system libraries).

The radar is drawn with the same geometry as the SVG on the page. The built-in Helvetica
covers Latin-1, which is all Dutch and French need; other characters are replaced.
"""

from __future__ import annotations

import math

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from socialgov.assessments.models import Assessment
from socialgov.assessments.radar import radar_points
from socialgov.assessments.selectors import DomainRow, domain_rows, result_of
from socialgov.policies.text import localized

_REPLACEMENTS = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "€": "EUR"}


def _text(value: object) -> str:
    text = str(value)
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", errors="replace").decode("latin-1")


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _radar(pdf: FPDF, rows: list[DomainRow], *, x: float, y: float, size: float) -> None:
    center_x, center_y = x + size / 2, y + size / 2
    radius = size / 2 - 22
    count = len(rows)
    pdf.set_draw_color(200, 205, 215)
    for step in range(1, 6):
        ring = radar_points([step] * count, center=0, radius=radius, max_value=5)
        pdf.polygon([(center_x + px, center_y + py) for px, py in ring], style="D")
    pdf.set_font("Helvetica", size=7)
    for index, row in enumerate(rows):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        end_x = center_x + radius * math.cos(angle)
        end_y = center_y + radius * math.sin(angle)
        pdf.line(center_x, center_y, end_x, end_y)
        label = _text(row.title)[:28]
        label_x = center_x + (radius + 4) * math.cos(angle)
        label_y = center_y + (radius + 4) * math.sin(angle)
        width = pdf.get_string_width(label)
        if math.cos(angle) < -0.3:
            label_x -= width
        elif abs(math.cos(angle)) <= 0.3:
            label_x -= width / 2
        pdf.text(label_x, label_y + 1, label)
    for values, colour in (
        ([row.previous for row in rows], (161, 92, 0)),
        ([row.score for row in rows], (31, 95, 191)),
    ):
        if all(value is None for value in values):
            continue
        points = radar_points(values, center=0, radius=radius, max_value=5)
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.6)
        pdf.polygon([(center_x + px, center_y + py) for px, py in points], style="D")
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)


def assessment_pdf(assessment: Assessment) -> bytes:
    rows = domain_rows(assessment)
    result = result_of(assessment)
    pdf = FPDF(format="A4")
    pdf.set_title(_text(assessment.title))
    pdf.set_creator("socialgov")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _text(assessment.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    scope = assessment.org_unit.name if assessment.org_unit else _("Whole organisation")
    facts = [
        (_("Scope"), scope),
        (_("Model"), str(assessment.model)),
        (_("Status"), assessment.get_status_display()),
        (_("Respondents"), str(result.respondents)),
        (_("Overall score"), f"{_score(result.overall)} / 5"),
        (_("Printed"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]
    for label, value in facts:
        pdf.cell(45, 6, _text(label))
        pdf.cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 2
    _radar(pdf, rows, x=40, y=top, size=130)
    pdf.set_y(top + 134)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text(_("Score per domain")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    with pdf.table(col_widths=(90, 30, 30, 30)) as table:
        header = table.row()
        for title in (_("Domain"), _("Score"), _("Before"), _("Change")):
            header.cell(_text(title))
        for row in rows:
            cells = table.row()
            cells.cell(_text(row.title))
            cells.cell(_score(row.score))
            cells.cell(_score(row.previous))
            delta = row.change.delta
            cells.cell("-" if delta is None else f"{delta:+.1f}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text(_("Gaps and recommended actions")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    if not result.gaps:
        pdf.cell(0, 6, _text(_("No gaps: every question reaches its target.")))
    else:
        with pdf.table(col_widths=(70, 20, 20, 70)) as table:
            header = table.row()
            for title in (_("Question"), _("Level"), _("Target"), _("Recommended action")):
                header.cell(_text(title))
            for gap in result.gaps:
                cells = table.row()
                cells.cell(_text(localized(gap.text)))
                cells.cell(f"{gap.level:.1f}")
                cells.cell(str(gap.target_level))
                cells.cell(_text(localized(gap.action)))
    return bytes(pdf.output())
