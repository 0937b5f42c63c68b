from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from socialgov.awareness import selectors, services
from socialgov.awareness.models import Assignment, AssignmentStatus, Attempt, TrainingModule
from socialgov.core.models import AuditEvent, Notification
from socialgov.library.importer import LibraryError, library_load
from socialgov.policies.audience import Audience

pytestmark = pytest.mark.django_db
LIBRARY = Path(__file__).resolve().parents[3] / "library" / "training"


@pytest.fixture
def module() -> TrainingModule:
    library_load(paths=[LIBRARY])
    return TrainingModule.objects.get(key="what-not-to-post")


def _right(module: TrainingModule) -> dict[str, list[str]]:
    return {q.key: sorted(q.correct_keys) for q in module.questions()}


def _start(lead, module, audience, **kwargs):
    return services.campaign_start(
        actor=lead,
        title="Awareness",
        modules=[module],
        audience=audience,
        deadline=kwargs.pop("deadline", timezone.localdate() + dt.timedelta(days=20)),
        **kwargs,
    )


def test_loading_the_library_twice_changes_nothing(module):
    report = library_load(paths=[LIBRARY])
    assert {outcome.status for outcome in report.outcomes} == {"unchanged"}
    assert len(report.outcomes) == len(list(LIBRARY.glob("*.yaml")))


def test_a_broken_module_file_loads_nothing(tmp_path, db):
    (tmp_path / "a.yaml").write_text((LIBRARY / "what-not-to-post.yaml").read_text())
    broken = (LIBRARY / "private-use-at-work.yaml").read_text().replace("correct: true", "")
    (tmp_path / "b.yaml").write_text(broken)
    refused = r"b\.yaml: item 'private-use-at-work'.*no correct answer"
    with pytest.raises(LibraryError, match=refused):
        library_load(paths=[tmp_path])
    assert not TrainingModule.objects.exists()


def test_a_campaign_assigns_the_module_to_its_audience(
    lead, module, comms, teammate, owner, outsider
):
    campaign = _start(lead, module, Audience(org_units=[comms]))
    people = set(campaign.assignments.values_list("person_id", flat=True))
    assert people == {teammate.person_id, owner.person_id}
    assert Notification.objects.filter(recipient=teammate.person).exists()


def test_passing_the_quiz_completes_the_assignment(lead, module, comms, teammate):
    _start(lead, module, Audience(org_units=[comms]))
    assignment = Assignment.objects.get(person=teammate.person)
    attempt = services.quiz_submit(actor=teammate, assignment=assignment, answers=_right(module))
    assignment.refresh_from_db()
    assert attempt.passed and attempt.score == 100
    assert assignment.status == AssignmentStatus.PASSED and assignment.completed_at is not None
    assert AuditEvent.objects.filter(verb="assignment.quiz_submit").exists()
    with pytest.raises(ValidationError, match="already passed"):
        services.quiz_submit(actor=teammate, assignment=assignment, answers=_right(module))


def test_failing_keeps_the_assignment_open_and_records_the_attempt(lead, module, comms, teammate):
    _start(lead, module, Audience(org_units=[comms]))
    assignment = Assignment.objects.get(person=teammate.person)
    attempt = services.quiz_submit(actor=teammate, assignment=assignment, answers={})
    assignment.refresh_from_db()
    assert not attempt.passed and attempt.score == 0
    assert assignment.status == AssignmentStatus.IN_PROGRESS and assignment.attempt_count == 1


def test_an_answer_to_a_question_that_does_not_exist_writes_nothing(lead, module, comms, teammate):
    _start(lead, module, Audience(org_units=[comms]))
    assignment = Assignment.objects.get(person=teammate.person)
    with pytest.raises(ValidationError, match="no such question"):
        services.quiz_submit(actor=teammate, assignment=assignment, answers={"nope": ["a"]})
    assert not Attempt.objects.exists()
    assignment.refresh_from_db()
    assert assignment.attempt_count == 0


def test_nobody_takes_a_quiz_for_someone_else(lead, module, comms, teammate, owner):
    _start(lead, module, Audience(org_units=[comms]))
    assignment = Assignment.objects.get(person=teammate.person)
    with pytest.raises(ValidationError, match="not assigned to you"):
        services.quiz_submit(actor=owner, assignment=assignment, answers=_right(module))


def test_reminders_and_escalation_follow_the_deadline(lead, module, comms, teammate, owner):
    teammate.person.manager = owner.person
    teammate.person.save()
    deadline = timezone.localdate() + dt.timedelta(days=10)
    _start(lead, module, Audience(org_units=[comms]), deadline=deadline)
    owner_assignment = Assignment.objects.get(person=owner.person)
    services.quiz_submit(actor=owner, assignment=owner_assignment, answers=_right(module))
    Notification.objects.all().delete()
    assert services.awareness_follow_up(today=deadline - dt.timedelta(days=7))["reminded"] == 1
    assert services.awareness_follow_up(today=deadline - dt.timedelta(days=6))["reminded"] == 0
    assert services.awareness_follow_up(today=deadline + dt.timedelta(days=1))["escalated"] == 1
    assert services.awareness_follow_up(today=deadline + dt.timedelta(days=2))["escalated"] == 0
    escalation = Notification.objects.get(recipient=owner.person)
    assert str(teammate.person) in escalation.subject


