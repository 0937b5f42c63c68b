"""The whole shipped library through the one importer: every kind, every language, versioned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from socialgov.assessments.models import MaturityModel
from socialgov.awareness.models import TrainingModule
from socialgov.core.models import AuditEvent
from socialgov.library.importer import LibraryError, library_files, library_load
from socialgov.library.models import LibraryRelease
from socialgov.library.registry import loader_for
from socialgov.library.text import LANGUAGES
from socialgov.policies.models import PolicyTemplate

pytestmark = pytest.mark.django_db
LIBRARY = Path(settings.LIBRARY_DIR)
GOVERNANCE: dict[str, tuple[str, Any]] = {
    "maturity_model": ("maturity/social-media-governance.yaml", MaturityModel),
    "policy_template": ("policies/personal-use-guideline.yaml", PolicyTemplate),
    "training_module": ("training/private-use-at-work.yaml", TrainingModule),
}


def _read(relative: str) -> dict[str, Any]:
    return yaml.safe_load((LIBRARY / relative).read_text(encoding="utf-8"))


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def _texts(value: Any) -> list[dict[str, Any]]:
    """Every per-language mapping inside a document, however deeply nested."""
    if isinstance(value, dict):
        if set(value) & set(LANGUAGES):
            return [value]
        return [text for child in value.values() for text in _texts(child)]
    if isinstance(value, list):
        return [text for child in value for text in _texts(child)]
    return []


def test_the_whole_shipped_library_loads_with_one_command(capsys: Any) -> None:
    call_command("library", "load")
    files = library_files([LIBRARY])
    kinds = {yaml.safe_load(file.read_text(encoding="utf-8"))["kind"] for file in files}
    assert {"maturity_model", "policy_template", "training_module"} <= kinds
    assert LibraryRelease.objects.count() == len(files)
    assert MaturityModel.objects.filter(key="social-media-governance").exists()
    assert PolicyTemplate.objects.count() == len(list((LIBRARY / "policies").glob("*.yaml")))
    assert TrainingModule.objects.count() == len(list((LIBRARY / "training").glob("*.yaml")))
    assert "Library loaded." in capsys.readouterr().out


def test_every_shipped_text_is_in_english_dutch_and_french() -> None:
    for file in library_files([LIBRARY]):
        texts = _texts(yaml.safe_load(file.read_text(encoding="utf-8"))["items"])
        assert texts, f"{file} has no texts"
        for text in texts:
            missing = [lang for lang in LANGUAGES if not str(text.get(lang) or "").strip()]
            assert not missing, f"{file}: {text} lacks {missing}"


def test_loading_the_whole_library_twice_changes_nothing() -> None:
    library_load(paths=[LIBRARY])
    rows = (
        list(MaturityModel.objects.values_list("pk", "checksum", "updated_at")),
        list(PolicyTemplate.objects.values_list("pk", "checksum", "updated_at")),
        list(TrainingModule.objects.values_list("pk", "checksum", "updated_at")),
    )
    audit_events = AuditEvent.objects.count()
    report = library_load(paths=[LIBRARY])
    assert {outcome.status for outcome in report.outcomes} == {"unchanged"}
    assert rows == (
        list(MaturityModel.objects.values_list("pk", "checksum", "updated_at")),
        list(PolicyTemplate.objects.values_list("pk", "checksum", "updated_at")),
        list(TrainingModule.objects.values_list("pk", "checksum", "updated_at")),
    )
    assert AuditEvent.objects.count() == audit_events


@pytest.mark.parametrize("kind", sorted(GOVERNANCE))
def test_a_governance_document_with_a_bad_item_is_refused_naming_file_and_item(
    kind: str, tmp_path: Path
) -> None:
    relative, model = GOVERNANCE[kind]
    document = _read(relative)
    good = document["items"][0]
    bad = {**good, "key": "broken", "title": {"en": "Only English"}}
    document["items"] = [good, bad]
    _write(tmp_path / "bad.yaml", document)
    with pytest.raises(LibraryError) as refused:
        library_load(paths=[tmp_path])
    assert any(
        "bad.yaml: item 'broken'" in error and "nl" in error for error in refused.value.errors
    ), refused.value.errors
    assert not model.objects.exists()
    assert not LibraryRelease.objects.exists()


@pytest.mark.parametrize("kind", sorted(GOVERNANCE))
def test_an_item_that_is_not_a_mapping_is_refused_by_position(kind: str, tmp_path: Path) -> None:
    relative, model = GOVERNANCE[kind]
    document = _read(relative)
    document["items"] = [*document["items"], "just a string"]
    _write(tmp_path / "odd.yaml", document)
    with pytest.raises(LibraryError, match=r"odd.yaml: item #2: expected a mapping"):
        library_load(paths=[tmp_path])
    assert not model.objects.exists()


@pytest.mark.parametrize("kind", sorted(GOVERNANCE))
def test_an_older_version_of_a_governance_document_is_refused(kind: str, tmp_path: Path) -> None:
    relative, model = GOVERNANCE[kind]
    document = _read(relative)
    document["version"] = "2027.1"
    _write(tmp_path / "doc.yaml", document)
    library_load(paths=[tmp_path])
    before = list(model.objects.values_list("pk", "checksum"))
    document["version"] = "2026.9"
    _write(tmp_path / "doc.yaml", document)
    with pytest.raises(LibraryError, match=r"older than the loaded 2027\.1"):
        library_load(paths=[tmp_path])
    assert list(model.objects.values_list("pk", "checksum")) == before
    assert LibraryRelease.objects.get(library=document["library"]).version == "2027.1"


@pytest.mark.parametrize("kind", sorted(GOVERNANCE))
def test_the_same_version_with_other_content_is_refused(kind: str, tmp_path: Path) -> None:
    relative, model = GOVERNANCE[kind]
    document = _read(relative)
    _write(tmp_path / "doc.yaml", document)
    library_load(paths=[tmp_path])
    document["items"][0]["title"]["en"] = "Another title"
    _write(tmp_path / "doc.yaml", document)
    with pytest.raises(LibraryError, match="raise the version"):
        library_load(paths=[tmp_path])
    assert model.objects.get().title["en"] != "Another title"


@pytest.mark.parametrize("kind", ["policy_template", "training_module"])
def test_a_newer_version_updates_but_keeps_local_edits_unless_asked(
    kind: str, tmp_path: Path
) -> None:
    relative, model = GOVERNANCE[kind]
    document = _read(relative)
    _write(tmp_path / "doc.yaml", document)
    library_load(paths=[tmp_path])
    row = model.objects.get()
    row.title = {**row.title, "en": "Our own wording"}
    row.save()
    document["version"] = "2026.2"
    document["items"][0]["title"]["nl"] = "Nieuwe titel"
    _write(tmp_path / "doc.yaml", document)
    report = library_load(paths=[tmp_path])
    assert report.outcomes[0].result.kept_local == [row.key]
    row.refresh_from_db()
    assert row.title["en"] == "Our own wording" and row.title["nl"] != "Nieuwe titel"

    document["version"] = "2026.3"
    _write(tmp_path / "doc.yaml", document)
    report = library_load(paths=[tmp_path], overwrite_local=True)
    assert report.outcomes[0].result.updated == 1
    row.refresh_from_db()
    assert row.title["nl"] == "Nieuwe titel" and row.title["en"] != "Our own wording"


@pytest.mark.parametrize("kind", ["policy_template", "training_module"])
def test_an_item_whose_own_version_goes_backwards_is_refused(kind: str, tmp_path: Path) -> None:
    relative, model = GOVERNANCE[kind]
    document = _read(relative)
    document["items"][0]["version"] = 3
    _write(tmp_path / "doc.yaml", document)
    library_load(paths=[tmp_path])
    document["version"] = "2026.2"
    document["items"][0]["version"] = 2
    _write(tmp_path / "doc.yaml", document)
    with pytest.raises(LibraryError, match=r"version 2 is older than the loaded version 3"):
        library_load(paths=[tmp_path])
    assert model.objects.get().library_version == 3


@pytest.mark.parametrize("kind", sorted(GOVERNANCE))
def test_two_documents_defining_the_same_item_are_refused(kind: str, tmp_path: Path) -> None:
    relative, model = GOVERNANCE[kind]
    document = _read(relative)
    _write(tmp_path / "a.yaml", document)
    _write(tmp_path / "b.yaml", {**document, "library": document["library"] + "-copy"})
    with pytest.raises(LibraryError, match="defined more than once in this load"):
        library_load(paths=[tmp_path])
    assert not model.objects.exists()


def test_a_new_maturity_model_version_is_added_beside_the_old_one(tmp_path: Path) -> None:
    document = _read(GOVERNANCE["maturity_model"][0])
    _write(tmp_path / "m.yaml", document)
    library_load(paths=[tmp_path])
    document["version"] = "2026.2"
    document["items"][0]["version"] = 2
    document["items"][0]["title"]["en"] = "Maturity, second edition"
    _write(tmp_path / "m.yaml", document)
    library_load(paths=[tmp_path])
    assert list(MaturityModel.objects.values_list("library_version", flat=True)) == [2, 1]


def test_the_governance_kinds_are_registered() -> None:
    for kind in GOVERNANCE:
        assert loader_for(kind) is not None, kind


def test_a_document_whose_mapping_mixes_key_types_is_refused_not_crashed(tmp_path: Path) -> None:
    # Found by the governance fuzz test: YAML allows {1: .., "key": ..}, which JSON cannot sort.
    (tmp_path / "mixed.yaml").write_text(
        'kind: policy_template\nlibrary: mixed\nversion: "1"\n'
        "items:\n  - {key: {1: a, key: b}, category: personal_use}\n",
        encoding="utf-8",
    )
    with pytest.raises(LibraryError, match=r"mixed\.yaml: item #1"):
        library_load(paths=[tmp_path])
    assert not LibraryRelease.objects.exists()
