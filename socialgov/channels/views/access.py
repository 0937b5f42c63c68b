"""Access grants and the access review screens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.channels import selectors, services
from socialgov.channels.access import answers_for
from socialgov.channels.forms import DecisionForm, GrantForm
from socialgov.channels.models import AccessGrant, Channel
from socialgov.channels.views.common import changeable_channel, channel_form_page, page_of
from socialgov.core import permissions


@login_required
def grant_create(request: HttpRequest, pk: int) -> HttpResponse:
    channel = changeable_channel(request, pk)
    form = GrantForm(request.POST or None)

    def save() -> Channel:
        actor = permissions.acting_user(request.user)
        services.access_grant_add(
            actor=actor,
            channel=channel,
            granted_by=actor.person,
            **{name: form.cleaned_data[name] for name in GrantForm.Meta.fields},
        )
        return channel

    return channel_form_page(
        request,
        form,
        save=save,
        saved_message=_("Access grant recorded."),
        title=_("Who else has access to %(channel)s?") % {"channel": channel},
        channel=channel,
    )


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    channel = changeable_channel(request, pk)
    grant = get_object_or_404(AccessGrant, pk=grant_pk, channel=channel)
    services.access_grant_revoke(actor=permissions.acting_user(request.user), grant=grant)
    messages.success(request, _("Access revoked."))
    return redirect("channels:channel-detail", pk=channel.pk)


@login_required
@require_POST
def review_open(request: HttpRequest, pk: int) -> HttpResponse:
    channel = changeable_channel(request, pk)
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
            "page_obj": page_of(request, selectors.review_list(user=request.user, open_only=True)),
            "today": timezone.localdate(),
        },
    )


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
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
