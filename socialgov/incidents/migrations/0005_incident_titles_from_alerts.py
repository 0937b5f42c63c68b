"""Incidents opened from an alert before titles were messages take the alert's message, so
they read in the reader's language like the alert; other titles stay as they were typed."""

from typing import Any

from django.db import migrations


def titles_from_alerts(apps: Any, schema_editor: Any) -> None:
    incident_model = apps.get_model("incidents", "Incident")
    for incident in incident_model.objects.filter(title_message={}).prefetch_related("alerts"):
        for alert in incident.alerts.all():
            if alert.title_message and alert.title == incident.title:
                incident.title_message = alert.title_message
                incident.save(update_fields=["title_message"])
                break


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0004_incident_title_message"),
        ("monitoring", "0005_generated_texts_to_messages"),
    ]

    operations = [migrations.RunPython(titles_from_alerts, migrations.RunPython.noop)]
