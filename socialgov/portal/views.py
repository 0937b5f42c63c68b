from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.awareness import selectors as awareness_selectors
from socialgov.core import permissions
from socialgov.core import selectors as core_selectors
from socialgov.policies import selectors as policy_selectors
from socialgov.policies.forms import add_service_error
from socialgov.portal import services
from socialgov.portal.forms import IssueReportForm
from socialgov.portal.sections import extra_sections


def _render(request: HttpRequest, form: IssueReportForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "acknowledgements": policy_selectors.pending_for_person(user=request.user),
            "assignments": awareness_selectors.my_open_assignments(user=request.user),
            "tasks": core_selectors.task_list(user=request.user, open_only=True, mine=True)[:20],
            "sections": extra_sections(request),
            "form": form,
        },
        status=status,
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Everything asked of the signed-in person, in their language, on one page."""
    return _render(request, IssueReportForm())


@login_required
@require_POST
def report_issue(request: HttpRequest) -> HttpResponse:
    form = IssueReportForm(request.POST)
    if form.is_valid():
        try:
            services.issue_report(actor=permissions.acting_user(request.user), **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. The governance team will follow up."))
            return redirect("portal:home")
    return _render(request, form, status=400)
