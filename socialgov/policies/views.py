from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.core import permissions
from socialgov.core import selectors as core_selectors
from socialgov.core.downloads import table_attachment
from socialgov.core.models import Person
from socialgov.policies import selectors, services
from socialgov.policies.forms import AudienceForm, PolicyForm, VersionForm, add_service_error
from socialgov.policies.links import read_token
from socialgov.policies.models import AcknowledgementMethod, Policy, PolicyVersion, VersionStatus
from socialgov.policies.text import render_markdown


def _policy(request: HttpRequest, pk: int) -> Policy:
    policy = selectors.policy_get(user=request.user, pk=pk)
    if policy is None:
        raise Http404
    return policy


def _version(request: HttpRequest, pk: int) -> PolicyVersion:
    version = selectors.policy_version_get(user=request.user, pk=pk)
    if version is None:
        raise Http404
    return version


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    policies = list(selectors.policy_list(user=request.user))
    published = {
        v.policy_id: v
        for v in selectors.policy_version_list(user=request.user).filter(
            status=VersionStatus.PUBLISHED
        )
    }
    rows = [(policy, published.get(policy.pk)) for policy in policies]
    return render(
        request,
        "policies/policy_list.html",
        {"rows": rows, "can_create": permissions.can_create(request.user, Policy)},
    )


