"""Working-hours social media use from web proxy logs, per org unit, never per person.

Privacy by design (GDPR; Belgian collective agreement no. 81):
- only requests to social media platforms are kept; every other line is dropped unread;
- the user or client address is replaced at ingestion by a keyed hash (HMAC-SHA-256), and the
  people list is hashed with the same key, so raw identities never reach the aggregates;
- figures are shown only for groups where at least `min_group_size` people contributed; smaller
  org units are pooled, and groups that stay too small are left out of every total so that
  subtracting one figure from another does not reveal them;
- no per-person figure, list or ranking is produced anywhere; the report states its purpose,
  retention and settings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from socialgov.engine.detectors.proxy_logs import (
    EARLIEST_EPOCH,
    LATEST_EPOCH,
    Request,
    iter_squid_fields,
    pseudonym,
)
from socialgov.engine.detectors.streams import (
    BadLineHandler,
    ignore_bad_line,
    in_range,
    isoformat,
)

# Host names and identities seen repeat millions of times in a log; their platform and
# pseudonym are remembered, up to this many each, so memory stays flat on any log.
CACHE_LIMIT = 200_000
_UNKNOWN = "?"  # a host not looked up yet (no platform is called '?')

PLATFORM_DOMAINS = {
    "facebook": ("facebook.com", "fbcdn.net", "fb.com", "fb.me", "messenger.com", "fbsbx.com"),
    "instagram": ("instagram.com", "cdninstagram.com"),
    "x": ("twitter.com", "x.com", "twimg.com", "t.co"),
    "linkedin": ("linkedin.com", "licdn.com", "lnkd.in"),
    "tiktok": ("tiktok.com", "tiktokcdn.com", "tiktokv.com", "byteoversea.com", "ibytedtos.com"),
    "youtube": ("youtube.com", "ytimg.com", "youtu.be", "googlevideo.com", "youtube-nocookie.com"),
    "reddit": ("reddit.com", "redd.it", "redditmedia.com", "redditstatic.com"),
    "snapchat": ("snapchat.com", "sc-cdn.net", "snap.com"),
    "pinterest": ("pinterest.com", "pinimg.com"),
    "whatsapp": ("whatsapp.com", "whatsapp.net", "wa.me"),
    "telegram": ("telegram.org", "t.me", "telegram.me"),
    "discord": ("discord.com", "discordapp.com", "discord.gg", "discordapp.net"),
    "twitch": ("twitch.tv", "ttvnw.net", "jtvnw.net"),
    "threads": ("threads.net", "threads.com"),
    "bluesky": ("bsky.app", "bsky.social"),
    "mastodon": ("mastodon.social", "joinmastodon.org"),
}
_DOMAIN_PLATFORM = {
    domain: name for name, domains in PLATFORM_DOMAINS.items() for domain in domains
}

POOLED_SMALL_UNITS = "(small units pooled)"
NOT_IN_PEOPLE_LIST = "(not in the people list)"


def platform_of(host: str) -> str | None:
    """The social platform a host name belongs to, by its domain suffix."""
    labels = host.lower().rstrip(".").split(".")
    for start in range(len(labels) - 1):
        platform = _DOMAIN_PLATFORM.get(".".join(labels[start:]))
        if platform:
            return platform
    return None


@dataclass(frozen=True)
class UsageSettings:
    key: bytes
    purpose: str = "Measure how much working time goes to social media, per org unit."
    retention_days: int = 30
    min_group_size: int = 5
    session_gap: timedelta = timedelta(minutes=5)
    single_request_credit: timedelta = timedelta(minutes=1)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Brussels"))
    work_start: time = time(9)
    work_end: time = time(17)
    work_days: frozenset[int] = frozenset(range(5))

    def __post_init__(self) -> None:
        if self.min_group_size < 2:
            raise ValueError("the minimum group size must be at least 2")
        if self.work_end <= self.work_start:
            raise ValueError("working hours must end after they start")
        if len(self.key) < 16:
            raise ValueError("the pseudonymisation key must have at least 16 bytes")


@dataclass
class _Cell:
    seconds: float = 0.0
    people: set[str] = field(default_factory=set)


_Placed = tuple[str, str, _Cell]  # platform, ISO week, cell


class UsageAggregator:
    """Sessions per pseudonym and platform, added up per group, platform and ISO week.

    `people` maps the pseudonym of each person to their org unit; `aliases` maps the pseudonyms
    of a person's other identifiers (an e-mail address beside a user name) to that one, so a
    person counts once in their group's headcount whichever name the proxy logged."""

    def __init__(
        self,
        settings: UsageSettings,
        people: Mapping[str, str],
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.settings = settings
        self.aliases = dict(aliases or {})
        self._pseudonyms: dict[str, str] = {}
        self._platforms: dict[str, str | None] = {}
        self._gap = settings.session_gap.total_seconds()
        self._credit = settings.single_request_credit.total_seconds()
        headcount: dict[str, int] = defaultdict(int)
        for unit in people.values():
            headcount[unit] += 1
        small = {unit for unit, count in headcount.items() if count < settings.min_group_size}
        self.group_of = {
            person: POOLED_SMALL_UNITS if unit in small else unit for person, unit in people.items()
        }
        self.headcount: dict[str, int] = defaultdict(int)
        for group in self.group_of.values():
            self.headcount[group] += 1
        # Open sessions: (pseudonym, platform) -> (first, last request), in epoch seconds.
        self.open: dict[tuple[str, str], tuple[float, float]] = {}
        self.cells: dict[tuple[str, str, str], _Cell] = defaultdict(_Cell)
        self.unlisted: set[str] = set()
        self.first: float | None = None
        self.last: float | None = None
        self.requests = 0
        self.social_requests = 0

    def add(self, request: Request) -> None:
        if in_range(request.moment):
            self.add_fields(request.moment.timestamp(), request.who, request.host)

    def add_fields(self, stamp: float, who: str, host: str) -> None:
        """One request at `stamp` (epoch seconds) by `who` to `host`: the fast path."""
        if not EARLIEST_EPOCH <= stamp < LATEST_EPOCH:
            return
        self.requests += 1
        if self.first is None or stamp < self.first:
            self.first = stamp
        if self.last is None or stamp > self.last:
            self.last = stamp
        platform = self._platforms.get(host, _UNKNOWN)
        if platform == _UNKNOWN:
            platform = platform_of(host)
            if len(self._platforms) >= CACHE_LIMIT:
                self._platforms.clear()
            self._platforms[host] = platform
        if platform is None:
            return
        self.social_requests += 1
        person = self._pseudonyms.get(who)
        if person is None:
            person = pseudonym(self.settings.key, who)
            person = self.aliases.get(person, person)
            if len(self._pseudonyms) >= CACHE_LIMIT:
                self._pseudonyms.clear()
            self._pseudonyms[who] = person
        key = (person, platform)
        session = self.open.get(key)
        if session is not None:
            start, last = session
            if start - self._gap <= stamp <= last + self._gap:
                if stamp > last:
                    self.open[key] = (start, stamp)
                elif stamp < start:
                    self.open[key] = (stamp, last)
                return
            self._close(person, platform, start, last)
        self.open[key] = (stamp, stamp)

    def _close(self, person: str, platform: str, first: float, last: float) -> None:
        start = datetime.fromtimestamp(first, tz=UTC)
        end = datetime.fromtimestamp(last + self._credit, tz=UTC)
        group = self.group_of.get(person)
        if group is None:
            group = NOT_IN_PEOPLE_LIST
            self.unlisted.add(person)
        for week, seconds in self._working_seconds(start, end).items():
            cell = self.cells[(group, platform, week)]
            cell.seconds += seconds
            cell.people.add(person)

    def _working_seconds(self, start: datetime, end: datetime) -> dict[str, float]:
        """Seconds of [start, end) inside working hours, per ISO week (in the local zone)."""
        zone = self.settings.zone
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        found: dict[str, float] = defaultdict(float)
        day = local_start.date()
        while day <= local_end.date():
            if day.weekday() in self.settings.work_days:
                open_at = datetime.combine(day, self.settings.work_start, zone)
                close_at = datetime.combine(day, self.settings.work_end, zone)
                overlap = (min(close_at, local_end) - max(open_at, local_start)).total_seconds()
                if overlap > 0:
                    found[_week(day)] += overlap
            day += timedelta(days=1)
        return found

    def _close_all(self) -> None:
        for (person, platform), (start, last) in self.open.items():
            self._close(person, platform, start, last)
        self.open.clear()

    # -- the report ------------------------------------------------------------------------

    def report(self, *, generated_at: datetime | None = None) -> dict[str, Any]:
        self._close_all()
        generated = generated_at or datetime.now(UTC)
        headcount = dict(self.headcount)
        if self.unlisted:
            headcount[NOT_IN_PEOPLE_LIST] = len(self.unlisted)
        working_by_week = self._working_time_by_week()
        groups, shown_cells, hidden_cells = self._group_entries(headcount, working_by_week)
        return {
            **self._report_header(generated),
            "totals": self._totals(groups, shown_cells, hidden_cells, working_by_week),
            "org_units": groups,
            "requests": self.requests,
            "social_media_requests": self.social_requests,
        }

    def _report_header(self, generated: datetime) -> dict[str, Any]:
        """What is measured, why, for how long it is kept and how people are protected."""
        settings = self.settings
        return {
            "purpose": settings.purpose,
            "retention_days": settings.retention_days,
            "delete_after": isoformat(generated + timedelta(days=settings.retention_days)),
            "generated_at": isoformat(generated),
            "period": {
                "start": _epoch_text(self.first),
                "end": _epoch_text(self.last),
            },
            "settings": {
                "min_group_size": settings.min_group_size,
                "session_gap_minutes": settings.session_gap.total_seconds() / 60,
                "timezone": str(settings.zone),
                "working_hours": f"{settings.work_start:%H:%M}-{settings.work_end:%H:%M}",
                "working_days": sorted(settings.work_days),
                "pseudonymisation": "HMAC-SHA-256 keyed hash at ingestion",
            },
        }

    def _group_entries(
        self, headcount: dict[str, int], working_by_week: dict[str, float]
    ) -> tuple[list[dict[str, Any]], list[_Placed], list[_Placed]]:
        """One entry per org unit (small ones suppressed), and the cells shown and hidden."""
        minimum = self.settings.min_group_size
        working_total = sum(working_by_week.values())
        by_group: dict[str, dict[tuple[str, str], _Cell]] = defaultdict(dict)
        for (group, platform, week), cell in self.cells.items():
            by_group[group][(platform, week)] = cell
        groups: list[dict[str, Any]] = []
        shown_cells: list[_Placed] = []
        hidden_cells: list[_Placed] = []
        for group in sorted(set(headcount) | set(by_group)):
            cells = by_group.get(group, {})
            people: set[str] = set()
            for cell in cells.values():
                people |= cell.people
            entry: dict[str, Any] = {"org_unit": group, "people": headcount.get(group, 0)}
            if headcount.get(group, 0) < minimum or 0 < len(people) < minimum:
                entry["suppressed"] = True
                entry["reason"] = f"fewer than {minimum} people in the group or using social media"
                hidden_cells.extend(
                    (platform, week, cell) for (platform, week), cell in cells.items()
                )
                groups.append(entry)
                continue
            shown_cells.extend((platform, week, cell) for (platform, week), cell in cells.items())
            seconds = sum(cell.seconds for cell in cells.values())
            entry.update(
                suppressed=False,
                people_using_social_media=len(people),
                minutes=round(seconds / 60, 1),
                share_of_working_time=_share(seconds, entry["people"] * working_total),
                platforms=_platform_rows(
                    ((platform, cell) for (platform, _), cell in cells.items()), minimum
                ),
                weeks=_week_rows(cells, minimum, entry["people"], working_by_week),
            )
            groups.append(entry)
        return groups, shown_cells, hidden_cells

    def _totals(
        self,
        groups: list[dict[str, Any]],
        shown_cells: list[_Placed],
        hidden_cells: list[_Placed],
        working_by_week: Mapping[str, float],
    ) -> dict[str, Any]:
        """Suppressed groups count in the totals only when together they are large enough."""
        minimum = self.settings.min_group_size
        working_total = sum(working_by_week.values())
        hidden_people: set[str] = set()
        for _, _, cell in hidden_cells:
            hidden_people |= cell.people
        included = list(shown_cells)
        hidden_included = len(hidden_people) >= minimum
        if hidden_included:
            included.extend(hidden_cells)
        total_people = sum(
            g["people"] for g in groups if not g.get("suppressed") or hidden_included
        )
        total_seconds = sum(cell.seconds for _, _, cell in included)
        return {
            "minutes": round(total_seconds / 60, 1),
            "people": total_people,
            "share_of_working_time": _share(total_seconds, total_people * working_total),
            "includes_suppressed_groups": hidden_included,
            "platforms": _platform_rows(((p, cell) for p, _, cell in included), minimum),
            "weeks": _platform_week_rows(included, minimum),
        }

    def _working_time_by_week(self) -> dict[str, float]:
        if self.first is None or self.last is None:
            return {}
        return dict(
            self._working_seconds(
                datetime.fromtimestamp(self.first, tz=UTC),
                datetime.fromtimestamp(self.last, tz=UTC),
            )
        )


def _epoch_text(stamp: float | None) -> str | None:
    return None if stamp is None else isoformat(datetime.fromtimestamp(stamp, tz=UTC))


def aggregate_squid(
    aggregator: UsageAggregator,
    lines: Iterable[str],
    *,
    identify: str = "auto",
    on_bad_line: BadLineHandler = ignore_bad_line,
) -> None:
    """Feed a Squid native log into `aggregator` through the fast path (no datetime per line)."""
    add = aggregator.add_fields
    for stamp, who, host, _size in iter_squid_fields(
        lines, identify=identify, on_bad_line=on_bad_line
    ):
        add(stamp, who, host)


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _share(seconds: float, available: float) -> float | None:
    return round(seconds / available, 4) if available > 0 else None


def _platform_rows(pairs: Iterable[tuple[str, _Cell]], minimum: int) -> list[dict[str, Any]]:
    totals: dict[str, _Cell] = defaultdict(_Cell)
    for platform, cell in pairs:
        total = totals[platform]
        total.seconds += cell.seconds
        total.people |= cell.people
    rows: list[dict[str, Any]] = []
    for platform in sorted(totals):
        total = totals[platform]
        if len(total.people) < minimum:
            rows.append({"platform": platform, "suppressed": True})
        else:
            rows.append(
                {
                    "platform": platform,
                    "suppressed": False,
                    "minutes": round(total.seconds / 60, 1),
                    "people_using": len(total.people),
                }
            )
    return rows


def _week_rows(
    cells: Mapping[tuple[str, str], _Cell],
    minimum: int,
    headcount: int,
    working_by_week: Mapping[str, float],
) -> list[dict[str, Any]]:
    weeks: dict[str, _Cell] = defaultdict(_Cell)
    for (_, week), cell in cells.items():
        weeks[week].seconds += cell.seconds
        weeks[week].people |= cell.people
    rows = []
    for week in sorted(weeks):
        cell = weeks[week]
        if len(cell.people) < minimum:
            rows.append({"week": week, "suppressed": True})
            continue
        rows.append(
            {
                "week": week,
                "suppressed": False,
                "minutes": round(cell.seconds / 60, 1),
                "share_of_working_time": _share(
                    cell.seconds, headcount * working_by_week.get(week, 0.0)
                ),
            }
        )
    return rows


def _platform_week_rows(placed: Iterable[_Placed], minimum: int) -> list[dict[str, Any]]:
    """Per ISO week, the minutes on each platform: the organisation's weekly trend. A platform
    used by fewer than `minimum` people in a week is left out of that week (not zero)."""
    weeks: dict[str, dict[str, _Cell]] = defaultdict(lambda: defaultdict(_Cell))
    for platform, week, cell in placed:
        total = weeks[week][platform]
        total.seconds += cell.seconds
        total.people |= cell.people
    rows = []
    for week in sorted(weeks):
        platforms = weeks[week]
        everyone: set[str] = set()
        for cell in platforms.values():
            everyone |= cell.people
        rows.append(
            {
                "week": week,
                "suppressed": len(everyone) < minimum,
                "minutes": (
                    None
                    if len(everyone) < minimum
                    else round(sum(c.seconds for c in platforms.values()) / 60, 1)
                ),
                "platforms": {
                    platform: round(cell.seconds / 60, 1)
                    for platform, cell in sorted(platforms.items())
                    if len(cell.people) >= minimum
                },
            }
        )
    return rows
