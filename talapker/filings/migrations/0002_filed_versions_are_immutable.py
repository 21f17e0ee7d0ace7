"""The database itself refuses to change a filed report: an UPDATE of a filed version's
content, or of any row of a filed version, is aborted. Only `is_current` may change (when a
correction supersedes the version). Drafts stay editable."""

from django.db import migrations

VERSION_FIELDS = (
    "state", "number", "period_from", "period_to", "filed_at", "filed_by", "channel", "receipt",
    "content_sha256", "is_late", "due_on", "supersedes_id", "scan", "scan_sha256", "report_id",
)
MESSAGE = "a filed report is immutable: file a correction as a new version"


def _changed(fields):
    return " OR ".join(f"NEW.{f} IS DISTINCT FROM OLD.{f}" for f in fields)


def _sqlite_changed(fields):
    return " OR ".join(f"NEW.{f} IS NOT OLD.{f}" for f in fields)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        run(
            "CREATE TRIGGER filings_version_immutable BEFORE UPDATE ON filings_reportversion "
            f"WHEN OLD.state = 'filed' AND ({_sqlite_changed(VERSION_FIELDS)}) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
        for table in ("filings_contribution", "filings_expenditure"):
            run(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} "
                "WHEN (SELECT state FROM filings_reportversion WHERE id = OLD.version_id) "
                "= 'filed' OR (SELECT state FROM filings_reportversion "
                "WHERE id = NEW.version_id) = 'filed' "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    elif vendor == "postgresql":
        run(
            "CREATE FUNCTION filings_version_immutable() RETURNS trigger AS $$ BEGIN "
            f"IF OLD.state = 'filed' AND ({_changed(VERSION_FIELDS)}) THEN "
            f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; "
            "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        run(
            "CREATE TRIGGER filings_version_immutable BEFORE UPDATE ON filings_reportversion "
            "FOR EACH ROW EXECUTE FUNCTION filings_version_immutable()"
        )
        run(
            "CREATE FUNCTION filings_row_immutable() RETURNS trigger AS $$ BEGIN "
            "IF EXISTS (SELECT 1 FROM filings_reportversion WHERE state = 'filed' "
            "AND id IN (OLD.version_id, NEW.version_id)) THEN "
            f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; "
            "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        for table in ("filings_contribution", "filings_expenditure"):
            run(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION filings_row_immutable()"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    for table in ("filings_contribution", "filings_expenditure"):
        if vendor == "postgresql":
            run(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
        else:
            run(f"DROP TRIGGER IF EXISTS {table}_immutable")
    if vendor == "postgresql":
        run("DROP TRIGGER IF EXISTS filings_version_immutable ON filings_reportversion")
        run("DROP FUNCTION IF EXISTS filings_version_immutable()")
        run("DROP FUNCTION IF EXISTS filings_row_immutable()")
    else:
        run("DROP TRIGGER IF EXISTS filings_version_immutable")


class Migration(migrations.Migration):
    dependencies = [("filings", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
