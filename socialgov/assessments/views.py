from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.assessments import selectors, services
from socialgov.assessments.forms import AssessmentForm, GapTasksForm
from socialgov.assessments.models import Answer, Assessment, AssessmentStatus, Respondent
from socialgov.assessments.pdf import assessment_pdf
from socialgov.core import permissions
from socialgov.core import selectors as core_selectors
from socialgov.core.downloads import attachment
from socialgov.policies.forms import add_service_error
from socialgov.policies.text import localized


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if assessment is None:
        raise Http404
    return assessment


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assessments/assessment_list.html",
        {
            "assessments": selectors.assessment_list(user=request.user),
            "can_create": permissions.can_create(request.user, Assessment),
        },
    )


@login_required
def assessment_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create(request.user, Assessment):
        raise PermissionDenied
    form = AssessmentForm(
        request.POST or None,
        models=selectors.model_list(user=request.user),
        units=core_selectors.org_unit_list(user=request.user),
        people=core_selectors.person_list(user=request.user, active_only=True),
        previous=selectors.assessment_list(user=request.user).filter(
            status=AssessmentStatus.COMPLETED
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                actor=permissions.acting_user(request.user),
                model=form.cleaned_data["model"],
                title=form.cleaned_data["title"],
                org_unit=form.cleaned_data["org_unit"],
                respondents=list(form.cleaned_data["respondents"]),
                previous=form.cleaned_data["previous"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Assessment started."))
            return redirect("assessments:assessment-detail", pk=assessment.pk)
    return render(request, "assessments/assessment_form.html", {"form": form})


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    result = selectors.result_of(assessment)
    language = get_language()
    model = assessment.model.parsed()
    respondents = list(Respondent.objects.filter(assessment=assessment).select_related("person"))
    can_change = permissions.can_change(request.user, assessment)
    gaps = list(assessment.gaps.select_related("task__owner"))
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "result": result,
            "rows": selectors.domain_rows(assessment),
            "radar": mark_safe(selectors.radar_for(assessment)),  # noqa: S308  (escaped inside)
            "gaps": [
                (gap, localized(gap.question_text, language), localized(gap.action, language))
                for gap in gaps
            ],
            "live_gaps": [
                (
                    localized(gap.text, language),
                    gap.level,
                    gap.target_level,
                    localized(gap.action, language),
                )
                for gap in result.gaps
            ]
            if assessment.status == AssessmentStatus.IN_PROGRESS
            else [],
            "disagreements": [
                (localized(q.text, language), answer.levels)
                for answer in result.disagreements
                if (q := model.question(answer.question)) is not None
            ],
            "question_changes": [
                (localized(q.text, language), change)
                for change in selectors.question_changes(assessment)
                if (q := model.question(change.key)) is not None
            ],
            "respondents": respondents,
            "is_respondent": any(
                r.person_id == permissions.person_id(request.user) for r in respondents
            ),
            "can_change": can_change,
            "gap_form": GapTasksForm(
                people=core_selectors.person_list(user=request.user, active_only=True)
            )
            if can_change
            else None,
        },
    )


@login_required
def assessment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire for the signed-in respondent: save as you go, submit when done."""
    assessment = _assessment(request, pk)
    person = getattr(request.user, "person", None)
    respondent = Respondent.objects.filter(assessment=assessment, person=person).first()
    if person is None or respondent is None:
        raise PermissionDenied
    model = assessment.model.parsed()
    if request.method == "POST":
        answers = {
            name[2:]: str(value)
            for name, value in request.POST.items()
            if name.startswith("a_") and value
        }
        comments = {
            name[2:]: str(value)
            for name, value in request.POST.items()
            if name.startswith("c_") and value
        }
        try:
            services.assessment_answer(
                actor=permissions.acting_user(request.user),
                assessment=assessment,
                person=person,
                answers=answers,
                comments=comments,
                submit=request.POST.get("submit") == "1",
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if request.POST.get("submit") == "1":
                messages.success(request, _("Thank you, your answers are submitted."))
                return redirect("assessments:assessment-detail", pk=assessment.pk)
            messages.success(request, _("Answers saved. You can come back later."))
            return redirect("assessments:assessment-answer", pk=assessment.pk)
    given = {answer.question_key: answer for answer in Answer.objects.filter(respondent=respondent)}
    language = get_language()
    domains = []
    for domain in model.domains:
        questions = []
        for question in domain.questions:
            condition = None
            if question.depends_on is not None:
                parent = model.question(question.depends_on.question)
                condition = {
                    "question": localized(parent.text, language) if parent else "",
                    "level": localized(model.level_names[question.depends_on.min_level], language),
                }
            answer = given.get(question.key)
            questions.append(
                {
                    "key": question.key,
                    "text": localized(question.text, language),
                    "choices": [
                        (choice.key, localized(choice.text, language), choice.level)
                        for choice in question.choices
                    ],
                    "chosen": answer.choice_key if answer else "",
                    "comment": answer.comment if answer else "",
                    "condition": condition,
                }
            )
        domains.append({"title": localized(domain.title, language), "questions": questions})
    return render(
        request,
        "assessments/assessment_answer.html",
        {
            "assessment": assessment,
            "domains": domains,
            "respondent": respondent,
            "editable": assessment.status == AssessmentStatus.IN_PROGRESS,
        },
    )


@login_required
@require_POST
def assessment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not permissions.can_change(request.user, assessment):
        raise PermissionDenied
    try:
        services.assessment_complete(
            actor=permissions.acting_user(request.user), assessment=assessment
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Assessment completed."))
    return redirect("assessments:assessment-detail", pk=assessment.pk)


@login_required
@require_POST
def gap_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not permissions.can_change(request.user, assessment):
        raise PermissionDenied
    form = GapTasksForm(
        request.POST, people=core_selectors.person_list(user=request.user, active_only=True)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("assessments:assessment-detail", pk=assessment.pk)
    try:
        tasks = services.gap_tasks_create(
            actor=permissions.acting_user(request.user),
            assessment=assessment,
            owner=form.cleaned_data["owner"],
            due_date=form.cleaned_data["due_date"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)d task(s) created.") % {"count": len(tasks)})
    return redirect("assessments:assessment-detail", pk=assessment.pk)


@login_required
def assessment_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    name = slugify(assessment.title) or f"assessment-{assessment.pk}"
    return attachment(assessment_pdf(assessment), name=name, fmt="pdf")
