"""The default bodies and routing table (complaints/defaults.py, docs/complaints.md); the
commission edits both in the admin site afterwards."""

from django.db import migrations

from talapker.complaints.defaults import table_seed


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    table_seed(apps.get_model("complaints", "Body"), apps.get_model("complaints", "Route"))


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("complaints", "Route").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
