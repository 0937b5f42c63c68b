from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from socialgov.assessments import services
from socialgov.assessments.models import Answer, AssessmentGap, AssessmentStatus, MaturityModel
from socialgov.core.models import Task
from socialgov.library.importer import LibraryError, library_load

pytestmark = pytest.mark.django_db
LIBRARY = Path(__file__).resolve().parents[3] / "library" / "maturity"


@pytest.fixture
def model() -> MaturityModel:
    library_load(paths=[LIBRARY])
    return MaturityModel.objects.get()


def _answers(model: MaturityModel, level: int) -> dict[str, str]:
    """Every question answered at `level` (dependent ones too)."""
    answers = {}
    for question in model.parsed().questions():
        choice = min(question.choices, key=lambda c: abs(c.level - level))
        answers[question.key] = choice.key
    return answers


def _complete(lead, model, level, respondents, **kwargs):
    assessment = services.assessment_start(
        actor=lead, model=model, title=f"Level {level}", respondents=respondents, **kwargs
    )
    for person in respondents:
        services.assessment_answer(
            actor=lead, assessment=assessment, person=person, answers=_answers(model, level)
        )
    return services.assessment_complete(actor=lead, assessment=assessment)


def test_loading_a_changed_model_without_a_new_version_is_refused(model, tmp_path):
    # A new release of the document that rewords the model but keeps its version number:
    # assessments made with version 1 would silently get other questions.
    text = (LIBRARY / "social-media-governance.yaml").read_text()
    text = text.replace('version: "2026.1"', 'version: "2026.2"')
    (tmp_path / "m.yaml").write_text(text.replace("Is there a written", "Is there any written"))
    refused = r"m\.yaml: item 'social-media-governance'.*without a new version"
    with pytest.raises(LibraryError, match=refused):
        library_load(paths=[tmp_path])
    assert MaturityModel.objects.count() == 1
    (tmp_path / "m.yaml").write_text(text.replace("    version: 1", "    version: 2"))
    report = library_load(paths=[tmp_path])
    assert report.outcomes[0].result.created == 1
    assert list(MaturityModel.objects.values_list("library_version", flat=True)) == [2, 1]


def test_answers_are_saved_and_can_be_changed_until_completion(lead, model):
    assessment = services.assessment_start(
        actor=lead, model=model, title="Self", respondents=[lead.person]
    )
    services.assessment_answer(
        actor=lead, assessment=assessment, person=lead.person, answers={"channel-owner": "ad-hoc"}
    )
    services.assessment_answer(
        actor=lead, assessment=assessment, person=lead.person, answers={"channel-owner": "managed"}
    )
    assert Answer.objects.get().choice_key == "managed"
    with pytest.raises(ValidationError, match="still need an answer"):
        services.assessment_complete(actor=lead, assessment=assessment)


def test_completing_records_scores_and_gaps_that_become_tasks_once(lead, owner, model):
    assessment = _complete(lead, model, 2, [lead.person, owner.person])
    assert assessment.status == AssessmentStatus.COMPLETED
    assert assessment.overall_score == 2.0
    gaps = AssessmentGap.objects.filter(assessment=assessment)
    assert gaps.count() > 0
    due = timezone.localdate() + dt.timedelta(days=30)
    tasks = services.gap_tasks_create(
        actor=lead, assessment=assessment, owner=owner.person, due_date=due
    )
    assert len(tasks) == gaps.count()
    assert {t.owner_id for t in tasks} == {owner.person_id}
    assert all(t.source == "assessment_gap" and t.due_date == due for t in tasks)
    assert services.gap_tasks_create(actor=lead, assessment=assessment, owner=owner.person) == []
    assert Task.objects.filter(source="assessment_gap").count() == gaps.count()


def test_gap_tasks_need_a_completed_assessment(lead, model):
    assessment = services.assessment_start(
        actor=lead, model=model, title="Open", respondents=[lead.person]
    )
    with pytest.raises(ValidationError, match="Complete the assessment"):
        services.gap_tasks_create(actor=lead, assessment=assessment, owner=lead.person)


def test_a_high_level_assessment_has_no_gaps(lead, model):
    assessment = _complete(lead, model, 4, [lead.person])
    assert not assessment.gaps.exists()


def test_answers_to_unknown_questions_or_choices_write_nothing(lead, model):
    assessment = services.assessment_start(
        actor=lead, model=model, title="X", respondents=[lead.person]
    )
    with pytest.raises(ValidationError):
        services.assessment_answer(
            actor=lead,
            assessment=assessment,
            person=lead.person,
            answers={"channel-owner": "managed", "ghost": "managed"},
        )
    with pytest.raises(ValidationError):
        services.assessment_answer(
            actor=lead, assessment=assessment, person=lead.person, answers={"mfa": "defined"}
        )
    assert not Answer.objects.exists()


