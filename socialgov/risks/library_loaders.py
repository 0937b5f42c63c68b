"""Loaders for the risk library documents: matrices, the risk catalogue and controls."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from socialgov.library.registry import ApplyResult, Document, LoadContext, Loader
from socialgov.library.sync import sync_items
from socialgov.library.validation import (
    check_choices,
    check_int,
    check_key,
    check_text,
    check_text_list,
    check_unknown_fields,
    duplicates,
)
from socialgov.risks.models import Control, RiskMatrix, RiskType
from socialgov.risks.models.choices import ControlType, PostureCheck, RiskCategory
from socialgov.risks.vocabulary import PLATFORMS, PURPOSES

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
ISO_REFERENCE = re.compile(r"^A\.[5-8]\.\d{1,2}$")  # Annex A of ISO/IEC 27001:2022: A.5.1-A.8.34
ISO_LIMITS = {5: 37, 6: 8, 7: 14, 8: 34}


def _items(document: Document) -> tuple[list[Mapping[str, Any]], list[str]]:
    items, errors = [], []
    for index, item in enumerate(document.items):
        if not isinstance(item, Mapping):
            errors.append(f"{document.where(index)}: expected a mapping")
        else:
            items.append(item)
    return items, errors


def _keys(document: Document, items: list[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    errors = []
    for index, item in enumerate(items):
        errors += check_key(item, document.where(index))
    keys = [item["key"] for item in items if isinstance(item.get("key"), str)]
    errors += [f"{document.path}: duplicate key {key!r}" for key in duplicates(keys)]
    return keys, errors


class RiskMatrixLoader(Loader):
    kind = "risk_matrices"
    description = "likelihood × impact matrices with named levels and colours"
    FIELDS = (
        "name",
        "description",
        "size",
        "likelihood_levels",
        "impact_levels",
        "bands",
        "cells",
    )
    ALLOWED = ("key", "name", "description", "size", "likelihood", "impact", "levels", "grid")

    def existing_keys(self) -> Iterable[str]:
        return RiskMatrix.objects.values_list("key", flat=True)

    def validate(self, document: Document, context: LoadContext) -> list[str]:
        items, errors = _items(document)
        keys, key_errors = _keys(document, items)
        errors += key_errors
        for index, item in enumerate(items):
            where = document.where(index, item.get("key"))
            errors += check_unknown_fields(item, self.ALLOWED, where)
            errors += check_text(item, "name", where)
            errors += check_text(item, "description", where, required=False)
            size_errors = check_int(item, "size", where, 2, 10)
            errors += size_errors
            if size_errors:
                continue
            size = item["size"]
            for axis in ("likelihood", "impact"):
                levels = item.get(axis)
                if not isinstance(levels, list) or len(levels) != size:
                    errors.append(f"{where}: '{axis}' must list {size} levels, lowest first")
                    continue
                for number, level in enumerate(levels, start=1):
                    level_where = f"{where}, {axis} level {number}"
                    if not isinstance(level, Mapping):
                        errors.append(f"{level_where}: expected a mapping")
                        continue
                    errors += check_text(level, "label", level_where)
                    errors += check_text(level, "description", level_where, required=False)
            bands = item.get("levels")
            band_keys: list[str] = []
            if not isinstance(bands, list) or not bands:
                errors.append(f"{where}: 'levels' must list the named levels, lowest first")
            else:
                for number, band in enumerate(bands, start=1):
                    band_where = f"{where}, level {number}"
                    if not isinstance(band, Mapping):
                        errors.append(f"{band_where}: expected a mapping")
                        continue
                    errors += check_key(band, band_where)
                    errors += check_text(band, "label", band_where)
                    if not isinstance(band.get("colour"), str) or not COLOUR.match(band["colour"]):
                        errors.append(f"{band_where}: 'colour' must look like #1e7a3c")
                    if isinstance(band.get("key"), str):
                        band_keys.append(band["key"])
                errors += [f"{where}: level {key!r} defined twice" for key in duplicates(band_keys)]
            grid = item.get("grid")
            if not isinstance(grid, list) or len(grid) != size:
                errors.append(f"{where}: 'grid' must have {size} rows (highest likelihood first)")
                continue
            for row_number, row in enumerate(grid, start=1):
                if not isinstance(row, list) or len(row) != size:
                    errors.append(f"{where}: grid row {row_number} must have {size} cells")
                    continue
                unknown = sorted({str(cell) for cell in row} - set(band_keys))
                if unknown:
                    errors.append(f"{where}: grid row {row_number} uses undefined levels {unknown}")
        context.keys_of(self.kind).update(keys)
        return errors

    def apply(self, document: Document, context: LoadContext) -> ApplyResult:
        items = []
        for item in document.items:
            size = item["size"]

            def levels(axis: str, item: Mapping[str, Any] = item) -> list[dict[str, Any]]:
                return [
                    {
                        "value": number,
                        "label": dict(level["label"]),
                        "description": dict(level.get("description") or {}),
                    }
                    for number, level in enumerate(item[axis], start=1)
                ]

            items.append(
                {
                    "key": item["key"],
                    "name": dict(item["name"]),
                    "description": dict(item.get("description") or {}),
                    "size": size,
                    "likelihood_levels": levels("likelihood"),
                    "impact_levels": levels("impact"),
                    "bands": [
                        {
                            "key": band["key"],
                            "rank": rank,
                            "colour": band["colour"].lower(),
                            "label": dict(band["label"]),
                        }
                        for rank, band in enumerate(item["levels"], start=1)
                    ],
                    # The file shows the highest likelihood on top, as people draw it.
                    "cells": [list(map(str, row)) for row in reversed(item["grid"])],
                }
            )
        return sync_items(
            model=RiskMatrix,
            document=document,
            context=context,
            items=items,
            fields=self.FIELDS,
        )


class RiskCatalogueLoader(Loader):
    kind = "risk_catalogue"
    description = "risk types with causes, consequences, platforms and purposes"
    FIELDS = (
        "title",
        "description",
        "category",
        "causes",
        "consequences",
        "platforms",
        "purposes",
        "typical_likelihood",
        "typical_impact",
    )
    ALLOWED = ("key", *FIELDS)

    def existing_keys(self) -> Iterable[str]:
        return RiskType.objects.values_list("key", flat=True)

    def validate(self, document: Document, context: LoadContext) -> list[str]:
        items, errors = _items(document)
        keys, key_errors = _keys(document, items)
        errors += key_errors
        for index, item in enumerate(items):
            where = document.where(index, item.get("key"))
            errors += check_unknown_fields(item, self.ALLOWED, where)
            errors += check_text(item, "title", where)
            errors += check_text(item, "description", where)
            if item.get("category") not in RiskCategory.values:
                errors.append(
                    f"{where}: 'category' must be one of {RiskCategory.values} "
                    f"(got {item.get('category')!r})"
                )
            errors += check_text_list(item, "causes", where)
            errors += check_text_list(item, "consequences", where)
            errors += check_choices(item, "platforms", where, PLATFORMS)
            errors += check_choices(item, "purposes", where, PURPOSES)
            errors += check_int(item, "typical_likelihood", where, 1, 5)
            errors += check_int(item, "typical_impact", where, 1, 5)
        context.keys_of(self.kind).update(keys)
        return errors

    def apply(self, document: Document, context: LoadContext) -> ApplyResult:
        items = [
            {
                "key": item["key"],
                "title": dict(item["title"]),
                "description": dict(item["description"]),
                "category": item["category"],
                "causes": [dict(text) for text in item.get("causes", [])],
                "consequences": [dict(text) for text in item.get("consequences", [])],
                "platforms": sorted(item.get("platforms", [])),
                "purposes": sorted(item.get("purposes", [])),
                "typical_likelihood": item["typical_likelihood"],
                "typical_impact": item["typical_impact"],
            }
            for item in document.items
        ]
        return sync_items(
            model=RiskType, document=document, context=context, items=items, fields=self.FIELDS
        )


class ControlLoader(Loader):
    kind = "controls"
    requires = ("risk_catalogue",)
    description = "controls, the risks they reduce and their ISO/IEC 27001:2022 Annex A references"
    FIELDS = ("title", "description", "control_type", "iso27001", "posture_check")
    ALLOWED = ("key", "title", "description", "type", "iso27001", "posture", "reduces")

    def existing_keys(self) -> Iterable[str]:
        return Control.objects.values_list("key", flat=True)

    def validate(self, document: Document, context: LoadContext) -> list[str]:
        items, errors = _items(document)
        keys, key_errors = _keys(document, items)
        errors += key_errors
        risk_keys = context.keys_of(RiskCatalogueLoader.kind)
        for index, item in enumerate(items):
            where = document.where(index, item.get("key"))
            errors += check_unknown_fields(item, self.ALLOWED, where)
            errors += check_text(item, "title", where)
            errors += check_text(item, "description", where)
            if item.get("type") not in ControlType.values:
                errors.append(f"{where}: 'type' must be one of {ControlType.values}")
            posture = item.get("posture", "")
            if posture not in PostureCheck.values:
                errors.append(f"{where}: 'posture' must be one of {PostureCheck.values[1:]}")
            references = item.get("iso27001", [])
            if not isinstance(references, list):
                errors.append(f"{where}: 'iso27001' must be a list like [A.5.17, A.8.5]")
            else:
                for reference in references:
                    errors += _iso_errors(reference, where)
            reduces = item.get("reduces")
            if not isinstance(reduces, list) or not reduces:
                errors.append(f"{where}: 'reduces' must list the risk types it reduces")
            else:
                missing = sorted({str(key) for key in reduces} - risk_keys)
                if missing:
                    errors.append(f"{where}: 'reduces' refers to unknown risk types {missing}")
        context.keys_of(self.kind).update(keys)
        return errors

    def apply(self, document: Document, context: LoadContext) -> ApplyResult:
        items = [
            {
                "key": item["key"],
                "title": dict(item["title"]),
                "description": dict(item["description"]),
                "control_type": item["type"],
                "iso27001": list(item.get("iso27001", [])),
                "posture_check": item.get("posture", ""),
                "risk_types": sorted(set(item["reduces"])),
            }
            for item in document.items
        ]
        return sync_items(
            model=Control,
            document=document,
            context=context,
            items=items,
            fields=self.FIELDS,
            m2m={"risk_types": RiskType},
        )


def _iso_errors(reference: Any, where: str) -> list[str]:
    if not isinstance(reference, str) or not ISO_REFERENCE.match(reference):
        return [f"{where}: {reference!r} is not an Annex A reference like A.5.17"]
    theme, number = (int(part) for part in reference[2:].split("."))
    if not 1 <= number <= ISO_LIMITS[theme]:
        return [f"{where}: {reference} does not exist in ISO/IEC 27001:2022 Annex A"]
    return []
