"""No module outside `monitoring/platforms/` and `engine/sources/` branches on a connector kind:
what is special about a platform lives in its platform module, so adding or changing one
touches one place. The check walks the syntax tree of every application module."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from socialgov.engine.sources import source_kinds
from socialgov.monitoring.platforms.registry import PLATFORMS

ROOT = Path(__file__).resolve().parents[3]
ALLOWED = ("socialgov/monitoring/platforms/", "socialgov/engine/sources/")
# Files whose literals that look like kinds are something else, each with the reason.
NOT_CONNECTOR_KINDS = {
    # Channel platforms (the channel register's handle rules), not connector kinds.
    "socialgov/channels/handles.py",
    # Channel platforms mapped to the domains their use shows in a proxy log.
    "socialgov/engine/detectors/usage.py",
    # "meta" is the metadata block of a weights file.
    "socialgov/engine/analyzers/linear.py",
}
QUERY_METHODS = {"filter", "exclude", "get"}
KIND_LOOKUPS = re.compile(r"^(\w+__)*kind(__in)?$")


def connector_kinds() -> frozenset[str]:
    return frozenset(spec.kind for spec in source_kinds())


def _kind(node: ast.AST, kinds: frozenset[str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in kinds:
        return node.value
    return None


def _kinds_in(node: ast.AST, kinds: frozenset[str]) -> list[str]:
    """The kind literals of a constant or of a tuple, list or set of constants."""
    elements = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
    return [kind for kind in (_kind(element, kinds) for element in elements) if kind]


def _decision(node: ast.AST, kinds: frozenset[str]) -> tuple[str, list[str]]:
    """What kind of decision `node` is and the kind literals it decides on (none: no decision)."""
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        return "comparison", [kind for operand in operands for kind in _kinds_in(operand, kinds)]
    if isinstance(node, ast.Dict):
        keys = [key for key in node.keys if key is not None]
        return "dict key", [kind for key in keys for kind in _kinds_in(key, kinds)]
    if isinstance(node, ast.MatchValue):
        return "match case", _kinds_in(node.value, kinds)
    if isinstance(node, ast.Tuple | ast.List | ast.Set) and len(node.elts) > 1:
        # A collection made only of kinds lists the kinds something applies to.
        found = _kinds_in(node, kinds)
        return "collection of kinds", found if len(found) == len(node.elts) else []
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in QUERY_METHODS
    ):
        lookups = [kw.value for kw in node.keywords if kw.arg and KIND_LOOKUPS.match(kw.arg)]
        return "query on kind", [kind for value in lookups for kind in _kinds_in(value, kinds)]
    return "", []


def kind_branches(source: str, kinds: frozenset[str]) -> Iterator[str]:
    """Each place in `source` that decides on a connector kind literal, as "line: what"."""
    for node in ast.walk(ast.parse(source)):
        what, found = _decision(node, kinds)
        if found:
            yield f"{getattr(node, 'lineno', '?')}: {what} {', '.join(sorted(set(found)))}"


def application_modules() -> Iterator[Path]:
    for folder in ("socialgov", "config"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/tests/" in relative or "/migrations/" in relative:
                continue
            if relative.startswith(ALLOWED) or relative in NOT_CONNECTOR_KINDS:
                continue
            yield path


def test_no_module_outside_the_platform_folders_branches_on_a_connector_kind() -> None:
    kinds = connector_kinds()
    found = [
        f"{path.relative_to(ROOT)}:{branch}"
        for path in application_modules()
        for branch in kind_branches(path.read_text(encoding="utf-8"), kinds)
    ]
    assert found == []


def test_the_shared_platform_modules_leave_kinds_to_the_platform_modules() -> None:
    kinds = connector_kinds()
    folder = ROOT / "socialgov/monitoring/platforms"
    own = {path.rsplit(".", 2)[-2] for path in PLATFORMS.values()} | {"registry"}
    shared = [path for path in sorted(folder.glob("*.py")) if path.stem not in own]
    assert {path.stem for path in shared} >= {"forms", "health", "cards", "hooks", "moderation"}
    found = [
        f"{path.name}:{branch}"
        for path in shared
        for branch in kind_branches(path.read_text(encoding="utf-8"), kinds)
    ]
    assert found == []


def test_no_template_outside_the_platforms_compares_a_connector_kind() -> None:
    kinds = "|".join(sorted(connector_kinds()))
    pattern = re.compile(rf"kind\s*(==|!=|in)\s*['\"]?\(?['\"]({kinds})['\"]")
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "socialgov").rglob("templates/**/*.html"))
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_walks_a_real_number_of_modules() -> None:
    assert len(list(application_modules())) > 200


KINDS = frozenset({"meta", "slack", "chatter", "file"})


@pytest.mark.parametrize(
    "code",
    [
        'if connector.kind == "meta": pass',
        'ok = "slack" != kind',
        'ok = kind in ("slack", "chatter")',
        'ok = kind not in ["file"]',
        'FIELDS = {"meta": 1}',
        'INTERNAL = ("slack", "chatter")',
        'Connector.objects.filter(pk=1, kind="file")',
        'Connector.objects.exclude(connector__kind__in=("meta", "slack"))',
        'match kind:\n    case "chatter": pass',
    ],
)
def test_the_check_finds_every_way_of_branching_on_a_kind(code: str) -> None:
    assert list(kind_branches(code, KINDS))


@pytest.mark.parametrize(
    "code",
    [
        'item = {"kind": "meta"}',
        'services.connector_create(kind="file", name="x")',
        'CHANNELS = [("slack", "mosa-it/security")]',
        'path = options["file"]',
        'ok = post.platform == "facebook"',
    ],
)
def test_the_check_leaves_data_and_other_strings_alone(code: str) -> None:
    assert list(kind_branches(code, KINDS)) == []
