"""The small register the page benches build: one unit, people, and channels in bulk.

Imported after Django is set up (the benches configure settings first).
"""

from __future__ import annotations

import random
from typing import Any


def bench_people(count: int = 200) -> tuple[Any, list[Any]]:
    """One org unit and `count` people in it."""
    from socialgov.core.models import OrgUnit, Person

    unit = OrgUnit.objects.create(code="BENCH", name="Bench", path="/BENCH/")
    people = Person.objects.bulk_create(
        Person(
            employee_id=f"B{n:05d}",
            first_name="Bench",
            last_name=f"Person {n}",
            email=f"bench{n}@example.org",
            org_unit=unit,
        )
        for n in range(count)
    )
    return unit, people


def bench_channels(
    unit: Any, people: list[Any], *, count: int, owner: Any, owner_every: int
) -> list[Any]:
    """`count` active external channels; every `owner_every`-th one is `owner`'s."""
    from socialgov.channels.models import Channel, Platform, Purpose

    return Channel.objects.bulk_create(
        Channel(
            platform=random.choice(Platform.values),
            handle=f"bench_{n}",
            purpose=random.choice(Purpose.values),
            audience="external",
            status="active",
            owner=owner if n % owner_every == 0 else random.choice(people),
            org_unit=unit,
        )
        for n in range(count)
    )