@login_required
def policy_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create(request.user, Policy):
        raise PermissionDenied
    people = core_selectors.person_list(user=request.user, active_only=True)
    form = PolicyForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["template"] is not None:
                # The template brings the title and a first draft in every language.
                policy = services.policy_create_from_template(
                    actor=permissions.acting_user(request.user),
                    template=data["template"],
                    key=data["key"],
                    owner=data["owner"],
                    approver=data["approver"],
                )
                if data["review_date"]:
                    services.policy_update(
                        actor=permissions.acting_user(request.user),
                        policy=policy,
                        review_date=data["review_date"],
                    )
            else:
                policy = services.policy_create(
                    actor=permissions.acting_user(request.user),
                    key=data["key"],
                    title=form.translations("title"),
                    category=data["category"],
                    owner=data["owner"],
                    approver=data["approver"],
                    review_date=data["review_date"],
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Policy created."))
            return redirect("policies:policy-detail", pk=policy.pk)
    return render(request, "policies/policy_form.html", {"form": form})


@login_required
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _policy(request, pk)
    versions = list(selectors.policy_version_list(user=request.user, policy=policy))
    published = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
    can_change = permissions.can_change(request.user, policy)
    return render(
        request,
        "policies/policy_detail.html",
        {
            "policy": policy,
            "versions": versions,
            "published": published,
            "published_html": render_markdown(published.body_in()) if published else "",
            "can_change": can_change,
            "completion": selectors.completion_by_version(user=request.user, policy=policy),
            "campaigns": selectors.campaign_list(user=request.user).filter(version__policy=policy),
        },
    )


@login_required
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _policy(request, pk)
    if not permissions.can_change(request.user, policy):
        raise PermissionDenied
    latest = policy.versions.first()
    initial = {}
    if latest is not None:
        for code in ("en", "nl", "fr"):
            initial[f"title_{code}"] = latest.title.get(code, "")
            initial[f"body_{code}"] = latest.body.get(code, "")
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_version_create(
                actor=permissions.acting_user(request.user),
                policy=policy,
                title=form.translations("title"),
                body=form.translations("body"),
                major=form.cleaned_data["major"],
                change_summary=form.translations("change_summary"),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Draft version created."))
            return redirect("policies:policy-detail", pk=policy.pk)
    return render(request, "policies/version_form.html", {"form": form, "policy": policy})


@login_required
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    if not permissions.can_change(request.user, version):
        raise PermissionDenied
    initial = {}
    for code in ("en", "nl", "fr"):
        initial[f"change_summary_{code}"] = version.change_summary.get(code, "")
        initial[f"title_{code}"] = version.title.get(code, "")
        initial[f"body_{code}"] = version.body.get(code, "")
    form = VersionForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_version_update(
                actor=permissions.acting_user(request.user),
                version=version,
                title=form.translations("title"),
                body=form.translations("body"),
                change_summary=form.translations("change_summary"),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("policies:policy-detail", pk=version.policy_id)
    return render(
        request,
        "policies/version_form.html",
        {"form": form, "policy": version.policy, "version": version},
    )


ACTIONS = {
    "submit": services.policy_version_submit,
    "send_back": services.policy_version_send_back,
    "approve": services.policy_version_approve,
    "retire": services.policy_version_retire,
}


@login_required
@require_POST
def version_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    version = _version(request, pk)
    if action not in ACTIONS:
        raise Http404
    if not permissions.can_change(request.user, version):
        raise PermissionDenied
    try:
        ACTIONS[action](actor=permissions.acting_user(request.user), version=version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Version updated."))
    return redirect("policies:policy-detail", pk=version.policy_id)


@login_required
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    if not permissions.can_change(request.user, version):
        raise PermissionDenied
    form = AudienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.policy_version_publish(
                actor=permissions.acting_user(request.user),
                version=version,
                audience=form.audience(),
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Published; %(count)d people were asked to acknowledge it.")
                % {"count": campaign.requests.count()},
            )
            return redirect("policies:campaign-detail", pk=campaign.pk)
    return render(request, "policies/publish_form.html", {"form": form, "version": version})


@login_required
def version_read(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    person_id = permissions.person_id(request.user)
    pending = selectors.pending_for_person(user=request.user).filter(campaign__version=version)
    acknowledged = version.acknowledgements.filter(models.Q(person_id=person_id)).first()
    return render(
        request,
        "policies/version_read.html",
        {
            "version": version,
            "body_html": render_markdown(version.body_in()),
            "pending": pending.first(),
            "acknowledged": acknowledged,
        },
    )


def _acknowledge(request: HttpRequest, version: PolicyVersion, method: str) -> HttpResponse:
    person = getattr(request.user, "person", None)
    if not isinstance(person, Person):
        raise PermissionDenied
    try:
        services.policy_acknowledge(
            actor=permissions.acting_user(request.user),
            person=person,
            version=version,
            method=method,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect("policies:version-read", pk=version.pk)


@login_required
@require_POST
def version_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _acknowledge(request, _version(request, pk), AcknowledgementMethod.PORTAL)


@login_required
def acknowledge_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: it names the person and version; the signed-in user must match."""
    data = read_token(token)
    if data is None:
        raise Http404
    if data[0] != permissions.person_id(request.user):
        raise PermissionDenied
    version = _version(request, data[1])
    if request.method == "POST":
        return _acknowledge(request, version, AcknowledgementMethod.EMAIL_LINK)
    return render(
        request,
        "policies/version_read.html",
        {
            "version": version,
            "body_html": render_markdown(version.body_in()),
            "pending": selectors.pending_for_person(user=request.user)
            .filter(campaign__version=version)
            .first(),
            "acknowledged": version.acknowledgements.filter(
                models.Q(person_id=permissions.person_id(request.user))
            ).first(),
            "link_token": token,
        },
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if campaign is None:
        raise Http404
    overdue = (
        selectors.request_list(user=request.user)
        .filter(campaign=campaign, status="pending", campaign__deadline__lt=timezone.localdate())
        .order_by("person__last_name")[:200]
    )
    return render(
        request,
        "policies/campaign_detail.html",
        {
            "campaign": campaign,
            "completion": selectors.completion_by_org_unit(user=request.user, campaign=campaign),
            "overdue": overdue,
        },
    )


@login_required
def campaign_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if campaign is None:
        raise Http404
    rows = selectors.evidence_rows(user=request.user, campaign=campaign)
    name = f"acknowledgements-{campaign.version.policy.key}-{campaign.version.number}"
    return table_attachment(selectors.EVIDENCE_HEADER, rows, name=name, fmt=fmt)
