"""The reference library importer: idempotent, versioned, all-or-nothing, hostile-file safe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from socialgov.library.importer import LibraryError, library_load
from socialgov.library.models import ItemOrigin, LibraryRelease
from socialgov.library.registry import load_order
from socialgov.risks.models import Control, RiskMatrix, RiskType

LIBRARY = Path(settings.LIBRARY_DIR)


def _read(relative: str) -> dict[str, Any]:
    return yaml.safe_load((LIBRARY / relative).read_text(encoding="utf-8"))


def _write(directory: Path, name: str, document: dict[str, Any]) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the shipped library that a test may change."""
    for relative in ("risks/catalogue.yaml", "controls/controls.yaml", "matrices/matrices.yaml"):
        _write(tmp_path, relative.replace("/", "-"), _read(relative))
    return tmp_path


def test_the_shipped_library_loads_every_required_item(db: None) -> None:
    report = library_load(paths=[LIBRARY])
    risk_kinds = {"risk_matrices", "risk_catalogue", "controls"}
    assert len([o for o in report.outcomes if o.document.kind in risk_kinds]) == 3
    assert RiskType.objects.count() >= 13
    assert set(RiskMatrix.objects.values_list("size", flat=True)) == {3, 4, 5}
    mfa = Control.objects.get(key="mfa-on-accounts")
    assert "A.8.5" in mfa.iso27001
    assert set(mfa.risk_types.values_list("key", flat=True)) >= {"account-hijack"}
    for risk_type in RiskType.objects.all():
        for language in ("en", "nl", "fr"):
            assert risk_type.title[language]
            assert risk_type.description[language]
        assert risk_type.controls.exists(), f"{risk_type.key} has no suggested controls"


def test_loading_twice_changes_nothing(db: None) -> None:
    library_load(paths=[LIBRARY])
    before = list(RiskType.objects.values_list("key", "library_digest", "pk"))
    report = library_load(paths=[LIBRARY])
    assert {outcome.status for outcome in report.outcomes} == {"unchanged"}
    assert list(RiskType.objects.values_list("key", "library_digest", "pk")) == before


def test_a_newer_version_updates_items(db: None, copy: Path) -> None:
    library_load(paths=[copy])
    catalogue = _read("risks/catalogue.yaml")
    catalogue["version"] = "2026.2"
    catalogue["items"][0]["title"]["en"] = "A changed title"
    _write(copy, "risks-catalogue.yaml", catalogue)
    report = library_load(paths=[copy])
    outcome = next(o for o in report.outcomes if o.document.kind == "risk_catalogue")
    assert outcome.result.updated == 1
    assert RiskType.objects.get(key=catalogue["items"][0]["key"]).title["en"] == "A changed title"
    assert LibraryRelease.objects.get(library=catalogue["library"]).version == "2026.2"


def test_an_older_version_is_refused_and_nothing_is_written(db: None, copy: Path) -> None:
    catalogue = _read("risks/catalogue.yaml")
    catalogue["version"] = "2027.1"
    _write(copy, "risks-catalogue.yaml", catalogue)
    library_load(paths=[copy])
    catalogue["version"] = "2026.9"
    catalogue["items"][0]["title"]["en"] = "Going back"
    _write(copy, "risks-catalogue.yaml", catalogue)
    with pytest.raises(LibraryError, match=r"older than the loaded 2027\.1"):
        library_load(paths=[copy])
    assert RiskType.objects.get(key=catalogue["items"][0]["key"]).title["en"] != "Going back"


def test_the_same_version_with_other_content_is_refused(db: None, copy: Path) -> None:
    library_load(paths=[copy])
    controls = _read("controls/controls.yaml")
    controls["items"][0]["title"]["fr"] = "Autre titre"
    _write(copy, "controls-controls.yaml", controls)
    with pytest.raises(LibraryError, match="raise the version"):
        library_load(paths=[copy])


def test_local_edits_are_kept_and_reported_unless_overwriting_is_asked(
    db: None, copy: Path
) -> None:
    library_load(paths=[copy])
    edited = RiskType.objects.get(key="viral-complaint")
    edited.title = {**edited.title, "en": "Our own wording"}
    edited.save()
    catalogue = _read("risks/catalogue.yaml")
    catalogue["version"] = "2026.2"
    for item in catalogue["items"]:
        item["typical_impact"] = 5
    _write(copy, "risks-catalogue.yaml", catalogue)
    report = library_load(paths=[copy])
    assert any("kept the local edit of 'viral-complaint'" in line for line in report.lines())
    edited.refresh_from_db()
    assert edited.title["en"] == "Our own wording"
    assert edited.typical_impact != 5
    assert RiskType.objects.get(key="account-hijack").typical_impact == 5

    catalogue["version"] = "2026.3"
    _write(copy, "risks-catalogue.yaml", catalogue)
    library_load(paths=[copy], overwrite_local=True)
    edited.refresh_from_db()
    assert edited.title["en"] != "Our own wording"
    assert edited.typical_impact == 5
    assert edited.origin == ItemOrigin.LIBRARY


