from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from socialgov.core.audit import audit_verify
from socialgov.core.models import AuditEvent, Person, RoleAssignment, User

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_the_demo_builds_a_belgian_organisation_with_one_user_per_role(settings, tmp_path):
    settings.SOCIALGOV_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo", stdout=io.StringIO())
    assert Person.objects.count() >= 40
    assert {p.language for p in Person.objects.all()} >= {"nl", "fr"}
    for username, role in [
        ("admin", "admin"),
        ("lead", "governance_lead"),
        ("owner", "channel_owner"),
        ("analyst", "analyst"),
        ("employee", "employee"),
        ("auditor", "auditor"),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password("demo-password-for-tests")
        assert RoleAssignment.objects.filter(user=user, role=role).exists()
    assert audit_verify().ok


@pytest.mark.django_db
def test_running_the_demo_twice_duplicates_nothing(settings):
    settings.SOCIALGOV_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo", stdout=io.StringIO())
    counts = (Person.objects.count(), User.objects.count(), AuditEvent.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (Person.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts


def _socialgov(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, "-m", "socialgov.cli", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_embedded_default_generates_a_secret_key_once_readable_by_its_owner(tmp_path):
    result = _socialgov(["check"], {"SOCIALGOV_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    _socialgov(["check"], {"SOCIALGOV_DATA_DIR": str(tmp_path)})
    assert key_file.read_text() == first


def test_uploads_are_stored_under_the_data_folder_whatever_the_working_directory(tmp_path):
    probe = (
        "from django.core.files.base import ContentFile;"
        "from django.core.files.storage import default_storage;"
        "print(default_storage.path(default_storage.save('probe.txt', ContentFile(b'x'))))"
    )
    result = _socialgov(["shell", "-c", probe], {"SOCIALGOV_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    stored = Path(result.stdout.strip().splitlines()[-1])
    assert stored.parent == (tmp_path / "media").resolve()
    assert stored.read_bytes() == b"x"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _socialgov(
        ["check"],
        {"SOCIALGOV_DATA_DIR": str(tmp_path), "DATABASE_URL": "postgres://x@127.0.0.1/none"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_with_production_settings_reports_no_warnings(tmp_path):
    result = _socialgov(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "SOCIALGOV_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "SECRET_KEY": "x7$Kq!w2Lr9#Zb4@Vn8&Tm1^Hs6*Pd3(Gf5)Jc0-Yx_Ue+Ai=Oo.Ww,Ee;Rr:Tt",
            "ALLOWED_HOSTS": "socialgov.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr


@pytest.mark.django_db
def test_the_demo_writes_its_content_in_the_organisations_language(settings):
    from django.utils import translation

    from socialgov.incidents.models import Incident
    from socialgov.monitoring.models import AlertRule
    from socialgov.strategy.models import Objective

    settings.SOCIALGOV_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo", language="nl", stdout=io.StringIO())
    titles = set(Objective.objects.values_list("title", flat=True))
    assert "Klanten snel antwoorden op sociale media" in titles
    assert "Answer customers fast on social media" not in titles
    assert Incident.objects.filter(title="Instagramaccount plaatst cryptoweggeefacties").exists()
    rule = AlertRule.objects.get(name="Toxic comment or mention")
    with translation.override("fr"):
        assert rule.display_name == "Commentaire ou mention toxique"
    call_command("demo", language="fr", stdout=io.StringIO())
    assert Objective.objects.count() == len(titles)
    assert not Incident.objects.filter(title__startswith="Compte Instagram").exists()


@pytest.mark.django_db
def test_the_demo_writes_its_risks_kris_and_campaigns_in_the_organisations_language(settings):
    from socialgov.awareness.models import AwarenessCampaign
    from socialgov.library.importer import library_load
    from socialgov.risks.models import KRI, RiskAcceptance, RiskTreatment

    library_load(paths=[Path(__file__).resolve().parents[3] / "library"])
    settings.SOCIALGOV_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo", language="nl", stdout=io.StringIO())
    kris = set(KRI.objects.values_list("name", flat=True))
    assert "Pieken in negatieve vermeldingen per kwartaal" in kris
    assert not any("quarter" in name for name in kris)
    assert set(KRI.objects.values_list("unit", flat=True)) == {"pieken", "accounts"}
    titles = list(RiskTreatment.objects.values_list("task__title", flat=True))
    assert titles and all(title.startswith("Verminderen: ") for title in titles)
    assert RiskAcceptance.objects.get().justification.startswith("Klein bereik")
    campaigns = set(AwarenessCampaign.objects.values_list("title", flat=True))
    assert "Webcare: klachten en crisissen" in campaigns
    assert not any("awareness" in title for title in campaigns)
    count = (KRI.objects.count(), AwarenessCampaign.objects.count())
    call_command("demo", language="fr", stdout=io.StringIO())
    assert (KRI.objects.count(), AwarenessCampaign.objects.count()) == count
