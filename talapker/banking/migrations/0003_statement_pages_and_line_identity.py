"""Statements are places in a file (several per file, issue 13); bank lines get an identity.

Lines held before this migration were identified by their reference, unique per account;
their identity is computed here from the booking as `banking.identity` computes it for new
lines, counting identical bookings in the order they were stored.
"""

from collections import Counter

from django.db import migrations, models

BATCH = 2_000


def fill_identities(apps, schema_editor):  # type: ignore[no-untyped-def]
    from talapker.banking.identity import booking_key, identity_of
    from talapker.banking.statements.model import StatementLine

    BankLine = apps.get_model("banking", "BankLine")
    seen: Counter[tuple[int, str]] = Counter()
    batch = []
    for row in BankLine.objects.order_by("account_id", "id").iterator(chunk_size=BATCH):
        line = StatementLine(
            number=0,
            booking_date=row.booking_date,
            value_date=row.value_date,
            amount=row.amount,
            currency=row.currency,
            counterparty_name=row.counterparty_name,
            counterparty_id=row.counterparty_id,
            counterparty_account=row.counterparty_account,
            reference=row.reference,
            purpose=row.purpose,
        )
        key = booking_key(line)
        seen[row.account_id, key] += 1
        row.identity = identity_of(key, seen[row.account_id, key])
        batch.append(row)
        if len(batch) >= BATCH:
            BankLine.objects.bulk_update(batch, ["identity"])
            batch = []
    if batch:
        BankLine.objects.bulk_update(batch, ["identity"])


class Migration(migrations.Migration):
    dependencies = [
        ("banking", "0002_statement_received_at_index"),
        ("funds", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="sequence",
            field=models.CharField(blank=True, max_length=64, verbose_name="statement and page"),
        ),
        migrations.AddField(
            model_name="statement",
            name="position",
            field=models.PositiveIntegerField(default=1, verbose_name="place in the file"),
        ),
        migrations.RemoveConstraint(model_name="statement", name="statement_file_once"),
        migrations.AddConstraint(
            model_name="statement",
            constraint=models.UniqueConstraint(
                fields=("account", "sha256", "position"), name="statement_file_once"
            ),
        ),
        migrations.AddField(
            model_name="bankline",
            name="identity",
            field=models.CharField(default="", max_length=64, verbose_name="identity"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_identities, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="bankline",
            constraint=models.UniqueConstraint(
                fields=("account", "identity"), name="bank_line_identity"
            ),
        ),
    ]
