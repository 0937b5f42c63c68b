"""Benchmark: the posts, alerts and channels list endpoints of the REST API on a large store.

    .venv/bin/python bench/api_scale.py [--posts 100000] [--channels 10000] [--repeat 20]
        [--postgres postgres://postgres@127.0.0.1/empty_db]
    .venv/bin/python bench/api_scale.py --posts 1000000   # the size of issue 17

Fills a throwaway SQLite database (or the given empty PostgreSQL one) in bulk: channels over
500 owners, posts spread over the channels and a year, one alert per 100 posts. Times the
first page, a deep page and a filtered page of each list as a governance lead, and the first
page as one channel owner; both as limit/offset pages (with their count) and as cursor pages
(`?cursor=`, keyset: the deep one starts 100 rows before the end of the list). Prints
median and p95 wall ms, CPU ms of this process and SQL queries per request. Target (issue 17):
p95 < 100 ms with 1M posts.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import table_head, table_row

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def deep_cursor(model: Any, offset: int) -> str:
    """The cursor a client reaches after `offset` rows of the list, as DRF's next link spells it:
    the list's first ordering field of the row before, base64 of `p=<value>`."""
    field = model._meta.ordering[0].lstrip("-")
    value = model.objects.order_by(*model._meta.ordering).values_list(field, flat=True)[offset - 1]
    return base64.b64encode(urlencode({"p": str(value)}).encode()).decode()


def fill_posts(posts: int) -> None:
    from socialgov.channels.models import Channel
    from socialgov.monitoring import services
    from socialgov.monitoring.demo import RULES
    from socialgov.monitoring.models import Alert, Post

    channels = list(Channel.objects.values_list("pk", "owner_id"))
    rule = services.alert_rule_create(actor=None, **RULES[0])
    chunk = 20_000
    for first in range(0, posts, chunk):
        rows = []
        for n in range(first, min(posts, first + chunk)):
            channel, _owner = channels[n % len(channels)]
            rows.append(Post(platform="x", external_id=f"b{n}", text=f"bench post {n} @mosa",
                             published_at=START + dt.timedelta(seconds=n * 30), kind="mention",
                             channel_id=channel, content_hash=f"{n:064d}",
                             analysis_state="done"))  # fmt: skip
        Post.objects.bulk_create(rows, batch_size=5000)
    statuses = ["open", "acknowledged", "resolved", "resolved", "false_positive"]
    alerts = []
    for n in range(posts // 100):
        channel, owner = channels[n % len(channels)]
        when = START + dt.timedelta(seconds=n * 3000)
        alerts.append(Alert(rule=rule, channel_id=channel, owner_id=owner, group_key=f"g{n}",
                            title=f"Bench alert {n}", severity="medium", category="reputation",
                            status=statuses[n % 5], first_seen_at=when, last_seen_at=when,
                            evidence_count=1))  # fmt: skip
    Alert.objects.bulk_create(alerts, batch_size=5000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres", default="")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the PostgreSQL store a run before filled"
    )
    args = parser.parse_args()
    from bench.channels_api import fill as fill_channels
    from bench.channels_api import measure, setup_django

    with tempfile.TemporaryDirectory(prefix="socialgov-bench-") as data_dir:
        if args.postgres:
            os.environ["DATABASE_URL"] = args.postgres
        setup_django(data_dir, database_url=args.postgres)
        from django.db import connection

        from socialgov.core.models import User
        from socialgov.monitoring.models import Post as Stored

        started = time.perf_counter()
        if args.reuse and Stored.objects.count() == args.posts:
            lead, owner = (
                User.objects.get(username="bench-lead"),
                User.objects.get(username="bench-owner"),
            )
        else:
            lead, owner = fill_channels(args.channels)
            fill_posts(args.posts)
        with connection.cursor() as cursor:  # as autovacuum does after a bulk load
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        elapsed = time.perf_counter() - started
        print(f"filled {args.channels} channels, {args.posts} posts, {args.posts // 100} alerts "
              f"in {elapsed:.0f} s ({connection.vendor})")  # fmt: skip
        from urllib.parse import quote

        from rest_framework.test import APIClient

        from socialgov.monitoring.models import Alert, Post

        deep = max(0, args.posts - 100)
        alerts_deep = max(1, args.posts // 100 - 100)
        post_cursor = quote(deep_cursor(Post, max(1, deep)))
        alert_cursor = quote(deep_cursor(Alert, alerts_deep))
        cases = [
            ("lead", lead, "/api/v1/posts/"),
            ("lead", lead, f"/api/v1/posts/?offset={deep}"),
            ("lead", lead, "/api/v1/posts/?platform=x&kind=mention"),
            ("owner", owner, "/api/v1/posts/"),
            ("lead", lead, "/api/v1/posts/?cursor="),
            ("lead", lead, f"/api/v1/posts/?cursor={post_cursor}"),
            ("owner", owner, "/api/v1/posts/?cursor="),
            ("lead", lead, "/api/v1/alerts/"),
            ("lead", lead, f"/api/v1/alerts/?offset={alerts_deep}"),
            ("lead", lead, "/api/v1/alerts/?status=open"),
            ("owner", owner, "/api/v1/alerts/"),
            ("lead", lead, "/api/v1/alerts/?cursor="),
            ("lead", lead, f"/api/v1/alerts/?cursor={alert_cursor}"),
            ("lead", lead, "/api/v1/alerts/?status=open&cursor="),
            ("lead", lead, "/api/v1/channels/"),
            ("owner", owner, "/api/v1/channels/"),
        ]
        table_head("as", "query", "rows", "median ms", "p95 ms", "CPU ms", "SQL")
        worst = 0.0
        for label, user, url in cases:
            client = APIClient()
            client.force_authenticate(user)
            median, p95, cpu, queries, total = measure(client, url, args.repeat)
            worst = max(worst, p95)
            shown = url.replace(post_cursor, "(deep)").replace(alert_cursor, "(deep)")
            table_row(label, shown, total, f"{median:.1f}", f"{p95:.1f}", f"{cpu:.1f}", queries)
        print(f"slowest p95: {worst:.1f} ms (target < 100 ms); load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
