"""Other apps plug their own document kinds into `socialgov library load`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from socialgov.library import registry
from socialgov.library.importer import LibraryError, library_load
from socialgov.library.models import LibraryRelease
from socialgov.library.registry import ApplyResult, Document, LoadContext, Loader
from socialgov.library.validation import check_key, check_text


class GlossaryLoader(Loader):
    """A toy kind: terms with a translated definition, kept in memory."""

    kind = "test_glossary"
    description = "terms and definitions (test only)"
    stored: ClassVar[dict[str, Any]] = {}

    def validate(self, document: Document, context: LoadContext) -> list[str]:
        errors = []
        for index, item in enumerate(document.items):
            where = document.where(index, item.get("key") if isinstance(item, dict) else None)
            if not isinstance(item, dict):
                errors.append(f"{where}: expected a mapping")
                continue
            errors += check_key(item, where) + check_text(item, "definition", where)
        return errors

    def apply(self, document: Document, context: LoadContext) -> ApplyResult:
        for item in document.items:
            self.stored[item["key"]] = item["definition"]
        return ApplyResult(created=len(document.items))


@pytest.fixture
def glossary(monkeypatch: pytest.MonkeyPatch) -> type[GlossaryLoader]:
    monkeypatch.setattr(registry, "_loaders", dict(registry.loaders()))
    registry.register_loader(GlossaryLoader())
    GlossaryLoader.stored.clear()
    return GlossaryLoader


def _write(path: Path, items: list[Any], version: str = "1") -> Path:
    document = {"kind": "test_glossary", "library": "test.glossary", "version": version}
    path.write_text(yaml.safe_dump({**document, "items": items}), encoding="utf-8")
    return path


DEFINITION = {"en": "A risk", "nl": "Een risico", "fr": "Un risque"}


def test_a_registered_kind_is_loaded_and_versioned_like_the_others(
    db: None, tmp_path: Path, glossary: type[GlossaryLoader]
) -> None:
    path = _write(tmp_path / "glossary.yaml", [{"key": "kri", "definition": DEFINITION}])
    report = library_load(paths=[path])
    assert report.outcomes[0].result.created == 1
    assert glossary.stored == {"kri": DEFINITION}
    assert LibraryRelease.objects.get(library="test.glossary").kind == "test_glossary"
    _write(path, [{"key": "kri", "definition": DEFINITION}], version="0.9")
    with pytest.raises(LibraryError, match="older"):
        library_load(paths=[path])


def test_its_validation_errors_refuse_the_whole_load(
    db: None, tmp_path: Path, glossary: type[GlossaryLoader]
) -> None:
    path = _write(tmp_path / "glossary.yaml", [{"key": "kri", "definition": {"en": "only"}}])
    with pytest.raises(LibraryError, match="no nl translation"):
        library_load(paths=[path])
    assert glossary.stored == {}
    assert not LibraryRelease.objects.exists()


def test_a_second_loader_for_the_same_kind_is_refused(glossary: type[GlossaryLoader]) -> None:
    class Other(GlossaryLoader):
        pass

    with pytest.raises(ValueError, match="already registered"):
        registry.register_loader(Other())
