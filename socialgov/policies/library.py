"""The `policy_template` kind of the reference library (`library/policies/`, en/nl/fr).

Each item is one template: key, `version` (its revision, recorded on policies started from
it), category, title and Markdown body. A template edited locally since it was loaded is kept
unless the load is run with --overwrite-local.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from socialgov.library.parsed import ParsedItemLoader
from socialgov.library.registry import ApplyResult, Document, LoadContext
from socialgov.policies.models import PolicyCategory, PolicyTemplate
from socialgov.policies.text import LANGUAGES, clean_translations

FIELDS = ("key", "category", "library_version", "title", "body")


class TemplateError(ValueError):
    """A policy template in the library is not valid; the message says where."""


def parse_policy_template(data: object, *, source: str) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise TemplateError(f"{source}: expected a mapping")
    try:
        key = str(data["key"])
        category = str(data["category"])
        version = int(data.get("version", 1))
        title = clean_translations(data["title"], field="title", required=LANGUAGES, max_length=300)
        body = clean_translations(data["body"], field="body", required=LANGUAGES)
    except KeyError as missing:
        raise TemplateError(f"{source}: missing {missing}") from None
    except ValidationError as error:
        raise TemplateError(f"{source}: {'; '.join(error.messages)}") from None
    except (TypeError, ValueError) as error:
        raise TemplateError(f"{source}: {error}") from None
    if category not in PolicyCategory.values:
        raise TemplateError(f"{source}: unknown category {category!r}")
    if version < 1:
        raise TemplateError(f"{source}: 'version' must be a whole number from 1")
    return {
        "key": key,
        "category": category,
        "library_version": version,
        "title": title,
        "body": body,
    }


def template_checksum(fields: Mapping[str, Any]) -> str:
    # The same formula as rows loaded before the shared importer, so they compare equal.
    payload = json.dumps(
        {name: fields[name] for name in FIELDS}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _current(template: PolicyTemplate) -> dict[str, Any]:
    return {name: getattr(template, name) for name in FIELDS}


class PolicyTemplateLoader(ParsedItemLoader):
    kind = "policy_template"
    description = "policy texts to start a policy from"
    model = PolicyTemplate

    def parse_item(self, item: Mapping[str, Any], where: str) -> dict[str, Any]:
        return parse_policy_template(item, source=where)

    def check_item(self, parsed: dict[str, Any], where: str) -> list[str]:
        loaded = PolicyTemplate.objects.filter(key=parsed["key"]).first()
        if loaded is not None and loaded.library_version > parsed["library_version"]:
            return [
                f"{where}: version {parsed['library_version']} is older than the loaded "
                f"version {loaded.library_version}; refused"
            ]
        return []

    def write_item(
        self, parsed: dict[str, Any], document: Document, context: LoadContext, result: ApplyResult
    ) -> None:
        checksum = template_checksum(parsed)
        template = PolicyTemplate.objects.filter(key=parsed["key"]).first()
        if template is None:
            template = PolicyTemplate(key=parsed["key"])
            result.created += 1
        elif template.checksum == checksum:
            result.unchanged += 1
            return
        elif template_checksum(_current(template)) != template.checksum and not (
            context.overwrite_local
        ):
            result.kept_local.append(template.key)
            return
        else:
            result.updated += 1
        for name, value in parsed.items():
            setattr(template, name, value)
        template.checksum = checksum
        template.full_clean()
        template.save()
