"""The reports' texts the system writes (a board report is ready or failed), as messages
composed in each recipient's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register(
    {
        "reports.notify.board_ready": _("Board report %(start)s – %(end)s is ready"),
        "reports.notify.board_ready_body": _(
            "The board report for %(start)s – %(end)s has been generated and can be downloaded."
        ),
        "reports.notify.board_failed": _("Board report %(start)s – %(end)s failed"),
        "reports.notify.board_failed_body": _(
            "The board report could not be generated. Request it again from the board reports "
            "page; the error is shown there."
        ),
    }
)
