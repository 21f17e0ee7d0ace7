"""Each expenditure's payee name key (core.names), so the payee is found in any script and
case. Filed rows are immutable (0002): the backfill sets the new column with the row
trigger set aside, then puts it back as 0002 made it."""

from importlib import import_module

from django.db import migrations, models

from talapker.core.names import name_key

BATCH = 5000
IMMUTABLE = import_module("talapker.filings.migrations.0002_filed_versions_are_immutable")
TABLE = "filings_expenditure"


def _row_trigger_sql(vendor: str) -> str:
    if vendor == "postgresql":
        return (
            f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION filings_row_immutable()"
        )
    return (
        f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE ON {TABLE} "
        "WHEN (SELECT state FROM filings_reportversion WHERE id = OLD.version_id) "
        "= 'filed' OR (SELECT state FROM filings_reportversion "
        "WHERE id = NEW.version_id) = 'filed' "
        f"BEGIN SELECT RAISE(ABORT, '{IMMUTABLE.MESSAGE}'); END"
    )


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    drop = f"DROP TRIGGER IF EXISTS {TABLE}_immutable" + (f" ON {TABLE}" if vendor == "postgresql" else "")
    with connection.cursor() as cursor:
        cursor.execute(drop)
        last = 0
        while True:
            cursor.execute(
                f"SELECT id, payee_name FROM {TABLE} WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            cursor.executemany(
                f"UPDATE {TABLE} SET payee_key = %s WHERE id = %s",
                [(name_key(name), pk) for pk, name in rows],
            )
            last = rows[-1][0]
        cursor.execute(_row_trigger_sql(vendor))


class Migration(migrations.Migration):
    dependencies = [("filings", "0007_version_filed_at_index")]

    operations = [
        migrations.AddField(
            model_name="expenditure",
            name="payee_key",
            field=models.CharField(
                blank=True, max_length=500, null=True, verbose_name="payee name key"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
