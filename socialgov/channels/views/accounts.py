"""Linked private accounts and discovered lookalike accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.channels import selectors, services, transfer
from socialgov.channels.forms import (
    ChannelImportForm,
    DiscoveredAccountForm,
    LinkedAccountForm,
    TriageForm,
    add_service_errors,
)
from socialgov.channels.models import DiscoveredAccount, LinkedAccount, Triage
from socialgov.channels.views.common import page_of, uploaded_import
from socialgov.core import permissions


@login_required
def linked_account_mine(request: HttpRequest) -> HttpResponse:
    can_declare = permissions.can_create(request.user, LinkedAccount)
    form = LinkedAccountForm(request.POST or None)
    if request.method == "POST":
        if not can_declare:
            raise PermissionDenied
        if form.is_valid():
            actor = permissions.acting_user(request.user)
            assert actor.person is not None  # can_create needs a person
            try:
                services.linked_account_declare(
                    actor=actor, person=actor.person, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Account declared."))
                return redirect("channels:linked-mine")
    return render(
        request,
        "channels/linked_mine.html",
        {
            "accounts": selectors.linked_account_list(user=request.user, mine=True),
            "form": form,
            "can_declare": can_declare,
            "sees_register": permissions.has_org_role(request.user, "governance_lead"),
        },
    )


@login_required
@require_POST
def linked_account_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.linked_account_list(user=request.user, mine=True).filter(pk=pk).first()
    if account is None:
        raise Http404
    services.linked_account_withdraw(actor=permissions.acting_user(request.user), account=account)
    messages.success(request, _("Declaration withdrawn."))
    return redirect("channels:linked-mine")


@login_required
def linked_account_register(request: HttpRequest) -> HttpResponse:
    if not permissions.has_org_role(request.user, "governance_lead"):
        raise PermissionDenied
    accounts = selectors.linked_account_list(user=request.user)
    return render(
        request, "channels/linked_register.html", {"page_obj": page_of(request, accounts)}
    )


@login_required
def discovered_list(request: HttpRequest) -> HttpResponse:
    triage = request.GET.get("triage", Triage.NEW)
    triage = triage if triage in Triage.values or triage == "all" else Triage.NEW
    accounts = selectors.discovered_account_list(
        user=request.user, triage="" if triage == "all" else triage
    )
    can_add = permissions.can_create(request.user, DiscoveredAccount)
    form = DiscoveredAccountForm(
        request.POST or None, resembles_choices=selectors.channel_list(user=request.user)
    )
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                account = services.discovered_account_record(
                    actor=permissions.acting_user(request.user),
                    **{k: v for k, v in form.cleaned_data.items() if v is not None},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Account recorded."))
                return redirect("channels:discovered-detail", pk=account.pk)
    return render(
        request,
        "channels/discovered_list.html",
        {
            "page_obj": page_of(request, accounts),
            "triage": triage,
            "query": f"triage={triage}",
            "triage_choices": Triage.choices,
            "form": form,
            "can_add": can_add,
            "import_form": ChannelImportForm(),
        },
    )


@login_required
@require_POST
def discovered_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create(request.user, DiscoveredAccount):
        raise PermissionDenied
    form = ChannelImportForm(request.POST, request.FILES)
    report, errors = uploaded_import(request, form, transfer.discovered_accounts_import)
    if report is not None:
        messages.success(
            request,
            _("Imported: %(created)d new, %(updated)d seen before.")
            % {"created": report.created, "updated": report.updated},
        )
        return redirect("channels:discovered-list")
    return render(
        request,
        "channels/import_result.html",
        {"form": form, "errors": errors, "back": "channels:discovered-list"},
        status=400,
    )


@login_required
def discovered_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.discovered_account_get(user=request.user, pk=pk)
    if account is None:
        raise Http404
    can_triage = permissions.can_change(request.user, account) and account.triage == Triage.NEW
    form = TriageForm(request.POST or None)
    if request.method == "POST":
        if not can_triage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.discovered_account_triage(
                    actor=permissions.acting_user(request.user),
                    account=account,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Triage recorded."))
                return redirect("channels:discovered-detail", pk=account.pk)
    return render(
        request,
        "channels/discovered_detail.html",
        {"account": account, "form": form, "can_triage": can_triage},
    )