def test_only_respondents_answer(lead, teammate, model):
    assessment = services.assessment_start(
        actor=lead, model=model, title="X", respondents=[lead.person]
    )
    with pytest.raises(ValidationError, match="not a respondent"):
        services.assessment_answer(
            actor=teammate, assessment=assessment, person=teammate.person, answers={}
        )


def test_comparison_with_an_earlier_assessment_shows_what_improved(lead, model, client):
    from socialgov.assessments.selectors import domain_rows, question_changes

    before = _complete(lead, model, 2, [lead.person])
    after = _complete(lead, model, 4, [lead.person], previous=before)
    assert {row.change.direction for row in domain_rows(after)} == {"improved"}
    assert question_changes(after) and all(
        c.direction == "improved" for c in question_changes(after)
    )
    client.force_login(lead)
    page = client.get(reverse("assessments:assessment-detail", args=[after.pk]))
    assert page.status_code == 200
    assert b"<svg" in page.content and b"radar-previous" in page.content


def test_the_report_is_a_pdf(lead, model, client):
    assessment = _complete(lead, model, 2, [lead.person])
    client.force_login(lead)
    response = client.get(reverse("assessments:assessment-pdf", args=[assessment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_who_sees_which_assessment(api_as, lead, owner, teammate, outsider, auditor, comms, model):
    from socialgov.core.models import Role
    from socialgov.core.services import role_assign

    unit_lead = teammate
    role_assign(actor=None, user=unit_lead, role=Role.GOVERNANCE_LEAD, org_unit=comms)
    org_wide = services.assessment_start(
        actor=lead, model=model, title="Org", respondents=[lead.person]
    )
    unit = services.assessment_start(
        actor=lead, model=model, title="Comms", respondents=[owner.person], org_unit=comms
    )

    def titles(user):
        return {a["title"] for a in api_as(user).get("/api/v1/assessments/").json()["results"]}

    assert titles(auditor) == {"Org", "Comms"}
    assert titles(owner) == {"Comms"}  # as respondent
    assert titles(unit_lead) == {"Comms"}  # as lead of the unit
    assert titles(outsider) == set()
    assert api_as(outsider).post(f"/api/v1/assessments/{org_wide.pk}/complete/").status_code == 404
    assert api_as(auditor).post(f"/api/v1/assessments/{unit.pk}/complete/").status_code == 403


def test_a_respondent_answers_through_the_api(api_as, lead, owner, model):
    assessment = services.assessment_start(
        actor=lead, model=model, title="X", respondents=[owner.person]
    )
    url = f"/api/v1/assessments/{assessment.pk}/answers/"
    ok = api_as(owner).post(url, {"answers": {"mfa": "all"}, "submit": True}, format="json")
    assert ok.status_code == 200, ok.json()
    bad = api_as(owner).post(url, {"answers": {"mfa": "everything"}}, format="json")
    assert bad.status_code == 400
    assert Answer.objects.get().choice_key == "all"
    result = api_as(lead).get(f"/api/v1/assessments/{assessment.pk}/result/").json()
    assert {d["domain"]: d["score"] for d in result["domains"]}["security"] == 4.0


def test_a_lead_adds_a_respondent_and_others_cannot(api_as, lead, owner, teammate, model):
    assessment = services.assessment_start(
        actor=lead, model=model, title="X", respondents=[lead.person]
    )
    url = f"/api/v1/assessments/{assessment.pk}/respondents/"
    added = api_as(lead).post(url, {"person": owner.person_id}, format="json")
    assert added.status_code == 200
    assert set(added.json()["respondents"]) == {lead.person_id, owner.person_id}
    # A respondent sees the assessment but may not change who answers it.
    assert api_as(owner).post(url, {"person": teammate.person_id}, format="json").status_code == 403
    assert assessment.respondents.count() == 2


def test_a_gap_task_reads_in_each_readers_language_and_is_mailed_in_its_owners(
    lead, owner, model, mailoutbox, django_capture_on_commit_callbacks
):
    owner.person.language = "nl"
    owner.person.save(update_fields=["language"])
    assessment = _complete(lead, model, 1, [lead.person])
    with django_capture_on_commit_callbacks(execute=True):
        task = services.gap_tasks_create(actor=lead, assessment=assessment, owner=owner.person)[0]
    gap = AssessmentGap.objects.get(task=task)
    with translation.override("fr"):
        assert task.display_title == f"Écart de maturité : {gap.action['fr']}"
    assert task.title == f"Maturity gap: {gap.action['en']}"  # the plain column: English
    assert mailoutbox[0].subject.startswith("[socialgov] ") and gap.action["nl"] in (
        mailoutbox[0].subject
    )
    assert f"Niveau {gap.level}" in mailoutbox[0].body
