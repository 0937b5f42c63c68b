import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from socialgov.engine.detectors.streams import isoformat
from socialgov.engine.tests.detector_streams import (
    MONDAY,
    account_history,
    in_time_order,
    rhythm_stream,
    surge,
)


def write_jsonl(path, records, *, extra_lines=()):
    lines = [json.dumps(record) for record in records]
    for position, line in extra_lines:
        lines.insert(position, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run(*args):
    stderr = io.StringIO()
    call_command(*args, stderr=stderr)
    return stderr.getvalue()


def mention_record(mention):
    record = {
        "id": mention.id,
        "brand": mention.brand,
        "text": mention.text,
        "created_at": isoformat(mention.created_at),
    }
    if mention.sentiment is not None and mention.id.startswith("acme-surge"):
        record["sentiment"] = "negative"
    return record


def test_detect_spikes_writes_one_line_per_alert_and_reports_bad_lines(tmp_path):
    onset = MONDAY + timedelta(days=9, hours=2)
    mentions = in_time_order(rhythm_stream(days=10), surge(start=onset, count=60, minutes=60))
    source, alerts = tmp_path / "mentions.jsonl", tmp_path / "alerts.jsonl"
    write_jsonl(
        source,
        [mention_record(mention) for mention in mentions],
        extra_lines=[(1, "{not json"), (3, '{"id": "x", "brand": "acme"}')],
    )

    stderr = run("detect", "spikes", "--input", str(source), "--output", str(alerts))

    written = read_jsonl(alerts)
    assert len(written) == 1
    assert set(written[0]) >= {
        "brand",
        "kind",
        "start",
        "peak",
        "end",
        "score",
        "baseline",
        "observed",
        "top_post_ids",
        "terms",
    }
    assert written[0]["brand"] == "acme"
    assert "line 2: not valid JSON" in stderr
    assert "line 4: 'created_at'" in stderr
    assert "2 bad lines skipped" in stderr


def test_detect_spikes_can_write_every_status_change(tmp_path):
    onset = MONDAY + timedelta(days=9, hours=2)
    mentions = in_time_order(rhythm_stream(days=10), surge(start=onset, count=80, minutes=90))
    source, alerts = tmp_path / "mentions.jsonl", tmp_path / "alerts.jsonl"
    write_jsonl(source, [mention_record(mention) for mention in mentions])

    run("detect", "spikes", "--input", str(source), "--output", str(alerts), "--updates")

    statuses = [line["status"] for line in read_jsonl(alerts)]
    assert statuses[0] == "growing"
    assert statuses[-1] == "over"


def test_detect_impersonation_writes_matches_above_the_threshold(tmp_path):
    protected, candidates, matches = (tmp_path / name for name in ("p.jsonl", "c.jsonl", "m.jsonl"))
    write_jsonl(
        protected, [{"platform": "twitter", "handle": "AcmeBank", "display_name": "Acme Bank"}]
    )
    write_jsonl(
        candidates,
        [
            {"platform": "twitter", "handle": "AcmeBank"},
            {"platform": "twitter", "handle": "AcmeBank_Support", "display_name": "Acme Bank"},
            {"platform": "twitter", "handle": "gardener_jo", "display_name": "Jo"},
            {"platform": "twitter", "handle": "x", "avatar_hash": "zz"},
        ],
    )

    stderr = run(
        "detect",
        "impersonation",
        "--protected",
        str(protected),
        "--candidates",
        str(candidates),
        "--output",
        str(matches),
    )

    written = read_jsonl(matches)
    assert [line["candidate"]["handle"] for line in written] == ["AcmeBank_Support"]
    assert set(written[0]) == {"candidate", "protected", "score", "reasons"}
    assert written[0]["protected"] == {"platform": "twitter", "handle": "AcmeBank"}
    assert "line 4: 'avatar_hash'" in stderr


def test_detect_impersonation_needs_a_protected_identity(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")

    with pytest.raises(CommandError, match="no usable protected identity"):
        run(
            "detect",
            "impersonation",
            "--protected",
            str(empty),
            "--candidates",
            str(empty),
            "--output",
            str(tmp_path / "out.jsonl"),
        )


def test_detect_compromise_flags_a_hijack_in_a_history(tmp_path):
    history = account_history(days=60)
    moment = history[-1].created_at.replace(hour=3) + timedelta(days=1)
    records = [
        {
            "id": post.id,
            "account": post.account,
            "created_at": isoformat(post.created_at),
            "text": post.text,
            "source": post.source,
            "lang": post.lang,
            "urls": list(post.urls),
        }
        for post in history
    ]
    records.append(
        {
            "id": "hijack",
            "account": "acme_be",
            "created_at": isoformat(moment),
            "text": "Bitcoin giveaway! Send BTC to our wallet, claim now",
            "source": "IFTTT",
            "lang": "en",
            "urls": ["https://claim-acme.xyz"],
        }
    )
    source, alerts = tmp_path / "posts.jsonl", tmp_path / "alerts.jsonl"
    write_jsonl(source, records)

    run("detect", "compromise", "--history", str(source), "--output", str(alerts))

    written = read_jsonl(alerts)
    assert [line["post_id"] for line in written] == ["hijack"]
    assert set(written[0]) == {"account", "post_id", "score", "reasons"}


def test_a_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(
            "detect",
            "compromise",
            "--history",
            str(tmp_path / "nope.jsonl"),
            "--output",
            str(tmp_path / "out.jsonl"),
        )


def squid_line(moment, user, host):
    return (
        f"{moment.timestamp():.3f}     50 10.0.0.9 TCP_TUNNEL/200 900 CONNECT {host}:443 "
        f"{user} HIER_DIRECT/1.1.1.1 -"
    )


def test_usage_writes_an_aggregate_report_without_people(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(
        "user,org_unit\n" + "".join(f"user{index},sales\n" for index in range(6)), encoding="utf-8"
    )
    log = tmp_path / "access.log"
    start = datetime(2026, 3, 3, 9, tzinfo=UTC)  # 10:00 in Brussels
    lines = [
        squid_line(start + timedelta(minutes=minute), f"user{index}", "www.facebook.com")
        for index in range(6)
        for minute in range(0, 20, 2)
    ]
    log.write_text("\n".join([*lines, "broken line"]) + "\n", encoding="utf-8")
    key = tmp_path / "key"
    key.write_bytes(b"0123456789abcdef0123456789abcdef")
    report_path = tmp_path / "report.json"

    stderr = run(
        "usage",
        "--log",
        str(log),
        "--format",
        "squid",
        "--people",
        str(people),
        "--output",
        str(report_path),
        "--key-file",
        str(key),
        "--timezone",
        "Europe/Brussels",
    )

    report = json.loads(report_path.read_text(encoding="utf-8"))
    sales = report["org_units"][0]
    assert sales["org_unit"] == "sales"
    assert sales["minutes"] == pytest.approx(6 * 19)
    assert report["settings"]["min_group_size"] == 5
    assert report["purpose"]
    assert report["retention_days"] >= 1
    assert "user0" not in report_path.read_text(encoding="utf-8")
    assert "line 61" in stderr


def test_usage_refuses_a_short_key(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIALGOV_USAGE_KEY", "short")
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")

    with pytest.raises(CommandError, match="16 bytes"):
        run(
            "usage",
            "--log",
            str(empty),
            "--format",
            "csv",
            "--people",
            str(empty),
            "--output",
            str(tmp_path / "r.json"),
        )
