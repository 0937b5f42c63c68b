"""HTML pages of the risk register. Thin: they call the same services and selectors as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.risks import forms, selectors, services
from socialgov.risks.access import manages_channel, may_accept_risks
from socialgov.risks.filters import risk_filters
from socialgov.risks.metrics import MonitoredFigure
from socialgov.risks.models import ChannelRisk
from socialgov.risks.services.register import default_matrix
from socialgov.risks.swatches import swatch_stylesheet


def _attempt(request: HttpRequest, form: django_forms.Form, write: Callable[[], Any]) -> bool:
    """Run a service call; its validation errors land on the form, refusals become 403."""
    try:
        write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return False
    return True


def _visible_channel(request: HttpRequest, pk: int) -> Channel:
    channel = selectors.channel_get(user=request.user, pk=pk)
    if channel is None:
        raise Http404
    return channel


@require_GET
@cache_control(public=True, max_age=300)
def level_stylesheet(request: HttpRequest) -> HttpResponse:
    """The level colours as classes: every page links it, so none needs a style attribute."""
    return HttpResponse(
        swatch_stylesheet(selectors.level_colours()), content_type="text/css; charset=utf-8"
    )


def _checked_filters(request: HttpRequest) -> tuple[forms.RiskFilterForm, Any]:
    """The filter form bound to the query, and the filters from the values it accepted (a bad
    one is left out and shown as an error)."""
    form = forms.RiskFilterForm(request.GET or None)
    form.is_valid()
    accepted = {key: value for key, value in request.GET.items() if key not in form.errors}
    return form, risk_filters(accepted)


def _filter_errors(form: forms.RiskFilterForm) -> list[str]:
    return [
        f"{form.fields[name].label}: {error}"
        for name, errors in form.errors.items()
        if name in form.fields
        for error in errors
    ]


@login_required
def register(request: HttpRequest) -> HttpResponse:
    form, filters = _checked_filters(request)
    risks = selectors.risk_list(user=request.user, filters=filters)
    page = Paginator(risks, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.label_risks(page.object_list)
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "risks/register.html",
        {
            "form": form,
            "filter_errors": _filter_errors(form),
            "page_obj": page,
            "query": query,
            "filtered": bool(query),
            "channel_choices": selectors.risk_channel_choices(user=request.user),
            "owner_choices": selectors.risk_owner_choices(user=request.user),
            "selected_channel": filters.channel,
            "selected_owner": filters.owner,
        },
        status=400 if form.errors else 200,
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    form, filters = _checked_filters(request)
    expiring = list(selectors.expiring_acceptances(user=request.user)[:20])
    selectors.label_risks(acceptance.risk for acceptance in expiring)
    reassess = selectors.risk_list(user=request.user).filter(needs_reassessment=True)[:20]
    return render(
        request,
        "risks/overview.html",
        {
            "filter_errors": _filter_errors(form),
            "heat_maps": selectors.heat_maps(user=request.user, filters=filters),
            "top_risks": selectors.label_risks(selectors.top_risks(user=request.user)),
            "overdue": selectors.overdue_treatments(user=request.user)[:20],
            "expiring": expiring,
            "reassess": selectors.label_risks(reassess),
        },
        status=400 if form.errors else 200,
    )


def _risk_forms(risk: Any, data: Any = None, which: str = "") -> dict[str, django_forms.Form]:
    """The detail page's forms, the one that was posted bound to the posted data."""

    def posted(name: str) -> Any:
        return data if name == which else None

    scores = {
        name: getattr(risk, name)
        for name in (
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "residual_justification",
        )
    }
    current = {
        "treatment": risk.treatment,
        "status": risk.status,
        "owner": risk.owner_id,
        "due_date": risk.due_date,
    }
    return {
        "rescore": forms.RescoreForm(posted("rescore"), initial=scores, size=risk.matrix.size),
        "update": forms.RiskUpdateForm(posted("update"), initial=current),
        "control": forms.ApplyControlForm(posted("control")),
        "treatment": forms.TreatmentForm(posted("treatment")),
        "accept": forms.AcceptForm(posted("accept")),
    }


def _risk_action(which: str, *, actor: Any, risk: Any, data: dict[str, Any]) -> Callable[[], Any]:
    actions: dict[str, Callable[[], Any]] = {
        "rescore": lambda: services.channel_risk_rescore(actor=actor, risk=risk, **data),
        "update": lambda: services.channel_risk_update(
            actor=actor, risk=risk, clear_due_date=data["due_date"] is None, **data
        ),
        "control": lambda: services.channel_risk_apply_control(actor=actor, risk=risk, **data),
        "treatment": lambda: services.risk_treatment_plan(actor=actor, risk=risk, **data),
        "accept": lambda: services.risk_accept(actor=actor, risk=risk, **data),
    }
    return actions[which]


