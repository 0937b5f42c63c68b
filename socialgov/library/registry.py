"""Loaders turn one kind of library document into rows. Apps register theirs at start-up.

A document is one YAML file:

    kind: risk_catalogue          # picks the loader
    library: socialgov.risks      # stable id of this document; one release per id is kept
    version: "2026.1"             # dotted numbers; a reload must not go backwards
    items: [...]                  # what the loader understands

Loaders validate every document before any of them writes (a load is all-or-nothing), in
the order their `requires` gives, so a document may refer to items of another one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from socialgov.core.models import User


@dataclass
class Document:
    path: str
    kind: str
    library: str
    version: str
    items: list[Any]
    digest: str
    raw: dict[str, Any]

    def where(self, index: int | None = None, key: Any = None) -> str:
        """How an error names its place: the file, and the item by key or position."""
        if key:
            return f"{self.path}: item {key!r}"
        if index is not None:
            return f"{self.path}: item #{index + 1}"
        return self.path


@dataclass
class LoadContext:
    """Shared by the loaders of one load: the keys each kind will hold once loaded."""

    keys: dict[str, set[str]] = field(default_factory=dict)
    actor: User | None = None
    overwrite_local: bool = False

    def keys_of(self, kind: str) -> set[str]:
        return self.keys.setdefault(kind, set())


@dataclass
class ApplyResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    # Items edited locally since they were loaded, left as they are (not overwritten silently).
    kept_local: list[str] = field(default_factory=list)


class Loader:
    kind: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""

    def existing_keys(self) -> Iterable[str]:
        """Keys already in the database, which documents may refer to too."""
        return ()

    def validate(self, document: Document, context: LoadContext) -> list[str]:
        """Errors naming the item; record the document's keys in `context.keys_of(kind)`."""
        raise NotImplementedError

    def apply(self, document: Document, context: LoadContext) -> ApplyResult:
        raise NotImplementedError


_loaders: dict[str, Loader] = {}


def register_loader(loader: Loader) -> Loader:
    if loader.kind in _loaders and type(_loaders[loader.kind]) is not type(loader):
        raise ValueError(f"a loader for {loader.kind!r} is already registered")
    _loaders[loader.kind] = loader
    return loader


def loader_for(kind: str) -> Loader | None:
    return _loaders.get(kind)


def loaders() -> dict[str, Loader]:
    return dict(_loaders)


def load_order(kinds: Iterable[str]) -> list[str]:
    """Kinds sorted so each comes after those it requires (unknown requirements are ignored)."""
    wanted = set(kinds)
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(kind: str) -> None:
        if kind in ordered:
            return
        if kind in visiting:
            raise ValueError(f"library kinds require each other in a cycle at {kind!r}")
        visiting.add(kind)
        loader = _loaders.get(kind)
        for required in loader.requires if loader else ():
            if required in wanted:
                visit(required)
        visiting.discard(kind)
        ordered.append(kind)

    for kind in sorted(wanted):
        visit(kind)
    return ordered
