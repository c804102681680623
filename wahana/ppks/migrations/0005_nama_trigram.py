"""PostgreSQL: a trigram index on the name key, for the list's name search
(`nama_kunci LIKE '%words%'`, which no b-tree serves): the matches are read from the index
instead of testing every name of the scope. pg_trgm is in Debian's postgresql-15 package
(contrib) and a trusted extension: the database owner may create it, no superuser needed.
Not declared on the model: SQLite has no such index type and keeps its scan."""

from django.db import migrations

INDEX = "ppks_nama_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON ppks_ppks USING gin (nama_kunci gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("ppks", "0004_indeks_wilayah_rentang")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
