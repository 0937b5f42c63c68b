"""A base for loaders whose app already has its own parser for one item (a maturity model, a
policy template, a training module): the parser raises a ValueError naming the place, which
becomes a load error; nothing is parsed twice by different code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django.db import models

from socialgov.library.registry import ApplyResult, Document, LoadContext, Loader
from socialgov.library.validation import check_key, mapping_items


class ParsedItemLoader(Loader):
    model: ClassVar[type[models.Model]]

    def parse_item(self, item: Mapping[str, Any], where: str) -> Any:
        """The app's parsed form of `item`; raises ValueError with a message starting `where`."""
        raise NotImplementedError

    def check_item(self, parsed: Any, where: str) -> list[str]:
        """Errors against what the database holds (e.g. a version going backwards)."""
        return []

    def write_item(
        self, parsed: Any, document: Document, context: LoadContext, result: ApplyResult
    ) -> None:
        raise NotImplementedError

    def existing_keys(self) -> Iterable[str]:
        return self.model._default_manager.values_list("key", flat=True).distinct()

    def validate(self, document: Document, context: LoadContext) -> list[str]:
        items, errors = mapping_items(document.items, document.where)
        # Keys of this kind met earlier in the same load: two documents must not both define one.
        in_this_load = context.keys_of(f"{self.kind}:this-load")
        for index, item in items:
            key = item.get("key")
            where = document.where(index, key if isinstance(key, str) else None)
            key_errors = check_key(item, where)
            if key_errors:
                errors += key_errors
                continue
            if key in in_this_load:
                errors.append(f"{where}: key {key!r} is defined more than once in this load")
                continue
            in_this_load.add(str(key))
            try:
                parsed = self.parse_item(item, where)
            except ValueError as error:
                errors.append(str(error))
                continue
            except (TypeError, KeyError, AttributeError) as error:
                # Hostile shapes the parser did not foresee still get a message, not a crash.
                errors.append(f"{where}: not understood ({error!r})")
                continue
            errors += self.check_item(parsed, where)
        context.keys_of(self.kind).update(in_this_load)
        return errors

    def apply(self, document: Document, context: LoadContext) -> ApplyResult:
        result = ApplyResult()
        for index, item in enumerate(document.items):
            parsed = self.parse_item(item, document.where(index, item["key"]))
            self.write_item(parsed, document, context, result)
        return result