@login_required
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_get(user=request.user, pk=pk)
    if risk is None:
        raise Http404
    can_change = permissions.can_change(request.user, risk)
    can_accept = may_accept_risks(request.user, risk.channel)
    page_forms = _risk_forms(risk)
    if request.method == "POST":
        which = request.POST.get("form", "")
        if not (can_accept if which == "accept" else can_change):
            raise PermissionDenied
        if which in page_forms:
            page_forms = _risk_forms(risk, request.POST, which)
            form = page_forms[which]
            actor = permissions.acting_user(request.user)
            if form.is_valid() and _attempt(
                request,
                form,
                _risk_action(which, actor=actor, risk=risk, data=form.cleaned_data),
            ):
                messages.success(request, _("Risk updated."))
                return redirect("risks:detail", pk=risk.pk)
    history = list(selectors.risk_history(user=request.user, risk=risk))
    return render(
        request,
        "risks/risk_detail.html",
        {
            "risk": risk,
            "can_change": can_change,
            "can_accept": can_accept,
            **{f"{name}_form": form for name, form in page_forms.items()},
            "controls": risk.controls.select_related("control"),
            "treatments": risk.treatments.select_related("task__owner"),
            "acceptances": risk.acceptances.select_related("accepted_by"),
            "history": history,
            "trend_max": max((h.residual_score for h in history), default=1),
            "kris": risk.kris.all(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def channel_risks(request: HttpRequest, channel_pk: int) -> HttpResponse:
    """The risk tab of one channel: its risks, KRIs, and a form for a custom risk."""
    channel = _visible_channel(request, channel_pk)
    manages = manages_channel(request.user, channel)
    risks = selectors.risk_list(
        user=request.user, filters=selectors.RiskFilters(channel=channel.pk)
    )
    try:
        size = default_matrix().size
    except ValidationError:
        size = 5
    custom = forms.CustomRiskForm(size=size)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        custom = forms.CustomRiskForm(request.POST, size=size)
        if custom.is_valid() and _attempt(
            request,
            custom,
            lambda: services.channel_risk_create(
                actor=permissions.acting_user(request.user), channel=channel, **custom.cleaned_data
            ),
        ):
            messages.success(request, _("Risk added."))
            return redirect("risks:channel", channel_pk=channel.pk)
    return render(
        request,
        "risks/channel_risks.html",
        {
            "channel": channel,
            "risks": selectors.label_risks(risks),
            "manages": manages,
            "custom_form": custom,
            "kris": selectors.kri_list(user=request.user, channel=channel.pk),
            "monitored_figures": MonitoredFigure.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def wizard(request: HttpRequest, channel_pk: int) -> HttpResponse:
    """Propose catalogue risks for the channel; the chosen ones are added in one go."""
    channel = _visible_channel(request, channel_pk)
    if not manages_channel(request.user, channel):
        raise PermissionDenied
    try:
        proposals = services.risk_wizard_proposals(channel=channel)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("risks:channel", channel_pk=channel.pk)
    errors: list[str] = []
    if request.method == "POST":
        chosen = [key[:100] for key in request.POST.getlist("risk_type")][:100]
        try:
            created = services.risk_wizard_apply(
                actor=permissions.acting_user(request.user), channel=channel, risk_types=chosen
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(count)d risks added.") % {"count": len(created)})
            return redirect(reverse("risks:overview") + f"?channel={channel.pk}")
    return render(
        request,
        "risks/wizard.html",
        {"channel": channel, "proposals": proposals, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def kri_list(request: HttpRequest) -> HttpResponse:
    return render(request, "risks/kri_list.html", {"kris": selectors.kri_list(user=request.user)})


@login_required
def kri_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kri = selectors.kri_get(user=request.user, pk=pk)
    if kri is None:
        raise Http404
    can_change = permissions.can_change(request.user, kri)
    form = forms.KRIValueForm()
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = forms.KRIValueForm(request.POST)
        if form.is_valid() and _attempt(
            request,
            form,
            lambda: services.kri_record_value(
                actor=permissions.acting_user(request.user), kri=kri, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Value recorded."))
            return redirect("risks:kri-detail", pk=kri.pk)
    return render(
        request,
        "risks/kri_detail.html",
        {
            "kri": kri,
            "form": form,
            "can_change": can_change,
            "measurements": selectors.kri_measurements(user=request.user, kri=kri),
            "risks": permissions.visible(request.user, kri.risks.select_related("channel")),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def kri_create(request: HttpRequest, channel_pk: int) -> HttpResponse:
    channel = _visible_channel(request, channel_pk)
    if not manages_channel(request.user, channel):
        raise PermissionDenied
    form = forms.KRIForm(request.POST)
    risks = ChannelRisk.objects.filter(channel=channel, pk__in=request.POST.getlist("risks")[:200])
    actor = permissions.acting_user(request.user)
    if form.is_valid() and _attempt(
        request,
        form,
        lambda: services.kri_create(
            actor=actor,
            owner=channel.owner,
            channel=channel,
            risks=[r for r in risks if r.pk],
            **form.cleaned_data,
        ),
    ):
        messages.success(request, _("KRI added."))
    else:
        messages.error(
            request,
            _("The KRI was not added: %s")
            % "; ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect("risks:channel", channel_pk=channel.pk)


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue and controls; governance leads choose the matrix new risks are scored on."""
    may_choose = permissions.has_org_role(
        request.user, "admin", "governance_lead"
    ) and not permissions.is_read_only(request.user)
    try:
        current = default_matrix()
    except ValidationError:
        current = None
    form = forms.MatrixChoiceForm(initial={"matrix": current})
    if request.method == "POST":
        if not may_choose:
            raise PermissionDenied
        form = forms.MatrixChoiceForm(request.POST)
        if form.is_valid():
            services.risk_settings_set_matrix(
                actor=permissions.acting_user(request.user), matrix=form.cleaned_data["matrix"]
            )
            messages.success(request, _("New risks will be scored on this matrix."))
            return redirect("risks:catalogue")
    risk_types = selectors.risk_type_list(user=request.user).prefetch_related("controls")
    return render(
        request,
        "risks/catalogue.html",
        {
            "risk_types": risk_types,
            "controls": selectors.control_list(user=request.user),
            "matrices": selectors.matrix_list(user=request.user),
            "current_matrix": current,
            "matrix_form": form,
            "may_choose": may_choose,
        },
    )
