"""On PostgreSQL, a trigram index on the contributions' name keys: the public search finds a
donor's name anywhere in the key (`donor_key LIKE '%asanov%'`) among a million rows through
the index instead of reading them all. SQLite has no such index and reads the table.

Creating the `pg_trgm` extension needs a privilege a hosted database may withhold; without
it the migration leaves a notice and the search still works, only slower."""

from django.db import migrations, transaction
from django.db.utils import DatabaseError

INDEX = (
    "CREATE INDEX IF NOT EXISTS contribution_donor_key_trgm "
    "ON filings_contribution USING gin (donor_key gin_trgm_ops)"
)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(INDEX)
    except DatabaseError as error:
        print(f"\n  no trigram index on donor names ({error}); the search reads the table")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS contribution_donor_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("filings", "0005_scan_pages")]
    operations = [migrations.RunPython(forwards, backwards)]