def test_a_yearly_campaign_starts_its_next_run_on_the_anniversary(lead, module, comms):
    start = timezone.localdate() - dt.timedelta(days=400)
    first = _start(
        lead,
        module,
        Audience(org_units=[comms]),
        starts_on=start,
        deadline=start + dt.timedelta(days=30),
        recurrence="yearly",
    )
    assert services.campaign_recur(today=start + dt.timedelta(days=300)) == []
    started = services.campaign_recur(today=timezone.localdate())
    assert len(started) == 1 and started[0].previous == first
    assert started[0].assignments.count() == first.assignments.count()
    assert services.campaign_recur(today=timezone.localdate()) == []


def test_the_dashboard_gives_completion_pass_rate_and_overdue(
    lead, module, comms, sales, teammate, owner, outsider
):
    campaign = _start(lead, module, Audience(org_units=[comms, sales]))
    services.quiz_submit(
        actor=teammate,
        assignment=Assignment.objects.get(person=teammate.person),
        answers=_right(module),
    )
    services.quiz_submit(
        actor=owner, assignment=Assignment.objects.get(person=owner.person), answers={}
    )
    board = selectors.dashboard(user=lead, campaign=campaign)
    by_unit = {row.label: row for row in board.by_org_unit}
    assert by_unit["Communication"].completion == 50.0
    assert by_unit["Communication"].pass_rate == 50.0
    assert by_unit["Sales"].completion == 0.0
    assert board.overdue == []
    campaign.deadline = timezone.localdate() - dt.timedelta(days=1)
    campaign.starts_on = campaign.deadline - dt.timedelta(days=5)
    campaign.save()
    board = selectors.dashboard(user=lead, campaign=campaign)
    assert {a.person_id for a in board.overdue} == {owner.person_id, outsider.person_id}


def test_employees_see_only_their_own_assignments(
    api_as, lead, module, comms, teammate, owner, auditor
):
    _start(lead, module, Audience(org_units=[comms]))
    mine = api_as(teammate).get("/api/v1/assignments/").json()["results"]
    assert [a["person"] for a in mine] == [teammate.person_id]
    assert len(api_as(auditor).get("/api/v1/assignments/").json()["results"]) == 2


def test_the_quiz_api_scores_and_hides_correct_answers(
    api_as, lead, module, comms, teammate, owner
):
    _start(lead, module, Audience(org_units=[comms]))
    listed = api_as(teammate).get(f"/api/v1/training-modules/{module.pk}/").json()
    assert "correct" not in str(listed["questions"])
    assignment = Assignment.objects.get(person=teammate.person)
    url = f"/api/v1/assignments/{assignment.pk}/attempts/"
    assert api_as(owner).post(url, {"answers": _right(module)}, format="json").status_code in (
        403,
        404,
    )
    bad = api_as(teammate).post(url, {"answers": {"ghost": ["a"]}}, format="json")
    assert bad.status_code == 400
    good = api_as(teammate).post(url, {"answers": _right(module)}, format="json")
    assert good.status_code == 201 and good.json()["passed"] is True


def test_only_leads_start_campaigns_through_the_api(api_as, lead, module, teammate, auditor):
    payload = {
        "title": "Yearly",
        "modules": [module.pk],
        "everyone": True,
        "deadline": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
    }
    assert api_as(teammate).post("/api/v1/campaigns/", payload, format="json").status_code == 403
    assert api_as(auditor).post("/api/v1/campaigns/", payload, format="json").status_code == 403
    assert api_as(lead).post("/api/v1/campaigns/", payload, format="json").status_code == 201


def test_taking_the_quiz_in_the_portal(client, lead, module, comms, teammate):
    _start(lead, module, Audience(org_units=[comms]))
    assignment = Assignment.objects.get(person=teammate.person)
    client.force_login(teammate)
    page = client.get(reverse("awareness:assignment-take", args=[assignment.pk]))
    assert page.status_code == 200
    data = {f"q_{key}": values for key, values in _right(module).items()}
    response = client.post(reverse("awareness:assignment-take", args=[assignment.pk]), data)
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PASSED


def test_training_evidence_exports_only_what_the_reader_may_see(
    client, lead, module, comms, teammate, owner, auditor
):
    campaign = _start(lead, module, Audience(org_units=[comms]))
    services.quiz_submit(
        actor=teammate,
        assignment=Assignment.objects.get(person=teammate.person),
        answers=_right(module),
    )
    client.force_login(auditor)
    csv = client.get(reverse("awareness:campaign-export", args=[campaign.pk, "csv"]))
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert teammate.person.employee_id in text and owner.person.employee_id in text
    assert "passed" in text
    xlsx = client.get(reverse("awareness:campaign-export", args=[campaign.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    client.force_login(teammate)
    mine = client.get(reverse("awareness:campaign-export", args=[campaign.pk, "csv"]))
    assert owner.person.employee_id not in mine.content.decode("utf-8-sig")
