"""The structure the design promises, checked on the source: a pure engine and no import
cycles."""

from __future__ import annotations

import pytest

from tests.code_graph import cycles, import_graph, imported_names, modules

FORBIDDEN_IN_ENGINE = ("django", "rest_framework", "drf_spectacular", "celery", "allauth")


def test_the_engine_imports_nothing_from_django_celery_or_the_rest_of_the_project() -> None:
    offences = []
    for module in modules("socialgov.engine").values():
        for target, _names in imported_names(module):
            top = target.split(".")[0]
            foreign = target.startswith("socialgov.") and not target.startswith("socialgov.engine")
            if top in FORBIDDEN_IN_ENGINE or foreign or target == "socialgov":
                offences.append(f"{module.name} imports {target}")
    assert offences == []


@pytest.mark.parametrize("package", ["socialgov.monitoring", "socialgov.engine", "socialgov"])
def test_there_are_no_import_cycles_even_through_function_level_imports(package: str) -> None:
    assert cycles(import_graph(package)) == []


def test_the_cycle_check_finds_a_cycle_when_there_is_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
