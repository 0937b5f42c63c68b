"""Helpers the HTML views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode

from socialgov.channels import selectors
from socialgov.channels.access import REGISTER_READERS
from socialgov.channels.forms import ChannelFilterForm, add_service_errors
from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.people_import import ImportRejected, ImportReport
from socialgov.core.tabular import TabularError, read_table


def page_of(request: HttpRequest, items: Any, per_page: int = 50) -> Any:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def filters_of(form: ChannelFilterForm) -> selectors.ChannelFilters:
    if not form.is_valid():
        return selectors.ChannelFilters()
    data = {key: value for key, value in form.cleaned_data.items() if value}
    return selectors.ChannelFilters(**data)


def list_query(request: HttpRequest) -> str:
    """The list's filters, to carry over to the next page."""
    return urlencode({key: str(value) for key, value in request.GET.items() if key != "page"})


def is_register_reader(user: Any) -> bool:
    return permissions.has_org_role(user, *REGISTER_READERS)


def channel_or_404(request: HttpRequest, pk: int) -> Channel:
    channel = selectors.channel_get(user=request.user, pk=pk)
    if channel is None:
        raise Http404
    return channel


def changeable_channel(request: HttpRequest, pk: int) -> Channel:
    channel = channel_or_404(request, pk)
    if not permissions.can_change(request.user, channel):
        raise PermissionDenied
    return channel


def uploaded_import(
    request: HttpRequest, form: forms.Form, importer: Callable[..., ImportReport]
) -> tuple[ImportReport | None, list[str]]:
    """Run an all-or-nothing import of the uploaded file: the report, or every problem found."""
    if not form.is_valid():
        return None, []
    upload = form.cleaned_data["file"]
    try:
        report = importer(
            actor=permissions.acting_user(request.user),
            rows=read_table(upload.file, name=upload.name),
        )
    except TabularError as error:
        return None, [str(error)]
    except ImportRejected as rejected:
        return None, [str(error) for error in rejected.errors]
    return report, []


def channel_form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[], Channel],
    saved_message: str,
    title: str,
    channel: Channel | None = None,
) -> HttpResponse:
    """A channel form: a valid POST saves through the service and shows the channel."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved_message)
            return redirect("channels:channel-detail", pk=saved.pk)
    context = {"form": form, "title": title, "channel": channel}
    return render(request, "channels/form.html", context)
