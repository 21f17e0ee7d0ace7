"""The name key of every party (parties.models.party_name_key), for search in any script."""

from django.db import migrations, models


def fill_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    from talapker.parties.models import party_name_key

    Party = apps.get_model("parties", "Party")
    parties = list(Party.objects.all())
    for party in parties:
        party.name_key = party_name_key(party.name_ky, party.name_ru, party.name_en)
    Party.objects.bulk_update(parties, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="party",
            name="name_key",
            field=models.CharField(
                default="", editable=False, max_length=1000, verbose_name="name key"
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
