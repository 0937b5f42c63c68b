"""`socialgov detect spikes|impersonation|compromise`: replay JSON lines through a detector."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from socialgov.engine.detectors.compromise import CompromiseDetector, parse_own_record
from socialgov.engine.detectors.impersonation import (
    ImpersonationIndex,
    ImpersonationSettings,
    parse_profile,
)
from socialgov.engine.detectors.mention_sentiment import SentimentFn
from socialgov.engine.detectors.spikes import SpikeDetector, SpikeSettings, parse_mention
from socialgov.engine.detectors.streams import (
    RecordError,
    bounded_lines,
    iter_records,
    parse_timestamp,
    write_jsonl,
)
from socialgov.monitoring.management.commands._detector_io import (
    BadLineReport,
    open_input,
    open_output,
)

# The analysis engine's sentiment, as the pipeline uses: the detectors' small word list knows
# only English, Dutch and French, so German mentions got no sentiment at all from this command.
DEFAULT_SENTIMENT_FN = "socialgov.engine.detectors.engine_sentiment.engine_sentiment"


def sentiment_function() -> SentimentFn:
    """The function that scores mentions without a `sentiment` field.

    `SOCIALGOV_SENTIMENT_FN` names it by dotted path; it takes a text and returns a score in
    [-1, 1]. The default is the analysis engine's sentiment model.
    """
    path = getattr(settings, "SOCIALGOV_SENTIMENT_FN", "") or DEFAULT_SENTIMENT_FN
    try:
        function: SentimentFn = import_string(path)
    except ImportError as error:
        raise CommandError(f"SOCIALGOV_SENTIMENT_FN: cannot import {path}: {error}") from None
    return function


class Command(BaseCommand):
    help = "Run a stream detector over JSON-lines input and write its alerts as JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        detectors = parser.add_subparsers(dest="detector", required=True, metavar="DETECTOR")

        spikes = detectors.add_parser("spikes", help="surges of mentions and of negative mentions")
        spikes.add_argument("--input", required=True, help="mentions, JSON lines ('-': stdin)")
        spikes.add_argument("--output", required=True, help="alerts, JSON lines ('-': stdout)")
        spikes.add_argument(
            "--timezone",
            default=getattr(settings, "TIME_ZONE", "UTC"),
            help="whose hours and weekdays the baseline learns (default: TIME_ZONE)",
        )
        spikes.add_argument(
            "--updates",
            action="store_true",
            help="write every status change (growing, peaked, over), not one line per alert",
        )

        impersonation = detectors.add_parser("impersonation", help="look-alike profiles")
        impersonation.add_argument("--protected", required=True, help="protected identities")
        impersonation.add_argument("--candidates", required=True, help="candidate profiles")
        impersonation.add_argument("--output", required=True, help="matches, JSON lines")
        impersonation.add_argument(
            "--threshold",
            type=float,
            default=ImpersonationSettings.threshold,
            help="lowest score written (default: %(default)s)",
        )
        impersonation.add_argument(
            "--now", help="reference time for account age (ISO 8601; default: now)"
        )

        compromise = detectors.add_parser("compromise", help="hijacked own accounts")
        compromise.add_argument(
            "--history",
            required=True,
            help="own posts in time order (with 'toxicity' where scored), and the platform's "
            "'profile_change' and 'delete' events",
        )
        compromise.add_argument("--output", required=True, help="alerts, JSON lines")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {
            "spikes": self.spikes,
            "impersonation": self.impersonation,
            "compromise": self.compromise,
        }
        handlers[options["detector"]](argparse.Namespace(**options))

    def spikes(self, options: argparse.Namespace) -> None:
        try:
            zone = ZoneInfo(options.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"unknown time zone {options.timezone!r}") from None
        detector = SpikeDetector(
            sentiment_fn=sentiment_function(), settings=SpikeSettings(zone=zone)
        )
        bad = BadLineReport(self.stderr, options.input)
        written = 0
        with open_input(options.input) as source, open_output(options.output) as sink:
            mentions = iter_records(bounded_lines(source), parse_mention, on_bad_line=bad)
            for event in detector.run(mentions):
                # Without --updates, an alert is written once: when it is over, or at the end.
                if options.updates or event.final:
                    write_jsonl(sink, event.record)
                    written += 1
        self._summary(bad, written, "alerts")
        if detector.dropped_late or detector.dropped_brands:
            self.stderr.write(
                f"{detector.dropped_late} mentions too far out of time order and "
                f"{detector.dropped_brands} beyond the brand limit were not counted"
            )

    def impersonation(self, options: argparse.Namespace) -> None:
        now = None
        if options.now:
            try:
                now = parse_timestamp(options.now, key="--now")
            except RecordError as error:
                raise CommandError(str(error)) from None
        if not 0 < options.threshold <= 1:
            raise CommandError("--threshold must be in (0, 1]")
        protected_bad = BadLineReport(self.stderr, options.protected)
        with open_input(options.protected) as source:
            protected = list(
                iter_records(bounded_lines(source), parse_profile, on_bad_line=protected_bad)
            )
        if not protected:
            raise CommandError(f"{options.protected} holds no usable protected identity")
        index = ImpersonationIndex(
            protected, settings=ImpersonationSettings(threshold=options.threshold)
        )
        bad = BadLineReport(self.stderr, options.candidates)
        written = 0
        with open_input(options.candidates) as source, open_output(options.output) as sink:
            candidates = iter_records(bounded_lines(source), parse_profile, on_bad_line=bad)
            for match in index.run(candidates, now=now or datetime.now(UTC)):
                write_jsonl(sink, match.as_record())
                written += 1
        self._summary(bad, written, "matches", extra=protected_bad.count)

    def compromise(self, options: argparse.Namespace) -> None:
        detector = CompromiseDetector()
        bad = BadLineReport(self.stderr, options.history)
        written = 0
        with open_input(options.history) as source, open_output(options.output) as sink:
            records = iter_records(bounded_lines(source), parse_own_record, on_bad_line=bad)
            for alert in detector.run(records):
                write_jsonl(sink, alert.as_record())
                written += 1
        self._summary(bad, written, "alerts")

    def _summary(self, bad: BadLineReport, written: int, what: str, *, extra: int = 0) -> None:
        skipped = bad.count + extra
        self.stderr.write(f"{written} {what} written; {skipped} bad lines skipped")
