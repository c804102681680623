"""Declarative partitioning of a large table by region code, one partition per province
(`wahana skala partisi`, PostgreSQL only; docs/scaling.md).

`PARTITION BY RANGE (kode_wilayah varchar_pattern_ops)`: province `62` holds the codes from
'62' up to (not including) '62/' in byte order — '62' itself and every '62.…' code, and nothing
else made of digits and dots ('620' sorts after '62/'). The pattern operator class compares
bytes whatever the column's collation (en_US.UTF-8 ignores '.' and '/' at the first level), and
its operators are the ones the scope filter uses (`~>=~`, `~<~`, `=`), so a scoped query is
pruned to its province. Codes of no known province ('' for national records, a province added
later) go to the default partition.

PostgreSQL's rules decide which tables can be converted as they are:
- every primary key or unique constraint of a partitioned table must include the partition
  key: the primary key becomes (id, kode_wilayah); a table with another unique constraint is
  refused (its uniqueness would become per region);
- a foreign key can only reference a unique key, and `id` alone no longer is one: a table that
  other tables reference is refused, naming them;
- the table must carry `kode_wilayah` and an identity `id` (Django's BigAutoField).

The conversion is one transaction holding the table's exclusive lock: create the partitioned
table beside the old one, copy every row, drop the old table, take its name, recreate its
constraints, indexes, triggers and grants from their definitions, and continue its id sequence
where it stood. Django does not notice: it still reads and writes `id`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

KUNCI = "kode_wilayah"
# The tables sound to convert as they are (the largest ones with no unique constraint and no
# table pointing at them): every write's audit row, and the services given to PPKS.
TABEL_BAWAAN = ("audit_auditlog", "ppks_layananppks")


@dataclass
class Rencana:
    """What converting one table does: read from the catalogue before anything changes."""

    tabel: str
    baris: int
    provinsi: list[str]
    identitas: str  # 'd' (BY DEFAULT) or 'a' (ALWAYS)
    urutan: tuple[int, bool]  # the id sequence's last_value and is_called
    pk: str  # name of the primary key constraint
    kendala: list[tuple[str, str]] = field(default_factory=list)  # (name, definition), not PK
    indeks: list[str] = field(default_factory=list)  # CREATE INDEX statements
    pemicu: list[str] = field(default_factory=list)  # CREATE TRIGGER statements
    hak: list[tuple[str, str]] = field(default_factory=list)  # (privilege, grantee)

    def partisi(self, kode: str) -> str:
        return f"{self.tabel}_p{kode}"

    def sql(self) -> list[str]:
        t, baru = _q(self.tabel), _q(f"{self.tabel}__partisi")
        langkah = [
            # Deferred foreign-key checks of rows written earlier in this transaction run now:
            # a table with pending trigger events cannot be dropped.
            "SET CONSTRAINTS ALL IMMEDIATE",
            f"CREATE TABLE {baru} (LIKE {t} INCLUDING DEFAULTS INCLUDING STORAGE "
            f"INCLUDING COMMENTS) PARTITION BY RANGE ({KUNCI} varchar_pattern_ops)",
        ]
        for kode in self.provinsi:
            langkah.append(
                f"CREATE TABLE {_q(self.partisi(kode))} PARTITION OF {baru} "
                f"FOR VALUES FROM ({_lit(kode)}) TO ({_lit(kode + '/')})"
            )
        langkah += [
            f"CREATE TABLE {_q(self.tabel + '_lain')} PARTITION OF {baru} DEFAULT",
            f"INSERT INTO {baru} SELECT * FROM {t}",  # noqa: S608 - quoted names
            f"DROP TABLE {t}",
            f"ALTER TABLE {baru} RENAME TO {t}",
            f"ALTER TABLE {t} ADD CONSTRAINT {_q(self.pk)} PRIMARY KEY (id, {KUNCI})",
        ]
        langkah += [f"ALTER TABLE {t} ADD CONSTRAINT {_q(n)} {d}" for n, d in self.kendala]
        langkah += self.indeks + self.pemicu
        langkah += [f"GRANT {p} ON {t} TO {_q(g)}" for p, g in self.hak]
        jenis = "ALWAYS" if self.identitas == "a" else "BY DEFAULT"
        nilai, dipanggil = self.urutan
        langkah += [
            f"ALTER TABLE {t} ALTER COLUMN id ADD GENERATED {jenis} AS IDENTITY "
            f"(SEQUENCE NAME {_q(self.tabel + '_id_seq')})",
            f"SELECT setval(pg_get_serial_sequence({_lit(self.tabel)}, 'id'), {nilai}, "
            f"{'true' if dipanggil else 'false'})",
            f"ANALYZE {t}",
        ]
        return langkah


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _satu(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _jumlah(tabel: str) -> int:
    return _satu(f"SELECT count(*) FROM {_q(tabel)}")[0][0]  # noqa: S608 - a quoted name


def is_partitioned(tabel: str) -> bool:
    return bool(
        _satu("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [tabel])
    )


def rencana_for(tabel: str, *, kunci: bool = False) -> Rencana:
    """The plan for `tabel`, or ValidationError saying why it cannot be converted as it is.
    `kunci`: take the table's exclusive lock first (inside the converting transaction), so the
    rows counted and the sequence read are the ones copied."""
    if connection.vendor != "postgresql":
        raise ValidationError(
            f"Partisi hanya untuk PostgreSQL (basis data ini: {connection.vendor})."
        )
    oid = _satu("SELECT to_regclass(%s)::oid", [tabel])[0][0]
    if oid is None:
        raise ValidationError(f"Tabel {tabel} tidak ada.")
    if is_partitioned(tabel):
        raise ValidationError(f"Tabel {tabel} sudah dipartisi.")
    if kunci:
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {_q(tabel)} IN ACCESS EXCLUSIVE MODE")
    kolom = {
        nama: (identitas, wajib)
        for nama, identitas, wajib in _satu(
            "SELECT attname, attidentity, attnotnull FROM pg_attribute "
            "WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped",
            [oid],
        )
    }
    if KUNCI not in kolom:
        raise ValidationError(f"Tabel {tabel} tidak punya kolom {KUNCI}.")
    if not kolom[KUNCI][1]:
        # The key joins the primary key, which makes it NOT NULL: the model would disagree.
        raise ValidationError(f"Kolom {KUNCI} tabel {tabel} boleh NULL.")
    if kolom.get("id", ("", False))[0] not in ("a", "d"):
        raise ValidationError(f"Kolom id tabel {tabel} bukan kolom identitas.")
    rujukan = _satu(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE contype = 'f' AND confrelid = %s ORDER BY 1, 2",
        [oid],
    )
    if rujukan:
        daftar = ", ".join(f"{t} ({n})" for t, n in rujukan)
        raise ValidationError(
            f"Tabel {tabel} dirujuk oleh kunci asing {daftar}: kunci asing hanya dapat merujuk "
            f"kunci unik, dan pada tabel berpartisi id saja bukan lagi kunci unik."
        )
    kendala = _satu(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s AND contype IN ('p', 'u', 'f', 'c', 'x') ORDER BY conname",
        [oid],
    )
    unik = [n for n, jenis, _d in kendala if jenis in ("u", "x")]
    indeks_unik = _satu(
        "SELECT i.indexrelid::regclass::text FROM pg_index i "
        "WHERE i.indrelid = %s AND i.indisunique AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [oid],
    )
    unik += [n for (n,) in indeks_unik]
    if unik:
        raise ValidationError(
            f"Tabel {tabel} punya kendala unik {', '.join(unik)}: pada tabel berpartisi keunikan "
            f"harus memuat {KUNCI}, jadi hanya berlaku per wilayah."
        )
    pk = [(n, d) for n, jenis, d in kendala if jenis == "p"]
    if [d for _n, d in pk] != ["PRIMARY KEY (id)"]:
        raise ValidationError(f"Kunci primer tabel {tabel} bukan (id).")
    provinsi = list(
        Wilayah.objects.filter(tingkat=kodelib.TINGKAT_PROVINSI)
        .order_by("kode")
        .values_list("kode", flat=True)
    )
    if not provinsi:
        raise ValidationError("Belum ada provinsi: jalankan `wahana wilayah load` dulu.")
    urutan_nama = _satu("SELECT pg_get_serial_sequence(%s, 'id')", [tabel])[0][0]
    urutan = _satu(f"SELECT last_value, is_called FROM {urutan_nama}")[0]  # noqa: S608
    pemilik = _satu("SELECT tableowner FROM pg_tables WHERE tablename = %s", [tabel])[0][0]
    return Rencana(
        tabel=tabel,
        baris=_jumlah(tabel),
        provinsi=provinsi,
        identitas=kolom["id"][0],
        urutan=(urutan[0], urutan[1]),
        pk=pk[0][0],
        kendala=[(n, d) for n, jenis, d in kendala if jenis in ("f", "c")],
        indeks=[
            d
            for (d,) in _satu(
                "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = %s "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                "ORDER BY i.indexrelid",
                [oid],
            )
        ],
        pemicu=[
            d
            for (d,) in _satu(
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE tgrelid = %s AND NOT tgisinternal ORDER BY tgname",
                [oid],
            )
        ],
        hak=_satu(
            "SELECT privilege_type, grantee FROM information_schema.role_table_grants "
            "WHERE table_schema = current_schema() AND table_name = %s AND grantee <> %s "
            "ORDER BY grantee, privilege_type",
            [tabel, pemilik],
        ),
    )


@transaction.atomic
def partisi(tabel: str) -> Rencana:
    """Convert `tabel` in one transaction; the row count is checked before it commits."""
    rencana = rencana_for(tabel, kunci=True)
    with connection.cursor() as cursor:
        for sql in rencana.sql():
            cursor.execute(sql)
    disalin = _jumlah(tabel)
    if disalin != rencana.baris:
        raise RuntimeError(f"{tabel}: {rencana.baris} baris sebelum, {disalin} sesudah.")
    return rencana
