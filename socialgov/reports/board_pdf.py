"""The board report as PDF, drawn with fpdf2 from the figures stored with the report.

fpdf2 rather than WeasyPrint: it is pure Python (WeasyPrint needs Pango and friends installed
on the machine), already used for the assessment report, and draws the same bytes for the same
figures: the creation date is the end of the period, not the time of printing, so a report
generated twice from the same data has the same content hash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF

# One copy of the Latin-1 clean-up the built-in font needs, shared with the assessment PDF.
from socialgov.assessments.pdf import _text as latin1
from socialgov.reports.selectors import POST_SAMPLE, TERM_SAMPLE


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _change(now: Any, before: Any) -> str:
    if not isinstance(now, int | float) or not isinstance(before, int | float):
        return "-"
    delta = now - before
    return (
        f"{delta:+.1f}"
        if isinstance(delta, float) and not delta.is_integer()
        else f"{int(delta):+d}"
    )


class _Report(FPDF):
    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("Helvetica", "B", 13)
        self.cell(0, 8, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=10)

    def paragraph(self, text: str) -> None:
        self.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def grid(
        self, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]
    ) -> None:
        with self.table(col_widths=tuple(widths), text_align="LEFT") as table:
            cells = table.row()
            for title in header:
                cells.cell(latin1(title))
            for row in rows:
                cells = table.row()
                for value in row:
                    cells.cell(latin1(_value(value)))
        self.ln(2)


def _comparison(label: str, now: Any, before: Any) -> list[Any]:
    return [label, _value(now), _value(before), _change(now, before)]


def _summary_text(now: Mapping[str, Any], before: Mapping[str, Any]) -> list[str]:
    return [
        _("In this period %(raised)s alerts were raised (previous period: %(before)s) and "
          "%(incidents)s incidents were opened; %(open)s alerts and %(open_incidents)s "
          "incidents are still open.") % {
            "raised": now["alerts"]["raised"], "before": before["alerts"]["raised"],
            "incidents": now["incidents"]["opened"], "open": now["alerts"]["open"],
            "open_incidents": now["incidents"]["open"],
        },
        _("%(open)s risks are open, %(high)s of them with a high residual score; "
          "%(overdue)s treatments are overdue.") % {
            "open": now["risks"]["open"], "high": now["risks"]["high_residual"],
            "overdue": now["risks"]["overdue_treatments"],
        },
        _("The register holds %(channels)s channels in use: %(orphaned)s without an owner, "
          "%(objective)s without a current objective, %(reviews)s with an overdue access "
          "review.") % {
            "channels": now["channels"]["in_use"], "orphaned": now["channels"]["orphaned"],
            "objective": now["channels"]["without_objective"],
            "reviews": now["channels"]["reviews_overdue"],
        },
    ]  # fmt: skip


def _governance(pdf: _Report, now: Mapping[str, Any], before: Mapping[str, Any]) -> None:
    pdf.heading(_("Governance cycle"))
    gov, old = now["governance"], before["governance"]
    measures = [
        (_("Usage types without an objective"), "strategy_gaps"),
        (_("Policy acknowledgement (%)"), "acknowledgement_rate"),
        (_("Training completion (%)"), "training_completion_rate"),
    ]
    pdf.grid(
        [_("Measure"), _("This period"), _("Previous period"), _("Change")],
        [
            _comparison(
                _("Assessment score (1 to 5)"),
                gov["assessment_score"],
                gov["previous_assessment_score"],
            ),
            *[_comparison(label, gov[key], old[key]) for label, key in measures],
        ],
        (80, 35, 35, 30),
    )  # fmt: skip


def _risks(pdf: _Report, figures: Mapping[str, Any]) -> None:
    pdf.heading(_("Top risks"))
    top = figures["top_risks"]
    if not top:
        pdf.paragraph(_("No open risk."))
    else:
        pdf.grid(
            [_("Risk"), _("Channel"), _("Residual score"), _("Level")],
            [[r["name"], r["channel"], r["score"], r["level"]] for r in top],
            (70, 60, 30, 30),
        )
    pdf.paragraph(
        _("%(changed)s risks were re-scored in this period.")
        % {"changed": figures["summary"]["risks"]["changed_in_period"]}
    )


def _activity(pdf: _Report, now: Mapping[str, Any], before: Mapping[str, Any]) -> None:
    pdf.heading(_("KRIs, incidents and alerts"))
    rows = [
        _comparison(_("Alerts raised"), now["alerts"]["raised"], before["alerts"]["raised"]),
        _comparison(_("Takeover alerts"), now["alerts"]["takeover"], before["alerts"]["takeover"]),
        _comparison(
            _("Mean time to acknowledge (hours)"),
            now["alerts"]["mean_hours_to_acknowledge"],
            before["alerts"]["mean_hours_to_acknowledge"],
        ),
        _comparison(
            _("Incidents opened"), now["incidents"]["opened"], before["incidents"]["opened"]
        ),
        _comparison(_("Mentions"), now["monitoring"]["mentions"], before["monitoring"]["mentions"]),
        _comparison(
            _("Negative mentions"), now["monitoring"]["negative"], before["monitoring"]["negative"]
        ),
        _comparison(_("KRIs in red"), now["kris"]["red"], before["kris"]["red"]),
        _comparison(_("KRIs in amber"), now["kris"]["amber"], before["kris"]["amber"]),
    ]
    pdf.grid(
        [_("Measure"), _("This period"), _("Previous period"), _("Change")], rows, (80, 35, 35, 30)
    )


def _topics(pdf: _Report, topics: Mapping[str, Any]) -> None:
    pdf.heading(_("What people talked about"))
    terms = topics.get("terms") or []
    if not terms:
        pdf.paragraph(_("No mention in this period."))
        return
    pdf.grid([_("Term"), _("Mentions")], [[term, count] for term, count in terms], (120, 60))
    for brand in topics.get("brands") or []:
        if brand["terms"]:
            words = ", ".join(f"{term} ({count})" for term, count in brand["terms"])
            pdf.paragraph(
                _("Brand %(brand)s: %(terms)s") % {"brand": brand["brand"], "terms": words}
            )
    posts = topics.get("posts") or []
    if posts:
        pdf.grid(
            [_("Post"), _("Channel"), _("Reactions")],
            [[post["text"], post["channel"], post["engagement"]] for post in posts],
            (110, 45, 25),
        )


def _register(pdf: _Report, now: Mapping[str, Any]) -> None:
    pdf.heading(_("Channel register health"))
    channels = now["channels"]
    pdf.grid(
        [_("Measure"), _("Channels")],
        [
            [_("Channels in use"), channels["in_use"]],
            [_("Orphaned (no owner)"), channels["orphaned"]],
            [_("Without a current objective"), channels["without_objective"]],
            [_("Access reviews overdue"), channels["reviews_overdue"]],
            [_("Lookalike accounts to triage"), channels["lookalikes_to_triage"]],
        ],
        (120, 60),
    )


def _methods(pdf: _Report) -> None:
    pdf.heading(_("Appendix: methods"))
    for text in (
        _("Periods are whole days in UTC; the previous period is the one of the same length "
          "just before."),
        _("Alerts and incidents are counted when they were first seen or detected in the period; "
          "open counts are those still open when the report was generated."),
        _("Mentions and negative mentions come from the monitoring rollups, recomputed by the "
          "pipeline whenever posts or their analysis are stored; a post is counted once."),
        _("Top terms are the words, hashtags and mentions found in most public mentions of "
          "the period (at most its latest %(sample)s), without stop words in English, Dutch, "
          "French and German or the channels' own handles; top posts are those with the most "
          "reactions (likes, reposts, replies and quotes) the platforms reported among the "
          "period's latest %(posts)s posts. Direct and internal "
          "messages are never shown.") % {"sample": TERM_SAMPLE, "posts": POST_SAMPLE},
        _("A high residual score is a risk whose residual band is high or critical."),
        _("Completion rates are the share of people asked who acknowledged the policy or "
          "passed the training; the assessment score is that of the latest completed assessment."),
    ):  # fmt: skip
        pdf.paragraph(text)


def board_report_pdf(figures: Mapping[str, Any], *, language: str, end: dt.date) -> bytes:
    """The PDF of stored `figures` (see services.board_report_figures) in `language`."""
    now, before = figures["summary"], figures["previous"]
    with override(language):
        pdf = _Report()
        pdf.set_creation_date(dt.datetime.combine(end, dt.time(), tzinfo=dt.UTC))
        pdf.set_title(latin1(_("Board report")))
        pdf.set_lang(language)
        pdf.set_auto_page_break(True, margin=15)
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 18)
        pdf.cell(0, 12, latin1(_("Board report")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        period = _("Period: %(start)s to %(end)s") % {"start": now["start"], "end": now["end"]}
        pdf.cell(0, 7, latin1(period), new_x="LMARGIN", new_y="NEXT")
        pdf.heading(_("Executive summary"))
        for sentence in _summary_text(now, before):
            pdf.paragraph(sentence)
        _governance(pdf, now, before)
        _risks(pdf, figures)
        _activity(pdf, now, before)
        _topics(pdf, figures.get("topics") or {})
        _register(pdf, now)
        _methods(pdf)
        return bytes(pdf.output())
