import contextlib
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgov.engine.detectors.proxy_logs import (
    Request,
    iter_csv,
    iter_squid,
    parse_squid_line,
    pseudonym,
    read_people,
)
from socialgov.engine.detectors.streams import BadLine, RecordError
from socialgov.engine.detectors.usage import (
    POOLED_SMALL_UNITS,
    UsageAggregator,
    UsageSettings,
    platform_of,
)

KEY = b"k" * 32
BRUSSELS = ZoneInfo("Europe/Brussels")
# Tuesday 3 March 2026, 10:00 in Brussels (09:00 UTC).
TUESDAY_10 = datetime(2026, 3, 3, 10, tzinfo=BRUSSELS)


def people_csv(units):
    lines = ["user,org_unit"]
    for unit, size in units.items():
        lines += [f"{unit}-person{index}@acme.be,{unit}" for index in range(size)]
    return [line + "\n" for line in lines]


def aggregator(units, **options):
    usage_settings = UsageSettings(key=KEY, **options)
    return UsageAggregator(usage_settings, read_people(people_csv(units), key=KEY))


def visit(who, moment, host="www.facebook.com"):
    return Request(moment.astimezone(UTC), who, host, 1000)


def unit_row(report, name):
    return next(row for row in report["org_units"] if row["org_unit"] == name)


def test_it_reads_squid_native_lines():
    connect = parse_squid_line(
        "1772528400.123    120 10.0.0.5 TCP_TUNNEL/200 5230 CONNECT www.instagram.com:443 "
        "alice HIER_DIRECT/157.240.1.35 -"
    )
    get = parse_squid_line(
        "1772528401.000     40 10.0.0.6 TCP_MISS/200 812 GET http://t.co/abc - "
        "HIER_DIRECT/1.2.3.4 text/html"
    )

    assert (connect.who, connect.host, connect.size) == ("alice", "www.instagram.com", 5230)
    assert platform_of(connect.host) == "instagram"
    assert get.who == "10.0.0.6"  # no user name: the client address stands in
    assert platform_of(get.host) == "x"
    assert platform_of("notfacebook.com") is None


def test_it_reports_bad_log_lines_by_number_and_goes_on():
    bad: list[BadLine] = []
    lines = [
        "1772528400.1 10 10.0.0.5 TCP_MISS/200 5 GET http://facebook.com/ bob - -\n",
        "garbage\n",
        "abc 10 10.0.0.5 TCP_MISS/200 5 GET http://facebook.com/ bob - -\n",
        "1772528400.1 10 10.0.0.5 TCP_MISS/200 5 GET http://x.com/ carol - -\n",
    ]

    requests = list(iter_squid(lines, on_bad_line=bad.append))

    assert [request.who for request in requests] == ["bob", "carol"]
    assert [line.line_number for line in bad] == [2, 3]


def test_it_reads_a_generic_csv_with_local_times():
    lines = [
        "time,user,host,bytes\n",
        "2026-03-03T10:00:00,dave,www.linkedin.com,100\n",
        "1772528400,erin,www.tiktok.com,5\n",
        "not a time,frank,www.tiktok.com,5\n",
    ]
    bad: list[BadLine] = []

    requests = list(iter_csv(lines, zone=BRUSSELS, on_bad_line=bad.append))

    assert requests[0].moment == datetime(2026, 3, 3, 9, tzinfo=UTC)
    assert requests[1].who == "erin"
    assert [line.line_number for line in bad] == [4]


def test_sessions_are_built_from_request_gaps():
    usage = aggregator({"sales": 5})
    for person in range(5):
        who = f"sales-person{person}@acme.be"
        for minute in (0, 2, 4):  # one session of 4 minutes, plus a minute for the last request
            usage.add(visit(who, TUESDAY_10 + timedelta(minutes=minute)))
        usage.add(visit(who, TUESDAY_10 + timedelta(minutes=30)))  # a new one-minute session

    report = usage.report()

    assert unit_row(report, "sales")["minutes"] == pytest.approx(5 * (5 + 1))


def test_only_working_hours_count():
    usage = aggregator({"sales": 5})
    for person in range(5):
        who = f"sales-person{person}@acme.be"
        usage.add(visit(who, TUESDAY_10.replace(hour=20)))  # evening
        usage.add(visit(who, TUESDAY_10 + timedelta(days=4)))  # Saturday
        usage.add(visit(who, TUESDAY_10.replace(hour=16, minute=59, second=30)))  # half inside

    report = usage.report()

    assert unit_row(report, "sales")["minutes"] == pytest.approx(5 * 0.5)


