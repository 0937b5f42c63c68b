"""The `maturity_model` kind of the reference library (`library/maturity/`).

Each item is one maturity model as `socialgov.assessments.maturity.parse_model` reads it, with
its own integer `version`. Every version is kept as its own row, so assessments made with an
earlier one keep their questions; a changed model under a version already loaded is refused.
Models are not edited locally, so there are no local edits to keep.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from socialgov.assessments.maturity import MaturityModel as ParsedModel
from socialgov.assessments.maturity import parse_model
from socialgov.assessments.models import MaturityModel
from socialgov.library.parsed import ParsedItemLoader
from socialgov.library.registry import ApplyResult, Document, LoadContext
from socialgov.library.validation import plain_keys


def model_checksum(definition: Mapping[str, Any]) -> str:
    # The same formula as rows loaded before the shared importer, so they compare equal.
    payload = json.dumps(plain_keys(definition), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


class MaturityModelLoader(ParsedItemLoader):
    kind = "maturity_model"
    description = "maturity models: domains, weighted questions, levels and recommended actions"
    model = MaturityModel

    def parse_item(self, item: Mapping[str, Any], where: str) -> tuple[ParsedModel, Any]:
        return parse_model(item, source=where), item

    def check_item(self, parsed: tuple[ParsedModel, Any], where: str) -> list[str]:
        model, item = parsed
        if model.version < 1:
            return [f"{where}: 'version' must be a whole number from 1"]
        loaded = MaturityModel.objects.filter(key=model.key, library_version=model.version).first()
        if loaded is not None and loaded.checksum != model_checksum(item):
            return [
                f"{where}: changed without a new version number (version {model.version} of "
                f"{model.key!r} is loaded with other content; assessments use it)"
            ]
        return []

    def write_item(
        self,
        parsed: tuple[ParsedModel, Any],
        document: Document,
        context: LoadContext,
        result: ApplyResult,
    ) -> None:
        model, item = parsed
        if MaturityModel.objects.filter(key=model.key, library_version=model.version).exists():
            result.unchanged += 1
            return
        row = MaturityModel(
            key=model.key,
            library_version=model.version,
            title=model.title,
            definition=json.loads(json.dumps(item, default=str)),
            checksum=model_checksum(item),
        )
        row.full_clean()
        row.save()
        result.created += 1
