import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("socialgov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs of the monitoring pipeline (`celery -A config beat`).
from socialgov.monitoring.jobs.celery_tasks import BEAT_SCHEDULE as MONITORING_SCHEDULE  # noqa: E402

app.conf.beat_schedule = {**MONITORING_SCHEDULE}
