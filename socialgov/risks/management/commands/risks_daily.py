from django.core.management.base import BaseCommand

from socialgov.risks.jobs import run_daily


class Command(BaseCommand):
    help = "Expire risk acceptances and escalate overdue treatments (run daily; safe to repeat)."

    def handle(self, *args: object, **options: object) -> None:
        report = run_daily()
        self.stdout.write(
            f"{report.expired} acceptance(s) expired, {report.escalated} treatment(s) escalated."
        )
