"""Database triggers that keep the fund book honest even when a program bypasses the services.

On insert of an entry: its month matches its date, its month is after every closed month, it is
not dated before the previous entry, its number follows the previous one, its balance is the
previous balance plus or minus its amount (and the CHECK constraints keep that balance >= 0),
its book belongs to its WKSBM, and a reversal mirrors an ordinary entry of the same book.
An entry is never updated. (Deletion is refused by the model and its queryset; a DELETE trigger
would also block the test runner's table flush on SQLite.)

SQLite drops a table's triggers when a migration rebuilds the table (e.g. to add a column): a
later migration that alters dana_entrikas must run SQLITE_CREATE from this module again.
"""

from django.db import migrations

CHECKS = [
    ("bulan entri kas tidak sesuai tanggal", "NEW.bulan <> {awal_bulan}"),
    (
        "bulan entri kas sudah ditutup",
        "EXISTS (SELECT 1 FROM dana_tutupbuku t"
        " WHERE t.wksbm_id = NEW.wksbm_id AND t.bulan >= NEW.bulan)",
    ),
    (
        "tanggal entri kas sebelum entri terakhir",
        "NEW.tanggal < (SELECT max(e.tanggal) FROM dana_entrikas e"
        " WHERE e.wksbm_id = NEW.wksbm_id)",
    ),
    (
        "nomor urut entri kas tidak berurutan",
        "NEW.urutan <> coalesce((SELECT max(e.urutan) FROM dana_entrikas e"
        " WHERE e.wksbm_id = NEW.wksbm_id), 0) + 1",
    ),
    (
        "saldo entri kas tidak sesuai",
        "NEW.saldo_setelah <> coalesce((SELECT e.saldo_setelah FROM dana_entrikas e"
        " WHERE e.wksbm_id = NEW.wksbm_id AND e.urutan = NEW.urutan - 1), 0)"
        " + CASE WHEN NEW.arah = 'masuk' THEN NEW.jumlah ELSE -NEW.jumlah END",
    ),
    (
        "buku kas bukan milik WKSBM entri",
        "NOT EXISTS (SELECT 1 FROM dana_bukukas b"
        " WHERE b.id = NEW.buku_id AND b.wksbm_id = NEW.wksbm_id)",
    ),
    (
        "entri pembalik tidak mencerminkan entri yang dibalik",
        "NEW.membalik_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dana_entrikas o"
        " WHERE o.id = NEW.membalik_id AND o.wksbm_id = NEW.wksbm_id"
        " AND o.membalik_id IS NULL AND o.jumlah = NEW.jumlah AND o.arah <> NEW.arah"
        " AND o.sumber = NEW.sumber AND o.tujuan = NEW.tujuan)",
    ),
]

SQLITE_CREATE = [
    "CREATE TRIGGER dana_entrikas_tidak_diubah BEFORE UPDATE ON dana_entrikas"
    " BEGIN SELECT RAISE(ABORT, 'entri kas tidak dapat diubah'); END",
    "CREATE TRIGGER dana_entrikas_sah BEFORE INSERT ON dana_entrikas BEGIN "
    + " ".join(
        f"SELECT RAISE(ABORT, '{pesan}') WHERE {kondisi};"
        for pesan, kondisi in CHECKS
    ).format(awal_bulan="date(NEW.tanggal, 'start of month')")
    + " END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS dana_entrikas_tidak_diubah",
    "DROP TRIGGER IF EXISTS dana_entrikas_sah",
]

# check_violation (23514) so that Django raises IntegrityError, as for a CHECK constraint.
POSTGRES_CREATE = [
    "CREATE FUNCTION dana_entrikas_jaga() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'entri kas tidak dapat diubah'"
    " USING ERRCODE = 'check_violation'; END IF; "
    + " ".join(
        f"IF ({kondisi}) THEN RAISE EXCEPTION '{pesan}' USING ERRCODE = 'check_violation';"
        " END IF;"
        for pesan, kondisi in CHECKS
    ).format(awal_bulan="date_trunc('month', NEW.tanggal)::date")
    + " RETURN NEW; END $$",
    "CREATE TRIGGER dana_entrikas_jaga BEFORE INSERT OR UPDATE ON dana_entrikas"
    " FOR EACH ROW EXECUTE FUNCTION dana_entrikas_jaga()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS dana_entrikas_jaga ON dana_entrikas",
    "DROP FUNCTION IF EXISTS dana_entrikas_jaga()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"Pemicu buku kas belum ditulis untuk {schema_editor.connection.vendor}."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("dana", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
