"""HTML pages of the channel register. Thin: forms shape input, services write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.channels import selectors, services, transfer
from socialgov.channels.forms import (
    ChannelEditForm,
    ChannelFilterForm,
    ChannelForm,
    ChannelImportForm,
    DecisionForm,
    DiscoveredAccountForm,
    GrantForm,
    LinkedAccountForm,
    OwnerForm,
    TriageForm,
    active_people,
    add_service_errors,
)
from socialgov.channels.models import AccessGrant, Channel, DiscoveredAccount, LinkedAccount, Triage
from socialgov.channels.policies import REGISTER_READERS, REGISTER_WRITERS, answers_for
from socialgov.channels.sections import sections_for
from socialgov.core import permissions
from socialgov.core.people_import import ImportRejected
from socialgov.core.tabular import TabularError, read_table


def _page(request: HttpRequest, items: Any, per_page: int = 50) -> Any:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _filters(form: ChannelFilterForm) -> selectors.ChannelFilters:
    if not form.is_valid():
        return selectors.ChannelFilters()
    data = {key: value for key, value in form.cleaned_data.items() if value}
    return selectors.ChannelFilters(**data)


def _query(request: HttpRequest) -> str:
    """The list's filters, to carry over to the next page."""
    return urlencode({key: str(value) for key, value in request.GET.items() if key != "page"})


def _is_register_reader(user: Any) -> bool:
    return permissions.has_org_role(user, *REGISTER_READERS)


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    form = ChannelFilterForm(request.GET or None)
    filters = _filters(form)
    channels = selectors.channel_list(user=request.user, filters=filters)
    can_create = permissions.can_create(request.user, Channel)
    if (
        not _is_register_reader(request.user)
        and not can_create
        and not selectors.channel_list(user=request.user).exists()
    ):
        # Employees see the public face of the register only.
        return channel_directory(request)
    query = _query(request)
    return render(
        request,
        "channels/channel_list.html",
        {
            "form": form,
            "page_obj": _page(request, channels),
            "query": query,
            "can_create": can_create,
            "can_import": permissions.has_org_role(request.user, *REGISTER_WRITERS)
            and not permissions.is_read_only(request.user),
            "import_form": ChannelImportForm(),
        },
    )


@login_required
def channel_directory(request: HttpRequest) -> HttpResponse:
    form = ChannelFilterForm(request.GET or None)
    entries = selectors.channel_directory(user=request.user, filters=_filters(form))
    query = _query(request)
    return render(
        request,
        "channels/directory.html",
        {"form": form, "page_obj": _page(request, entries), "query": query},
    )


def _channel_or_404(request: HttpRequest, pk: int) -> Channel:
    channel = selectors.channel_get(user=request.user, pk=pk)
    if channel is None:
        raise Http404
    return channel


@login_required
def channel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    channel = _channel_or_404(request, pk)
    posture = selectors.channel_posture(channel)
    return render(
        request,
        "channels/channel_detail.html",
        {
            "channel": channel,
            "posture": posture,
            "posture_reasons": [selectors.deduction_reason(d) for d in posture.deductions],
            "grants": selectors.grant_list(user=request.user, channel=channel),
            "reviews": selectors.review_list(user=request.user, channel=channel)[:10],
            "open_review": selectors.review_list(
                user=request.user, channel=channel, open_only=True
            ).first(),
            "lookalikes": selectors.discovered_account_list(user=request.user).filter(
                resembles=channel
            ),
            "can_change": permissions.can_change(request.user, channel),
            "today": timezone.localdate(),
            "sections": sections_for(request.user, channel),
        },
    )


