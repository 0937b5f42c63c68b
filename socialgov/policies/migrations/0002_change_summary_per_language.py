"""A version's change summary per language, like its title and body: the English-only text
written so far becomes its English entry (a direct cast from text to JSON fails on
PostgreSQL, so the text moves through a new column)."""

from typing import Any

from django.db import migrations, models


def to_translations(apps: Any, schema_editor: Any) -> None:
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    for version in PolicyVersion.objects.exclude(change_summary="").only("change_summary"):
        version.summary_texts = {"en": version.change_summary}
        version.save(update_fields=["summary_texts"])


def to_text(apps: Any, schema_editor: Any) -> None:
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    for version in PolicyVersion.objects.only("summary_texts"):
        texts = version.summary_texts or {}
        version.change_summary = texts.get("en") or next(iter(texts.values()), "")
        version.save(update_fields=["change_summary"])


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="policyversion",
            name="summary_texts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_translations, to_text),
        migrations.RemoveField(model_name="policyversion", name="change_summary"),
        migrations.RenameField(
            model_name="policyversion", old_name="summary_texts", new_name="change_summary"
        ),
        migrations.AlterField(
            model_name="policyversion",
            name="change_summary",
            field=models.JSONField(blank=True, default=dict, verbose_name="what changed"),
        ),
    ]
