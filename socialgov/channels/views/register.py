"""The register pages: list, directory, channel page and forms, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.channels import selectors, services, transfer
from socialgov.channels.access import REGISTER_WRITERS
from socialgov.channels.forms import (
    ChannelEditForm,
    ChannelFilterForm,
    ChannelForm,
    ChannelImportForm,
    OwnerForm,
    active_people,
)
from socialgov.channels.models import Channel
from socialgov.channels.sections import sections_for
from socialgov.channels.views.common import (
    changeable_channel,
    channel_form_page,
    channel_or_404,
    filters_of,
    is_register_reader,
    list_query,
    page_of,
    uploaded_import,
)
from socialgov.core import permissions
from socialgov.core.downloads import table_attachment


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    form = ChannelFilterForm(request.GET or None)
    filters = filters_of(form)
    channels = selectors.channel_list(user=request.user, filters=filters)
    can_create = permissions.can_create(request.user, Channel)
    if (
        not is_register_reader(request.user)
        and not can_create
        and not selectors.channel_list(user=request.user).exists()
    ):
        # Employees see the public face of the register only.
        return channel_directory(request)
    query = list_query(request)
    return render(
        request,
        "channels/channel_list.html",
        {
            "form": form,
            "page_obj": page_of(request, channels),
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
    entries = selectors.channel_directory(user=request.user, filters=filters_of(form))
    query = list_query(request)
    return render(
        request,
        "channels/directory.html",
        {"form": form, "page_obj": page_of(request, entries), "query": query},
    )


@login_required
def channel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    channel = channel_or_404(request, pk)
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
    form = ChannelForm(
        request.POST or None,
        owner_choices=owner_choices,
        initial={"owner": permissions.person_id(request.user)} if owner_choices is not None else {},
    )
    return channel_form_page(
        request,
        form,
        save=lambda: services.channel_register(
            actor=permissions.acting_user(request.user), **form.cleaned_data
        ),
        saved_message=_("Channel registered."),
        title=_("Register a channel"),
    )


@login_required
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    channel = changeable_channel(request, pk)
    form = ChannelEditForm(request.POST or None, instance=Channel.objects.get(pk=channel.pk))

    def save() -> Channel:
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.channel_update(
            actor=permissions.acting_user(request.user), channel=channel, **fields
        )

    return channel_form_page(
        request,
        form,
        save=save,
        saved_message=_("Channel updated."),
        title=_("Edit %(channel)s") % {"channel": channel},
        channel=channel,
    )


@login_required
def channel_owner(request: HttpRequest, pk: int) -> HttpResponse:
    channel = changeable_channel(request, pk)
    form = OwnerForm(
        request.POST or None,
        initial={
            "owner": channel.owner if channel.owner.is_active else None,
            "deputy": channel.deputy,
        },
    )
    return channel_form_page(
        request,
        form,
        save=lambda: services.channel_hand_over(
            actor=permissions.acting_user(request.user),
            channel=channel,
            owner=form.cleaned_data["owner"],
            deputy=form.cleaned_data["deputy"],
        ),
        saved_message=_("Owner and deputy saved."),
        title=_("Owner and deputy of %(channel)s") % {"channel": channel},
        channel=channel,
    )


@login_required
@require_POST
def channel_import(request: HttpRequest) -> HttpResponse:
    if not permissions.has_org_role(request.user, *REGISTER_WRITERS) or permissions.is_read_only(
        request.user
    ):
        raise PermissionDenied
    form = ChannelImportForm(request.POST, request.FILES)
    report, errors = uploaded_import(request, form, transfer.channels_import)
    if report is not None:
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
    channels = selectors.channel_list(user=request.user, filters=filters_of(form))
    stamp = timezone.localdate().isoformat()
    rows = transfer.channel_rows(channels.iterator(chunk_size=1000))
    return table_attachment(transfer.EXPORT_COLUMNS, rows, name=f"channels-{stamp}", fmt=fmt)
