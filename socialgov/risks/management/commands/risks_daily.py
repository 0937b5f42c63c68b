from django.core.management.base import BaseCommand

from socialgov.risks.services import risk_acceptances_expire, risk_treatments_escalate


class Command(BaseCommand):
    help = "Expire risk acceptances and escalate overdue treatments (run daily; safe to repeat)."

    def handle(self, *args: object, **options: object) -> None:
        expired = risk_acceptances_expire()
        escalated = risk_treatments_escalate()
        self.stdout.write(f"{expired} acceptance(s) expired, {escalated} treatment(s) escalated.")
