"""`socialgov monitor`: run connectors, analysis and escalation in this process."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from socialgov.monitoring.jobs.loop import run_loop


class Command(BaseCommand):
    help = "Run the monitoring worker: poll connectors, analyse posts, raise and escalate alerts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="Stop once no connector is due and nothing waits for analysis.",
        )
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between rounds.")
        parser.add_argument("--batch", type=int, default=500, help="Posts analysed per batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def request_stop(signum: int, _frame: object) -> None:
            self.stderr.write(f"monitor: signal {signum}, finishing the current batch")
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write("monitor: running (Ctrl-C stops)")
        stats = run_loop(
            stop=stop,
            until_idle=options["until_idle"],
            interval=options["interval"],
            batch=options["batch"],
            daily_jobs=not options["until_idle"],
        )
        self.stdout.write(
            f"monitor: {stats.rounds} rounds, {stats.polled} polls, "
            f"{stats.analysed} posts analysed, {stats.alerts} new alerts"
        )