def test_small_groups_are_suppressed_and_left_out_of_totals():
    usage = aggregator({"sales": 6, "legal": 3, "board": 2, "it": 8})
    for unit, users in (("sales", 6), ("legal", 3), ("board", 2), ("it", 2)):
        for person in range(users):
            usage.add(visit(f"{unit}-person{person}@acme.be", TUESDAY_10))

    report = usage.report()

    assert unit_row(report, "sales")["suppressed"] is False
    assert unit_row(report, "it")["suppressed"] is True  # 8 people, only 2 on social media
    pooled = unit_row(report, POOLED_SMALL_UNITS)  # legal and board: 5 people together
    assert pooled["people"] == 5
    assert pooled["suppressed"] is False
    assert "legal" not in {row["org_unit"] for row in report["org_units"]}
    assert report["totals"]["includes_suppressed_groups"] is False
    shown = sum(row["minutes"] for row in report["org_units"] if not row["suppressed"])
    assert report["totals"]["minutes"] == pytest.approx(shown)


def test_no_person_can_be_found_in_the_report():
    usage = aggregator({"sales": 5})
    for person in range(5):
        who = f"sales-person{person}@acme.be"
        usage.add(visit(who, TUESDAY_10 + timedelta(minutes=person)))

    text = json.dumps(usage.report())

    for person in range(5):
        who = f"sales-person{person}@acme.be"
        assert who not in text
        assert pseudonym(KEY, who) not in text
        assert pseudonym(KEY, who)[:8] not in text


def test_pseudonyms_depend_on_the_key():
    assert pseudonym(KEY, "alice") == pseudonym(KEY, "ALICE ")
    assert pseudonym(KEY, "alice") != pseudonym(b"other-key-of-16-bytes", "alice")


def test_the_report_states_purpose_retention_and_settings():
    report = aggregator({"sales": 5}, purpose="Check the social media policy", retention_days=14)
    result = report.report(generated_at=datetime(2026, 3, 10, tzinfo=UTC))

    assert result["purpose"] == "Check the social media policy"
    assert result["retention_days"] == 14
    assert result["delete_after"] == "2026-03-24T00:00:00Z"
    assert result["settings"]["min_group_size"] == 5


def test_weekly_trend_and_share_of_working_time():
    usage = aggregator({"sales": 5})
    for week in range(2):
        for person in range(5):
            who = f"sales-person{person}@acme.be"
            start = TUESDAY_10 + timedelta(weeks=week)
            for minute in range(0, 60, 3):
                usage.add(visit(who, start + timedelta(minutes=minute)))

    row = unit_row(usage.report(), "sales")

    assert [week["week"] for week in row["weeks"]] == ["2026-W10", "2026-W11"]
    assert all(week["minutes"] == pytest.approx(5 * 58) for week in row["weeks"])
    assert 0 < row["share_of_working_time"] < 1


def test_it_refuses_a_minimum_group_below_two():
    with pytest.raises(ValueError, match="minimum group"):
        UsageSettings(key=KEY, min_group_size=1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_no_log_line_crashes_the_squid_reader(line):
    with contextlib.suppress(RecordError):
        parse_squid_line(line)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=20))
def test_no_csv_crashes_the_csv_reader(lines):
    list(iter_csv([line + "\n" for line in lines], zone=BRUSSELS))
    read_people([line + "\n" for line in lines], key=KEY)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=11),
            st.integers(min_value=0, max_value=60 * 24 * 40),  # across the March DST change
            st.sampled_from(["www.facebook.com", "x.com", "intranet.acme.be", "t.me"]),
        ),
        max_size=200,
    )
)
def test_any_traffic_gives_a_report_that_never_shows_a_small_group(visits):
    usage = aggregator({"sales": 6, "legal": 3, "it": 3})
    units = ["sales"] * 6 + ["legal"] * 3 + ["it"] * 3
    names = [
        f"{unit}-person{index}@acme.be"
        for unit, index in zip(units, [0, 1, 2, 3, 4, 5, 0, 1, 2, 0, 1, 2], strict=True)
    ]
    start = datetime(2026, 3, 16, tzinfo=BRUSSELS)
    for person, minute, host in visits:
        usage.add(visit(names[person], start + timedelta(minutes=minute), host))

    report = usage.report()
    text = json.dumps(report)

    for row in report["org_units"]:
        if not row["suppressed"]:
            # Nobody using social media reveals nothing about anyone in particular.
            assert row["people_using_social_media"] in (0, *range(5, 100))
            for platform in row["platforms"]:
                assert platform["suppressed"] or platform["people_using"] >= 5
    assert not any(name in text for name in names)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.datetimes(timezones=st.just(UTC)), max_size=20))
def test_no_time_crashes_the_aggregator(moments):
    usage = aggregator({"sales": 5})
    for moment in moments:
        usage.add(Request(moment, "sales-person0@acme.be", "www.facebook.com"))
    usage.report()
