"""Demo: last year's completed organisation assessment and this year's, half answered."""

from __future__ import annotations

from socialgov.assessments import services
from socialgov.assessments.models import Assessment, MaturityModel
from socialgov.core.demo import DemoContext, register_demo_builder

LAST_YEAR = "Social media governance baseline"
THIS_YEAR = "Social media governance review"


def _pick(question_choices: list[str], level_index: int) -> str:
    return question_choices[min(level_index, len(question_choices) - 1)]


@register_demo_builder
def build_assessments_demo(context: DemoContext) -> None:
    if Assessment.objects.filter(title=LAST_YEAR).exists():
        return
    model_row = MaturityModel.objects.order_by("-library_version").first()
    if model_row is None:
        context.log.append(
            "Assessments: no maturity model loaded (run `socialgov library load`); skipped."
        )
        return
    model = model_row.parsed()
    lead, owner, ciso = context.people["E021"], context.people["E004"], context.people["E017"]
    lead_user = context.users["lead"]
    baseline = services.assessment_start(
        actor=lead_user, model=model_row, title=LAST_YEAR, respondents=[lead, owner]
    )
    # A young programme: mostly ad hoc, account security weakest; the two respondents
    # disagree about monitoring.
    for person, bias in ((lead, 0), (owner, 1)):
        answers = {}
        for index, question in enumerate(model.questions()):
            keys = [choice.key for choice in sorted(question.choices, key=lambda c: c.level)]
            level = 1 if question.domain == "security" else 1 + (index + bias) % 2
            if question.domain == "monitoring":
                level = 0 if person == lead else 2
            answers[question.key] = _pick(keys, level)
        services.assessment_answer(
            actor=lead_user, assessment=baseline, person=person, answers=answers, submit=True
        )
    baseline = services.assessment_complete(actor=lead_user, assessment=baseline)
    services.gap_tasks_create(actor=lead_user, assessment=baseline, owner=lead)

    review = services.assessment_start(
        actor=lead_user,
        model=model_row,
        title=THIS_YEAR,
        respondents=[lead, owner, ciso],
        previous=baseline,
    )
    answers = {}
    for index, question in enumerate(model.questions()[:12]):
        keys = [choice.key for choice in sorted(question.choices, key=lambda c: c.level)]
        answers[question.key] = _pick(keys, 2 + index % 2)
    services.assessment_answer(actor=lead_user, assessment=review, person=lead, answers=answers)
    context.log.append("assessments: one completed with gap tasks, one in progress")
