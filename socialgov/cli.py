"""The `socialgov` console script: Django's management commands plus the project's own."""

import os
import sys

# Commands that read settings but no app, model or URL: run without `django.setup()`, which
# imports every installed app (API schema, PDF, PostgreSQL fields...) and costs more CPU than
# analysing thousands of posts. Each command's module must import no model at import time.
APPLESS_COMMANDS = {
    "analyze": "socialgov.monitoring.management.commands.analyze",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    argv = ["socialgov", *sys.argv[1:]]
    if len(argv) > 1 and argv[1] in APPLESS_COMMANDS:
        from importlib import import_module

        command = import_module(APPLESS_COMMANDS[argv[1]]).Command()
        # The same parsing, options (--settings, --traceback...) and exit codes as through
        # Django's ManagementUtility, which only adds the app loading before this call.
        command.run_from_argv(argv)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
