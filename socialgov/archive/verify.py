"""`socialgov archive_verify`: recompute every version's hash chain and report breaks."""

from __future__ import annotations

from dataclasses import dataclass, field

from socialgov.archive.hashing import GENESIS, version_hash
from socialgov.archive.models import ArchivedItem, ArchivedVersion


@dataclass
class VerifyReport:
    versions: int = 0
    broken: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken


def archive_verify(*, batch: int = 2000) -> VerifyReport:
    report = VerifyReport()
    previous: dict[int, tuple[int, str]] = {}
    items = dict(ArchivedItem.objects.values_list("pk", "external_id"))
    platforms = dict(ArchivedItem.objects.values_list("pk", "platform"))
    for version in ArchivedVersion.objects.order_by("item_id", "number").iterator(batch):
        report.versions += 1
        last_number, last_hash = previous.get(version.item_id, (0, GENESIS))
        expected = version_hash(
            previous=last_hash,
            platform=platforms[version.item_id],
            external_id=items[version.item_id],
            number=version.number,
            text=version.text,
            deleted=version.deleted,
            captured_at=version.captured_at,
        )
        if version.number != last_number + 1 or version.content_hash != expected:
            report.broken.append(
                f"{platforms[version.item_id]}:{items[version.item_id]} v{version.number}"
            )
        previous[version.item_id] = (version.number, version.content_hash)
    return report