def test_items_dropped_from_a_newer_version_are_retired_not_deleted(db: None, copy: Path) -> None:
    library_load(paths=[copy])
    controls = _read("controls/controls.yaml")
    controls["version"] = "2026.2"
    dropped = controls["items"].pop()
    _write(copy, "controls-controls.yaml", controls)
    report = library_load(paths=[copy])
    assert next(o for o in report.outcomes if o.document.kind == "controls").result.retired == 1
    assert Control.objects.get(key=dropped["key"]).retired


@pytest.mark.parametrize(
    "breakage,message",
    [
        (lambda doc: doc["items"][1]["title"].pop("nl"), "has no nl translation"),
        (lambda doc: doc["items"][1].update(key=doc["items"][0]["key"]), "duplicate key"),
        (lambda doc: doc["items"][2].update(category="weather"), "'category' must be one of"),
        (lambda doc: doc["items"][0].update(platforms=["myspace"]), "unknown values ['myspace']"),
        (lambda doc: doc["items"][0].update(typical_impact=9), "from 1 to 5"),
        (lambda doc: doc.update(version="latest"), "'version' must be dotted numbers"),
        (lambda doc: doc.update(kind="horoscope"), "unknown kind 'horoscope'"),
    ],
)
def test_a_broken_catalogue_names_the_problem_and_writes_nothing(
    db: None, copy: Path, breakage: Any, message: str
) -> None:
    catalogue = _read("risks/catalogue.yaml")
    breakage(catalogue)
    _write(copy, "risks-catalogue.yaml", catalogue)
    with pytest.raises(LibraryError) as refused:
        library_load(paths=[copy])
    assert message in str(refused.value)
    assert not RiskType.objects.exists()
    assert not RiskMatrix.objects.exists()
    assert not LibraryRelease.objects.exists()


def test_a_control_referring_to_an_unknown_risk_type_is_a_broken_reference(
    db: None, copy: Path
) -> None:
    controls = _read("controls/controls.yaml")
    controls["items"][3]["reduces"].append("alien-invasion")
    _write(copy, "controls-controls.yaml", controls)
    with pytest.raises(LibraryError, match=r"unknown risk types \['alien-invasion'\]"):
        library_load(paths=[copy])
    assert not Control.objects.exists()


def test_it_refuses_iso_references_that_do_not_exist_in_annex_a(db: None, copy: Path) -> None:
    controls = _read("controls/controls.yaml")
    controls["items"][0]["iso27001"] = ["A.5.38", "A.9.1"]
    _write(copy, "controls-controls.yaml", controls)
    with pytest.raises(LibraryError) as refused:
        library_load(paths=[copy])
    assert "A.5.38 does not exist" in str(refused.value)
    assert "'A.9.1' is not an Annex A reference" in str(refused.value)


def test_a_matrix_grid_with_an_undefined_level_is_refused(db: None, copy: Path) -> None:
    matrices = _read("matrices/matrices.yaml")
    matrices["items"][0]["grid"][0][0] = "apocalyptic"
    _write(copy, "matrices-matrices.yaml", matrices)
    with pytest.raises(LibraryError, match="undefined levels"):
        library_load(paths=[copy])


@pytest.mark.parametrize(
    "content", ["items: [unclosed", "- just\n- a list\n", "\x00\x01binary", "kind: controls\n"]
)
def test_hostile_files_get_a_clear_error(db: None, tmp_path: Path, content: str) -> None:
    (tmp_path / "bad.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(LibraryError) as refused:
        library_load(paths=[tmp_path])
    assert "bad.yaml" in str(refused.value)


def test_two_files_claiming_the_same_library_are_refused(db: None, copy: Path) -> None:
    _write(copy, "again.yaml", _read("risks/catalogue.yaml"))
    with pytest.raises(LibraryError, match="defined by more than one file"):
        library_load(paths=[copy])


def test_controls_load_after_the_catalogue_they_refer_to() -> None:
    assert load_order(["controls", "risk_matrices", "risk_catalogue"]).index(
        "risk_catalogue"
    ) < load_order(["controls", "risk_catalogue"]).index("controls")


def test_the_command_loads_and_fails_loudly(db: None, tmp_path: Path, capsys: Any) -> None:
    call_command("library", "load")
    assert "Library loaded." in capsys.readouterr().out
    (tmp_path / "bad.yaml").write_text("kind: nothing\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("library", "load", str(tmp_path))
