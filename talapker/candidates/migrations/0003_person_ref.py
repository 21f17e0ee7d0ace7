"""Who stands at a place (`person_ref`, the keyed pseudonym of the PIN, or of the PIN and the
name where the PIN is malformed), on candidates and on the decisions about them."""

from typing import Any

from django.db import migrations, models


def backfill(apps: Any, schema_editor: Any) -> None:
    from talapker.candidates.models import person_ref
    from talapker.core.names import name_key

    Candidate = apps.get_model("candidates", "Candidate")
    for c in Candidate.objects.all().iterator():
        c.person_ref = person_ref(c.pin, c.name_key)
        c.save(update_fields=["person_ref"])
    Decision = apps.get_model("candidates", "CandidateDecision")
    for d in Decision.objects.all().iterator():
        d.person_ref = person_ref(d.pin, name_key(d.full_name))
        d.save(update_fields=["person_ref"])


class Migration(migrations.Migration):
    dependencies = [("candidates", "0002_candidate_decisions")]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="person_ref",
            field=models.CharField(default="", editable=False, max_length=16, verbose_name="person"),
        ),
        migrations.AddField(
            model_name="candidatedecision",
            name="person_ref",
            field=models.CharField(default="", max_length=16, verbose_name="person"),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
