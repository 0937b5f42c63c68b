"""The risk notifications the system writes, as messages composed in each reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register(
    {
        "risks.notify.treatment_overdue": _("Overdue risk treatment: %(task)s"),
        "risks.notify.treatment_overdue_body": _(
            "The treatment “%(task)s” of the risk “%(risk)s”, owned by %(owner)s, "
            "was due on %(due)s."
        ),
        "risks.accountable.owner": _("risk owner"),
        "risks.task.treatment": _("Treatment of the risk “%(risk)s”."),
        "risks.notify.reassess": _("Re-assess the risk “%(risk)s”"),
        "risks.notify.kri_red": _(
            "KRI “%(kri)s” is red: %(value)s%(unit)s measured on %(date)s "
            "(red from %(red)s). Suggested residual likelihood: %(suggested)d."
        ),
        "risks.notify.kri_evidence": _("Evidence: %(evidence)s"),
        "risks.notify.accepted": _("Risk accepted until %(date)s: %(risk)s"),
        "risks.notify.acceptance_expired": _("Risk acceptance expired: %(risk)s"),
        "risks.notify.acceptance_expired_body": _(
            "The acceptance of “%(risk)s” expired on %(date)s. The risk is open "
            "again and needs a new assessment."
        ),
    }
)
