from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core import selectors as core_selectors
from socialgov.policies.forms import add_service_error
from socialgov.strategy import selectors, services
from socialgov.strategy.forms import ObjectiveForm
from socialgov.strategy.models import Objective


@login_required
def objective_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "strategy/objective_list.html",
        {
            "coverage": selectors.coverage_by_usage_type(user=request.user),
            "objectives": selectors.objective_list(user=request.user),
            "channels_without_objective": selectors.channels_without_objective(user=request.user),
            "can_create": permissions.can_create(request.user, Objective),
        },
    )


@login_required
def objective_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create(request.user, Objective):
        raise PermissionDenied
    form = ObjectiveForm(
        request.POST or None,
        people=core_selectors.person_list(user=request.user, active_only=True),
        channels=permissions.visible(request.user, Channel.objects.exclude(status="retired")),
        initial={
            "usage_type": request.GET.get("usage_type", "")[:30],
            "channel": request.GET.get("channel", "")[:20] or None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_create(
                actor=permissions.acting_user(request.user), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Objective saved."))
            return redirect("strategy:objective-list")
    return render(request, "strategy/objective_form.html", {"form": form})
