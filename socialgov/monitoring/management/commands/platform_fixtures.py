"""Serve the recorded platform responses on 127.0.0.1 so the demo's platform connectors work
offline: `socialgov platform_fixtures [--port 8765] [--activate]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from socialgov.engine.sources.recorded_server import DEFAULT_PORT, serve
from socialgov.monitoring import services
from socialgov.monitoring.models import Connector
from socialgov.monitoring.platforms.demo import PREFIX


class Command(BaseCommand):
    help = "Serve recorded platform API responses locally for the demo connectors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=DEFAULT_PORT)
        parser.add_argument(
            "--activate",
            action="store_true",
            help="Activate the demo platform connectors and point them at this server.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        server = serve(options["port"])
        base = f"http://127.0.0.1:{server.server_address[1]}"
        if options["activate"]:
            self._activate(base)
        self.stdout.write(
            f"Serving recorded platform responses on {base}/<platform>/ "
            "(connectors need SOCIALGOV_CONNECTOR_ALLOWED_NETWORKS=127.0.0.1/32). Ctrl+C stops."
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    def _activate(self, base: str) -> None:
        for connector in Connector.objects.filter(name__startswith=PREFIX):
            config = {
                key: _rebase(value, base) if key.endswith(("_base", "_url")) else value
                for key, value in connector.config.items()
            }
            services.connector_update(
                actor=None, connector=connector, config=config, is_active=True
            )
            self.stdout.write(f"activated {connector.name}")


def _rebase(value: Any, base: str) -> Any:
    """http://127.0.0.1:<old port>/<platform> → <base>/<platform>."""
    if not isinstance(value, str) or not value.startswith("http://127.0.0.1:"):
        return value
    platform = value.rstrip("/").rsplit("/", 1)[-1]
    return f"{base}/{platform}"
