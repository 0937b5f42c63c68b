"""Load the reference library: all documents are checked first, then written in one transaction.

Version rules, per document id (`library`):
- nothing loaded yet, or a newer version: written (items created, updated or retired);
- the same version with the same content: nothing happens, so loading twice is harmless;
- the same version with other content, or an older version: refused.
Items edited locally since they were loaded are kept as they are and reported, unless the
operator asks to overwrite them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from socialgov.core.audit import audit_record
from socialgov.core.models import User
from socialgov.library.models import LibraryRelease
from socialgov.library.registry import ApplyResult, Document, LoadContext, load_order, loader_for
from socialgov.library.validation import digest, duplicates, parse_version

MAX_FILE_BYTES = 2 * 1024 * 1024


class LibraryError(Exception):
    """The load was refused; nothing was written. `errors` name the file and item."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class DocumentOutcome:
    document: Document
    status: str  # "loaded", "unchanged"
    result: ApplyResult = field(default_factory=ApplyResult)
    previous_version: str = ""


@dataclass
class LoadReport:
    outcomes: list[DocumentOutcome] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = []
        for outcome in self.outcomes:
            doc = outcome.document
            if outcome.status == "unchanged":
                lines.append(f"{doc.library} {doc.version}: already loaded, nothing to do")
                continue
            result = outcome.result
            since = f" (was {outcome.previous_version})" if outcome.previous_version else ""
            lines.append(
                f"{doc.library} {doc.version}{since}: {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged, {result.retired} retired"
            )
            for key in result.kept_local:
                lines.append(
                    f"  kept the local edit of {key!r}; run with --overwrite-local to replace it"
                )
        return lines


def library_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


def read_document(path: Path, label: str | None = None) -> tuple[Document | None, list[str]]:
    name = label or str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        return None, [f"{name}: cannot be read ({error.strerror})"]
    if size > MAX_FILE_BYTES:
        return None, [f"{name}: larger than {MAX_FILE_BYTES} bytes"]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [f"{name}: not UTF-8 text"]
    except yaml.YAMLError as error:
        return None, [f"{name}: not valid YAML ({str(error).splitlines()[0]})"]
    return parse_document(raw, name)


def parse_document(raw: Any, name: str) -> tuple[Document | None, list[str]]:
    if not isinstance(raw, dict):
        return None, [f"{name}: expected a mapping with kind, library, version and items"]
    errors = []
    kind, library, version, items = (raw.get(k) for k in ("kind", "library", "version", "items"))
    if not isinstance(kind, str) or loader_for(kind) is None:
        errors.append(f"{name}: unknown kind {kind!r}")
    if not isinstance(library, str) or not library.strip() or len(library) > 100:
        errors.append(f"{name}: 'library' must name the document (up to 100 characters)")
    if parse_version(version) is None:
        errors.append(f"{name}: 'version' must be dotted numbers like 2026.1 (got {version!r})")
    if not isinstance(items, list) or not items:
        errors.append(f"{name}: 'items' must be a non-empty list")
    if errors:
        return None, errors
    document = Document(
        path=name,
        kind=str(kind),
        library=str(library).strip(),
        version=str(version).strip(),
        items=list(items),  # type: ignore[arg-type]
        digest=digest(raw),
        raw=raw,
    )
    return document, []


def library_load(
    *,
    paths: Iterable[Path],
    actor: User | None = None,
    overwrite_local: bool = False,
    root: Path | None = None,
) -> LoadReport:
    """Validate every document under `paths`, then write them all or nothing."""
    documents: list[Document] = []
    errors: list[str] = []
    for path in library_files(paths):
        label = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        document, found = read_document(path, label)
        errors += found
        if document is not None:
            documents.append(document)
    if not documents and not errors:
        errors.append("no library documents found")
    for library in duplicates(doc.library for doc in documents):
        files = [doc.path for doc in documents if doc.library == library]
        errors.append(f"library {library!r} is defined by more than one file: {files}")
    if errors:
        raise LibraryError(errors)
    return _load(documents, actor=actor, overwrite_local=overwrite_local)


def _release_check(document: Document, release: LibraryRelease | None) -> tuple[str, bool]:
    """Why a document may not replace the loaded release (empty when it may), and whether it
    changes anything."""
    if release is None:
        return "", True
    if release.kind != document.kind:
        return (
            f"{document.path}: library {document.library!r} was loaded as "
            f"{release.kind!r}, not {document.kind!r}",
            False,
        )
    new, old = parse_version(document.version), parse_version(release.version)
    assert new is not None
    if old is not None and new < old:
        return (
            f"{document.path}: version {document.version} is older than the loaded "
            f"{release.version} of {document.library!r}; refused",
            False,
        )
    if old == new and release.digest != document.digest:
        return (
            f"{document.path}: content differs from the loaded version "
            f"{release.version} of {document.library!r}; raise the version",
            False,
        )
    return "", old != new


def _load(documents: list[Document], *, actor: User | None, overwrite_local: bool) -> LoadReport:
    context = LoadContext(actor=actor, overwrite_local=overwrite_local)
    by_kind: dict[str, list[Document]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    ordered = [doc for kind in load_order(by_kind) for doc in by_kind[kind]]
    errors: list[str] = []
    with transaction.atomic():
        releases = {
            release.library: release
            for release in LibraryRelease.objects.select_for_update().filter(
                library__in=[doc.library for doc in ordered]
            )
        }
        plan: list[tuple[Document, LibraryRelease | None, bool]] = []
        for kind in by_kind:
            loader = loader_for(kind)
            assert loader is not None
            context.keys_of(kind).update(loader.existing_keys())
        for document in ordered:
            release = releases.get(document.library)
            refusal, changed = _release_check(document, release)
            if refusal:
                errors.append(refusal)
                continue
            loader = loader_for(document.kind)
            assert loader is not None
            errors += loader.validate(document, context)
            plan.append((document, release, changed))
        if errors:
            raise LibraryError(errors)
        report = LoadReport()
        for document, release, changed in plan:
            if not changed:
                report.outcomes.append(DocumentOutcome(document, "unchanged"))
                continue
            loader = loader_for(document.kind)
            assert loader is not None
            result = loader.apply(document, context)
            previous = release.version if release else ""
            LibraryRelease.objects.update_or_create(
                library=document.library,
                defaults={
                    "kind": document.kind,
                    "version": document.version,
                    "digest": document.digest,
                    "source": document.path[:500],
                },
            )
            audit_record(
                actor=actor,
                verb="library.load",
                target_type="library.libraryrelease",
                target_label=f"{document.library} {document.version}",
                changes={
                    "version": [previous or None, document.version],
                    "created": result.created,
                    "updated": result.updated,
                    "retired": result.retired,
                    "kept_local": result.kept_local,
                },
            )
            report.outcomes.append(DocumentOutcome(document, "loaded", result, previous))
    return report
