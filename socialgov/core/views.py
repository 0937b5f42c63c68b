from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.core import mfa, permissions, selectors, services
from socialgov.core.forms import ApiTokenForm, PeopleImportForm, TaskStatusForm
from socialgov.core.models import OrgUnit, Person
from socialgov.core.people_import import ImportRejected, org_units_import, people_import
from socialgov.core.tabular import TabularError, read_table


def _page(request: HttpRequest, items, per_page: int = 50):  # type: ignore[no-untyped-def]
    return Paginator(items, per_page).get_page(request.GET.get("page"))


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    people = selectors.person_list(user=request.user, search=search)
    return render(
        request,
        "core/person_list.html",
        {
            "page_obj": _page(request, people),
            "search": search,
            "query": f"q={search}" if search else "",
            "can_import": permissions.can_create(request.user, Person),
            "import_form": PeopleImportForm(),
        },
    )


@login_required
@require_POST
def people_import_view(request: HttpRequest) -> HttpResponse:
    if not (
        permissions.can_create(request.user, Person)
        and permissions.can_create(request.user, OrgUnit)
    ):
        raise PermissionDenied
    form = PeopleImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload.file, name=upload.name)
            if form.cleaned_data["kind"] == "org_units":
                report = org_units_import(actor=permissions.acting_user(request.user), rows=rows)
            else:
                report = people_import(
                    actor=permissions.acting_user(request.user),
                    rows=rows,
                    deactivate_missing=form.cleaned_data["deactivate_missing"],
                )
        except TabularError as error:
            errors = [str(error)]
        except ImportRejected as rejected:
            errors = [str(error) for error in rejected.errors]
        else:
            messages.success(
                request,
                _(
                    "Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                    "%(deactivated)d marked as left."
                )
                % vars(report),
            )
            return redirect("core:person-list")
    return render(
        request, "core/people_import_result.html", {"form": form, "errors": errors}, status=400
    )


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "mine")
    tasks = selectors.task_list(
        user=request.user, open_only=request.GET.get("all") != "1", mine=show == "mine"
    )
    return render(
        request,
        "core/task_list.html",
        {
            "page_obj": _page(request, tasks),
            "show": show,
            "query": f"show={show}",
        },
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    if task is None:
        raise Http404
    can_change = permissions.can_change(request.user, task)
    form = TaskStatusForm(request.POST or None, initial={"status": task.status})
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            services.task_set_status(
                actor=permissions.acting_user(request.user),
                task=task,
                status=form.cleaned_data["status"],
            )
            messages.success(request, _("Task updated."))
            return redirect("core:task-detail", pk=task.pk)
    return render(
        request, "core/task_detail.html", {"task": task, "form": form, "can_change": can_change}
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not permissions.has_org_role(request.user, "admin", "auditor"):
        raise PermissionDenied
    events = selectors.audit_event_list(user=request.user)
    verb = request.GET.get("verb", "")[:100]
    if verb:
        events = events.filter(verb__startswith=verb)
    return render(
        request,
        "core/audit_list.html",
        {
            "page_obj": _page(request, events),
            "verb": verb,
            "query": f"verb={verb}" if verb else "",
        },
    )


@login_required
@mfa.confirmation_required
def api_token_list(request: HttpRequest) -> HttpResponse:
    """The security page's API tokens: creating one asks for a fresh sign-in first (allauth's
    reauthentication, by the second factor when the user has one); the key is shown once."""
    user = permissions.acting_user(request.user)
    form = ApiTokenForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(actor=user, **form.cleaned_data)
        form = ApiTokenForm()
    return render(
        request,
        "core/api_token_list.html",
        {"tokens": selectors.api_token_list(user=user), "form": form, "new_key": new_key},
    )


@login_required
@require_POST
@mfa.confirmation_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = permissions.acting_user(request.user)
    token = get_object_or_404(selectors.api_token_list(user=user), pk=pk)
    services.api_token_revoke(actor=user, token=token)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("core:api-token-list")
