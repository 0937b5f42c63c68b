"""Rows written before generated texts were stored as messages: the English sentences the
system wrote become keys with parameters (see texts_legacy); free text is left as it is."""

from django.db import migrations

from socialgov.monitoring.texts_legacy import convert_rows


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_generated_text_messages"),
        ("monitoring", "0004_alert_messages"),
    ]

    operations = [migrations.RunPython(convert_rows, migrations.RunPython.noop)]
