"""Pages for drafts: the editor with its findings highlighted, the review steps and the
calendar. Every write goes through services; permission checks live in access.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.core import permissions
from socialgov.policies.forms import add_service_error
from socialgov.publishing import access, selectors, services
from socialgov.publishing.calendar import calendar_context
from socialgov.publishing.forms import DraftForm, ReasonForm, ScheduleForm
from socialgov.publishing.models import Draft, DraftMedia, DraftState


@login_required
def draft_list(request: HttpRequest) -> HttpResponse:
    drafts = selectors.draft_list(user=request.user)
    waiting = [
        d
        for d in drafts.filter(state=DraftState.IN_REVIEW)[:200]
        if access.can_approve(request.user, d, services.channel_policy(d.channel))
    ]
    return render(
        request,
        "publishing/draft_list.html",
        {
            "drafts": drafts[:200],
            "waiting": waiting,
            "can_create": access.draftable_channels(request.user).exists(),
        },
    )


def _reply_initial(request: HttpRequest) -> dict[str, Any]:
    """A reply opened from an alert: the answered post's channel and id."""
    from socialgov.monitoring.models import Post

    raw = request.GET.get("reply_to_post", "")
    if not raw.isdigit():
        return {}
    post = permissions.visible(request.user, Post.objects.filter(pk=int(raw))).first()
    if post is None or post.channel_id is None:
        raise Http404
    return {"channels": [post.channel_id], "reply_to": post}


@login_required
def draft_create(request: HttpRequest) -> HttpResponse:
    channels = access.draftable_channels(request.user).order_by("handle")
    if not channels.exists():
        raise PermissionDenied
    reply = _reply_initial(request)
    post = reply.get("reply_to")
    form = DraftForm(
        request.POST or None,
        request.FILES or None,
        channels=channels,
        initial={"channels": reply.get("channels", []), "language": request.LANGUAGE_CODE[:2]},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            drafts = services.drafts_create(
                actor=permissions.acting_user(request.user),
                channels=list(data.pop("channels")),
                reply_to_external_id=post.external_id if post else "",
                **data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Draft saved and checked."))
            return redirect("publishing:draft-detail", pk=drafts[0].pk)
    return render(request, "publishing/draft_form.html", {"form": form, "reply_to": post})


def _draft_or_404(request: HttpRequest, pk: int) -> Draft:
    draft = selectors.draft_get(user=request.user, pk=pk)
    if draft is None:
        raise Http404
    return draft


@login_required
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    checks = services.stored_checks(draft)
    policy = services.channel_policy(draft.channel)
    user = request.user
    return render(
        request,
        "publishing/draft_detail.html",
        {
            "draft": draft,
            "checks": checks,
            "blocking": [c for c in checks if c.blocks],
            "segments": selectors.highlighted(draft.text, checks),
            "approvals": [a for a in draft.approvals.all() if a.revision == draft.revision],
            "policy": policy,
            "can_edit": access.DraftPolicy().can_change(user, draft)
            and draft.state in services.EDITABLE,
            "can_submit": draft.state == DraftState.DRAFT
            and (draft.author_id == user.pk or access.is_channel_owner(user, draft.channel)),
            "can_review": draft.state == DraftState.IN_REVIEW
            and access.can_approve(user, draft, policy),
            "own_draft": draft.author_id == user.pk,
            "can_schedule": draft.state in (DraftState.APPROVED, DraftState.SCHEDULED)
            and access.DraftPolicy().can_change(user, draft),
            "reason_form": ReasonForm(),
            "schedule_form": ScheduleForm(initial={"at": draft.scheduled_at}),
        },
    )


@login_required
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    if not access.DraftPolicy().can_change(request.user, draft):
        raise PermissionDenied
    form = DraftForm(
        request.POST or None,
        request.FILES or None,
        editing=True,
        initial={
            "text": draft.text,
            "language": draft.language,
            "scheduled_at": draft.scheduled_at,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        image = data.pop("image", None)
        actor = permissions.acting_user(request.user)
        try:
            with transaction.atomic():
                services.draft_update(actor=actor, draft=draft, **data)
                if image is not None:
                    services.draft_media_attach(actor=actor, draft=draft, upload=image)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Draft saved and checked."))
            return redirect("publishing:draft-detail", pk=draft.pk)
    return render(request, "publishing/draft_form.html", {"form": form, "draft": draft})


ACTIONS = ("submit", "approve", "reject", "override", "schedule")


def _act(action: str, request: HttpRequest, draft: Draft) -> str:
    actor = permissions.acting_user(request.user)
    reason = ReasonForm(request.POST)
    text = reason.cleaned_data["reason"] if reason.is_valid() else ""
    if action == "submit":
        services.draft_submit(actor=actor, draft=draft)
        return _("Draft sent for review.")
    if action == "approve":
        draft = services.draft_approve(actor=actor, draft=draft)
        return _("Approval recorded.")
    if action == "reject":
        services.draft_reject(actor=actor, draft=draft, reason=text)
        return _("Draft sent back to its author.")
    if action == "override":
        services.draft_override(actor=actor, draft=draft, reason=text)
        return _("Override recorded.")
    schedule = ScheduleForm(request.POST)
    at = schedule.cleaned_data["at"] if schedule.is_valid() else None
    services.draft_schedule(actor=actor, draft=draft, at=at)
    return _("Publication scheduled.")


@login_required
@require_POST
def draft_act(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, _("That action is not possible."))
        return redirect("publishing:draft-detail", pk=pk)
    try:
        messages.success(request, _act(action, request, draft))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not do that."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("publishing:draft-detail", pk=pk)


@login_required
@require_POST
def media_remove(request: HttpRequest, pk: int, media_pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    media = DraftMedia.objects.filter(pk=media_pk, draft=draft).first()
    if media is None:
        raise Http404
    try:
        services.draft_media_remove(actor=permissions.acting_user(request.user), media=media)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("publishing:draft-detail", pk=pk)


@login_required
def media_file(request: HttpRequest, pk: int, media_pk: int) -> HttpResponse:
    """An attached image, served to those who see the draft (never from a public folder)."""
    draft = _draft_or_404(request, pk)
    media = DraftMedia.objects.filter(pk=media_pk, draft=draft).first()
    if media is None:
        raise Http404
    with media.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=media.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    if not permissions.has_role(request.user, *access.CALENDAR_ROLES):
        raise PermissionDenied
    return render(request, "publishing/calendar.html", calendar_context(request))