@login_required
def channel_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create(request.user, Channel):
        raise PermissionDenied
    # A channel owner registers channels for themselves; leads and admins name any owner.
    owner_choices = (
        None
        if permissions.has_org_role(request.user, *REGISTER_WRITERS)
        else active_people().filter(pk=permissions.person_id(request.user))
    )
    form = ChannelForm(request.POST or None, owner_choices=owner_choices)
    if request.method == "POST" and form.is_valid():
        try:
            channel = services.channel_register(
                actor=permissions.acting_user(request.user), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Channel registered."))
            return redirect("channels:channel-detail", pk=channel.pk)
    return render(request, "channels/form.html", {"form": form, "title": _("Register a channel")})


def _changeable(request: HttpRequest, pk: int) -> Channel:
    channel = _channel_or_404(request, pk)
    if not permissions.can_change(request.user, channel):
        raise PermissionDenied
    return channel


@login_required
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    channel = _changeable(request, pk)
    form = ChannelEditForm(request.POST or None, instance=Channel.objects.get(pk=channel.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.channel_update(
                actor=permissions.acting_user(request.user), channel=channel, **fields
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Channel updated."))
            return redirect("channels:channel-detail", pk=channel.pk)
    return render(
        request,
        "channels/form.html",
        {"form": form, "title": _("Edit %(channel)s") % {"channel": channel}, "channel": channel},
    )


@login_required
def channel_owner(request: HttpRequest, pk: int) -> HttpResponse:
    channel = _changeable(request, pk)
    form = OwnerForm(
        request.POST or None,
        initial={
            "owner": channel.owner if channel.owner.is_active else None,
            "deputy": channel.deputy,
        },
    )
    if request.method == "POST" and form.is_valid():
        actor = permissions.acting_user(request.user)
        try:
            channel = services.channel_assign_owner(
                actor=actor, channel=channel, owner=form.cleaned_data["owner"]
            )
            services.channel_set_deputy(
                actor=actor, channel=channel, deputy=form.cleaned_data["deputy"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Owner and deputy saved."))
            return redirect("channels:channel-detail", pk=channel.pk)
    return render(
        request,
        "channels/form.html",
        {
            "form": form,
            "title": _("Owner and deputy of %(channel)s") % {"channel": channel},
            "channel": channel,
        },
    )


@login_required
def grant_create(request: HttpRequest, pk: int) -> HttpResponse:
    channel = _changeable(request, pk)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = permissions.acting_user(request.user)
        try:
            services.access_grant_add(
                actor=actor,
                channel=channel,
                granted_by=actor.person,
                person=form.cleaned_data["person"],
                external_name=form.cleaned_data["external_name"],
                agency=form.cleaned_data["agency"],
                role=form.cleaned_data["role"],
                granted_on=form.cleaned_data["granted_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Access grant recorded."))
            return redirect("channels:channel-detail", pk=channel.pk)
    return render(
        request,
        "channels/form.html",
        {
            "form": form,
            "title": _("Who else has access to %(channel)s?") % {"channel": channel},
            "channel": channel,
        },
    )


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    channel = _changeable(request, pk)
    grant = get_object_or_404(AccessGrant, pk=grant_pk, channel=channel)
    services.access_grant_revoke(actor=permissions.acting_user(request.user), grant=grant)
    messages.success(request, _("Access revoked."))
    return redirect("channels:channel-detail", pk=channel.pk)


@login_required
@require_POST
def review_open(request: HttpRequest, pk: int) -> HttpResponse:
    channel = _changeable(request, pk)
    review = services.access_review_open(
        actor=permissions.acting_user(request.user), channel=channel
    )
    return redirect("channels:review-detail", pk=review.pk)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "channels/review_list.html",
        {
            "todo": selectors.reviews_to_do(user=request.user),
            "page_obj": _page(request, selectors.review_list(user=request.user, open_only=True)),
            "today": timezone.localdate(),
        },
    )


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_list(user=request.user).filter(pk=pk).first()
    if review is None:
        raise Http404
    errors: list[str] = []
    if request.method == "POST":
        actor = permissions.acting_user(request.user)
        try:
            if "complete" in request.POST:
                services.access_review_complete(actor=actor, review=review)
                messages.success(request, _("Access review completed."))
                return redirect("channels:channel-detail", pk=review.channel_id)
            form = DecisionForm(request.POST)
            if form.is_valid():
                grant = get_object_or_404(
                    AccessGrant, pk=form.cleaned_data["grant"], channel_id=review.channel_id
                )
                services.access_review_decide(
                    actor=actor,
                    review=review,
                    grant=grant,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                )
                return redirect("channels:review-detail", pk=review.pk)
            errors = [str(message) for message in form.errors.values()]
        except ValidationError as error:
            errors = error.messages
    return render(
        request,
        "channels/review_detail.html",
        {
            "review": review,
            "pending": services.undecided_grants(review),
            "decisions": review.decisions.select_related("grant__person", "decided_by", "task"),
            "can_decide": answers_for(request.user, review.channel),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


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
    return render(request, "channels/linked_register.html", {"page_obj": _page(request, accounts)})


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
            "page_obj": _page(request, accounts),
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
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = transfer.discovered_accounts_import(
                actor=permissions.acting_user(request.user),
                rows=read_table(upload.file, name=upload.name),
            )
        except TabularError as error:
            errors = [str(error)]
        except ImportRejected as rejected:
            errors = [str(error) for error in rejected.errors]
        else:
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
    account = selectors.discovered_account_list(user=request.user).filter(pk=pk).first()
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


@login_required
@require_POST
def channel_import(request: HttpRequest) -> HttpResponse:
    if not permissions.has_org_role(request.user, *REGISTER_WRITERS) or permissions.is_read_only(
        request.user
    ):
        raise PermissionDenied
    form = ChannelImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = transfer.channels_import(
                actor=permissions.acting_user(request.user),
                rows=read_table(upload.file, name=upload.name),
            )
        except TabularError as error:
            errors = [str(error)]
        except ImportRejected as rejected:
            errors = [str(error) for error in rejected.errors]
        else:
            messages.success(
                request,
                _("Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
            return redirect("channels:channel-list")
    return render(
        request, "channels/import_result.html", {"form": form, "errors": errors}, status=400
    )


@login_required
def channel_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = ChannelFilterForm(request.GET or None)
    channels = selectors.channel_list(user=request.user, filters=_filters(form))
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            transfer.channels_export_xlsx(channels.iterator(chunk_size=1000)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            transfer.channels_export_csv(channels.iterator(chunk_size=1000)),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="channels-{stamp}.{fmt}"'
    return response
