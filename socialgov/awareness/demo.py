"""Demo: last year's completed campaign and this year's running one with mixed completion."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from socialgov.awareness import services
from socialgov.awareness.models import Assignment, AwarenessCampaign, Recurrence, TrainingModule
from socialgov.core.demo import DemoContext, register_demo_builder
from socialgov.core.models import User
from socialgov.policies.audience import Audience

# The campaigns' titles in English, Dutch and French; the demo writes them in the
# organisation's language and finds them again in any of the three on a rerun.
DEMO_TITLE = {
    "en": "Social media awareness",
    "nl": "Bewustzijn rond sociale media",
    "fr": "Sensibilisation aux réseaux sociaux",
}
WEBCARE_TITLE = {
    "en": "Webcare: complaints and crises",
    "nl": "Webcare: klachten en crisissen",
    "fr": "Webcare : plaintes et crises",
}


def _answers(module: TrainingModule, *, right: bool) -> dict[str, list[str]]:
    answers = {}
    for question in module.questions():
        keys = sorted(question.correct_keys)
        if not right:
            keys = [next(c.key for c in question.choices if c.key not in question.correct_keys)]
        answers[question.key] = keys
    return answers


@register_demo_builder
def build_awareness_demo(context: DemoContext) -> None:
    if AwarenessCampaign.objects.filter(title__in=DEMO_TITLE.values()).exists():
        return
    title = context.text(DEMO_TITLE)
    today = timezone.localdate()
    lead = context.users["lead"]
    modules = list(
        TrainingModule.objects.filter(key__in=["phishing-account-takeover", "what-not-to-post"])
    )
    if not modules:
        context.log.append(
            "Awareness: no training modules loaded (run `socialgov library load`); skipped."
        )
        return
    last_year = services.campaign_start(
        actor=lead,
        title=title,
        modules=modules,
        audience=Audience(everyone=True),
        starts_on=today - dt.timedelta(days=400),
        deadline=today - dt.timedelta(days=370),
        recurrence=Recurrence.NONE,
        notify=False,
    )
    current = services.campaign_start(
        actor=lead,
        title=f"{title} {today:%Y}",
        modules=modules,
        audience=Audience(everyone=True),
        starts_on=today - dt.timedelta(days=20),
        deadline=today + dt.timedelta(days=10),
        recurrence=Recurrence.YEARLY,
        notify=False,
    )
    webcare = Audience(org_units=[context.org_units["CS"], context.org_units["COM"]])
    crisis = TrainingModule.objects.filter(key="complaint-and-crisis").first()
    if crisis is not None:
        services.campaign_start(
            actor=lead,
            title=context.text(WEBCARE_TITLE),
            modules=[crisis],
            audience=webcare,
            starts_on=today - dt.timedelta(days=45),
            deadline=today - dt.timedelta(days=5),
            notify=False,
        )
    users = {user.person_id: user for user in User.objects.filter(person__isnull=False)}
    for index, assignment in enumerate(
        Assignment.objects.filter(campaign__in=[last_year, current])
        .select_related("module", "campaign")
        .order_by("person__employee_id", "module__key")
    ):
        share = 5 if assignment.campaign_id == last_year.pk else 3
        if index % share == 0 or assignment.person.employee_id == "E026":
            continue  # left open; the demo employee still has everything to do
        actor = users.get(assignment.person_id) or User(
            username=f"demo-{assignment.person.employee_id}", person=assignment.person
        )
        services.quiz_submit(
            actor=actor,
            assignment=assignment,
            answers=_answers(assignment.module, right=index % 7 != 0),
        )
    services.campaign_close(actor=lead, campaign=last_year)
    context.log.append("awareness: campaigns with mixed completion")
