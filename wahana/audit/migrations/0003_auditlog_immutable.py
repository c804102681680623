"""The audit log refuses edits in the database itself, not only in the application.

PostgreSQL: a row trigger refuses UPDATE and DELETE. TRUNCATE (a table owner's maintenance
operation, also what test runs use to empty the database) is not a row operation and stays
possible for the database administrator.
SQLite: a trigger refuses UPDATE. DELETE is left to the application's guards (AuditLog.delete and
its queryset) because SQLite empties tables with DELETE (there is no TRUNCATE), which test runs
and `wahana flush` need.
"""

from django.db import migrations

MESSAGE = "Jejak audit tidak dapat diubah atau dihapus."

POSTGRES_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION audit_auditlog_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_auditlog_immutable
    BEFORE UPDATE OR DELETE ON audit_auditlog
    FOR EACH ROW EXECUTE FUNCTION audit_auditlog_immutable()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditlog_immutable ON audit_auditlog",
    "DROP FUNCTION IF EXISTS audit_auditlog_immutable()",
]
SQLITE_FORWARD = [
    f"""CREATE TRIGGER audit_auditlog_immutable BEFORE UPDATE ON audit_auditlog
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS audit_auditlog_immutable"]


def _run(schema_editor, postgres: list[str], sqlite: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": postgres, "sqlite": sqlite}.get(vendor, [])
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, POSTGRES_FORWARD, SQLITE_FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, POSTGRES_BACKWARD, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_pelaku_protect")]

    operations = [migrations.RunPython(forward, backward)]
