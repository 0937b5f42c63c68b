from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socialgov.awareness import selectors, services
from socialgov.awareness.forms import CampaignForm, answers_from_post
from socialgov.awareness.models import AwarenessCampaign, TrainingModule
from socialgov.core import permissions
from socialgov.core.downloads import table_attachment
from socialgov.policies.forms import add_service_error
from socialgov.policies.text import localized, render_markdown


def _lessons(module: TrainingModule) -> list[dict[str, object]]:
    language = get_language()
    return [
        {
            "title": localized(lesson["title"], language),
            "html": render_markdown(str(localized(lesson["body"], language))),
        }
        for lesson in module.lessons
    ]


def _questions(module: TrainingModule) -> list[dict[str, object]]:
    language = get_language()
    return [
        {
            "key": question.key,
            "multiple": question.kind == "multiple",
            "text": localized(question.text, language),
            "choices": [
                (choice.key, localized(choice.text, language)) for choice in question.choices
            ],
        }
        for question in module.questions()
    ]


@login_required
def module_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "awareness/module_list.html",
        {
            "modules": selectors.module_list(user=request.user),
            "can_manage": permissions.can_create(request.user, AwarenessCampaign),
        },
    )


@login_required
def module_detail(request: HttpRequest, pk: int) -> HttpResponse:
    module = selectors.module_get(user=request.user, pk=pk)
    if module is None:
        raise Http404
    return render(
        request, "awareness/module_detail.html", {"module": module, "lessons": _lessons(module)}
    )


@login_required
def assignment_take(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    if assignment is None:
        raise Http404
    if assignment.person_id != permissions.person_id(request.user):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        try:
            result = services.quiz_submit(
                actor=permissions.acting_user(request.user),
                assignment=assignment,
                answers=answers_from_post(request.POST),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        assignment.refresh_from_db()
    elif assignment.status == "assigned" and assignment.campaign.status == "running":
        services.assignment_start(
            actor=permissions.acting_user(request.user), assignment=assignment
        )
    module = assignment.module
    return render(
        request,
        "awareness/assignment_take.html",
        {
            "assignment": assignment,
            "module": module,
            "lessons": _lessons(module),
            "questions": _questions(module),
            "result": result,
        },
        status=400 if request.method == "POST" and result is None else 200,
    )


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "awareness/campaign_list.html",
        {
            "campaigns": selectors.campaign_list(user=request.user),
            "can_create": permissions.can_create(request.user, AwarenessCampaign),
            "dashboard": selectors.dashboard(user=request.user),
        },
    )


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create(request.user, AwarenessCampaign):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, modules=selectors.module_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_start(
                actor=permissions.acting_user(request.user),
                title=form.cleaned_data["title"],
                modules=list(form.cleaned_data["modules"]),
                audience=form.audience(),
                deadline=form.cleaned_data["deadline"],
                recurrence=form.cleaned_data["recurrence"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Campaign started: %(count)d assignments.")
                % {"count": campaign.assignments.count()},
            )
            return redirect("awareness:campaign-detail", pk=campaign.pk)
    return render(request, "awareness/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if campaign is None:
        raise Http404
    return render(
        request,
        "awareness/campaign_detail.html",
        {
            "campaign": campaign,
            "dashboard": selectors.dashboard(user=request.user, campaign=campaign),
        },
    )


@login_required
def campaign_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if campaign is None:
        raise Http404
    rows = selectors.evidence_rows(user=request.user, campaign=campaign)
    name = f"training-{slugify(campaign.title) or campaign.pk}"
    return table_attachment(selectors.EVIDENCE_HEADER, rows, name=name, fmt=fmt)
