from django.core.management.base import BaseCommand, CommandParser

from socialgov.core.demo import DEMO_LANGUAGES, DEMO_USERS, build_demo, demo_password


class Command(BaseCommand):
    help = "Build (or complete) the demo organisation. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--language",
            choices=DEMO_LANGUAGES,
            default="",
            help="The organisation's language for the demo content (default: LANGUAGE_CODE).",
        )

    def handle(self, *args: object, **options: object) -> None:
        password, generated = demo_password()
        context = build_demo(password, language=str(options.get("language") or ""))
        for line in context.log:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation ready: {len(context.org_units)} org units, "
                f"{len(context.people)} people."
            )
        )
        self.stdout.write("Log in at http://127.0.0.1:8000/ with one of these users:")
        for username, _employee, role in DEMO_USERS:
            self.stdout.write(f"  {username:<9} ({role.label})")
        source = "generated, kept in the data directory" if generated else "SOCIALGOV_DEMO_PASSWORD"
        self.stdout.write(f"Password for all of them: {password}  ({source})")
