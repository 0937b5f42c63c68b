"""eDiscovery pages: the archive search with its filters and the ZIP export of a result set,
and the legal holds. Only leads, admins, legal (and the auditor, to search) reach them."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.archive import access, selectors, services
from socialgov.archive.export import archive_export
from socialgov.archive.forms import LegalHoldForm, SearchForm
from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.downloads import attachment
from socialgov.policies.forms import add_service_error

PAGE = 100


def _moment(day: dt.date | None, *, end: bool = False) -> dt.datetime | None:
    if day is None:
        return None
    moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
    return timezone.make_aware(moment)


def _filters(form: SearchForm) -> selectors.SearchFilters:
    data = form.cleaned_data
    return selectors.SearchFilters(
        text=data["text"].strip(),
        channel_id=data["channel"].pk if data["channel"] else None,
        author=data["author"].strip(),
        platform=data["platform"].strip(),
        kind=data["kind"],
        start=_moment(data["start"]),
        end=_moment(data["end"], end=True),
    )


def _search_form(request: HttpRequest) -> SearchForm:
    if not access.can_search(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    return SearchForm(data or None, channels=Channel.objects.order_by("handle"))


@login_required
def archive_search(request: HttpRequest) -> HttpResponse:
    form = _search_form(request)
    context: dict[str, object] = {"form": form, "searched": False}
    if form.is_bound and form.is_valid():
        filters = _filters(form)
        total, more = selectors.archive_search_total(user=request.user, filters=filters)
        items = selectors.archive_search(user=request.user, filters=filters, total=total)
        services.archive_search_record(
            actor=permissions.acting_user(request.user), filters=filters, results=total
        )
        context.update(
            searched=True,
            items=list(items[:PAGE]),
            total=total,
            more=more,
            query=request.GET.urlencode(),
        )
    return render(request, "archive/search.html", context)


@login_required
@require_POST
def archive_export_download(request: HttpRequest) -> HttpResponse:
    form = _search_form(request)
    if not form.is_valid():
        messages.error(request, _("The search could not be read."))
        return redirect("archive:search")
    filters = _filters(form)
    items = selectors.archive_search(user=request.user, filters=filters).prefetch_related(
        "versions"
    )
    data = archive_export(
        actor=permissions.acting_user(request.user),
        items=items[: selectors.RESULT_LIMIT],
        description=repr(filters)[:500],
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return attachment(data, name=f"ediscovery-{stamp}", fmt="zip")


@login_required
def legal_hold_list(request: HttpRequest) -> HttpResponse:
    if not access.can_hold(request.user):
        raise PermissionDenied
    form = LegalHoldForm(request.POST or None, channels=Channel.objects.order_by("handle"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["period_start"] = _moment(data["period_start"])
        data["period_end"] = _moment(data["period_end"], end=True)
        try:
            services.legal_hold_create(actor=permissions.acting_user(request.user), **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Legal hold placed."))
            return redirect("archive:hold-list")
    holds = selectors.legal_hold_list(user=request.user).order_by("-created_at")
    return render(request, "archive/holds.html", {"form": form, "holds": holds})


@login_required
@require_POST
def legal_hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_hold(request.user):
        raise PermissionDenied
    hold = selectors.legal_hold_list(user=request.user).filter(pk=pk).first()
    if hold is None:
        raise Http404
    services.legal_hold_release(actor=permissions.acting_user(request.user), hold=hold)
    messages.success(request, _("Legal hold released."))
    return redirect("archive:hold-list")
