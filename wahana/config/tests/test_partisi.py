"""`wahana skala partisi` (wahana/config/partisi.py): a large table becomes a table partitioned
by province, and the app keeps reading and writing it.

The conversions run inside the test's transaction (PostgreSQL's DDL is transactional), so the
table is back as it was when each test ends."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from wahana.akun.scope import visible_to
from wahana.audit.models import AuditLog
from wahana.audit.services import audit_record
from wahana.config import partisi
from wahana.conftest import DESA_A, PROVINSI
from wahana.ppks.models import LayananPpks
from wahana.ppks.tests.factories import layanan_make, ppks_make
from wahana.wilayah.services import wilayah_load

pytestmark = pytest.mark.django_db

PROVINSI_LAIN = "63"  # Kalimantan Selatan


def _jumlah(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _relasi(qs) -> set[str]:
    """The tables and partitions PostgreSQL's plan of `qs` reads."""
    found = set()

    def walk(node):
        if "Relation Name" in node:
            found.add(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(json.loads(qs.explain(format="json"))[0]["Plan"])
    return found


def test_command_refuses_sqlite_and_plans_on_postgresql():
    out = io.StringIO()
    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="hanya untuk PostgreSQL"):
            call_command("skala", "partisi", "--dry-run", stdout=out)
    else:
        call_command("skala", "partisi", "--dry-run", stdout=out)
        plan = out.getvalue()
        for tabel in partisi.TABEL_BAWAAN:
            assert f"PARTITION OF \"{tabel}__partisi\" FOR VALUES FROM ('62') TO ('62/')" in plan
            assert not partisi.is_partitioned(tabel)


@pytest.mark.postgresql
def test_audit_log_partitioned_by_province_keeps_working(client, personas):
    wilayah_load(prefix=PROVINSI_LAIN)
    sini = audit_record(actor=personas.operator, aksi="uji_sebelum", kode_wilayah=DESA_A)
    sana = audit_record(actor=personas.admin, aksi="uji_sebelum", kode_wilayah="63.01")
    audit_record(actor=personas.admin, aksi="uji_sebelum", kode_wilayah="")
    sebelum = AuditLog.objects.count()
    di_62 = AuditLog.objects.filter(kode_wilayah__startswith=PROVINSI).count()

    out = io.StringIO()
    call_command("skala", "partisi", "--tabel", "audit_auditlog", stdout=out)

    assert f"audit_auditlog: {sebelum} baris" in out.getvalue()
    assert partisi.is_partitioned("audit_auditlog")
    assert AuditLog.objects.count() == sebelum
    assert _jumlah("SELECT count(*) FROM audit_auditlog_p62") == di_62
    assert _jumlah("SELECT count(*) FROM audit_auditlog_p63") == 1
    assert _jumlah("SELECT count(*) FROM audit_auditlog_lain") == 1
    # Writes through the service continue the id sequence; reads through the scope.
    baru = audit_record(actor=personas.operator, aksi="uji_sesudah", kode_wilayah=DESA_A)
    assert baru.pk > max(sini.pk, sana.pk)
    terlihat = visible_to(AuditLog.objects.filter(aksi__startswith="uji_"), personas.operator)
    assert set(terlihat.values_list("pk", flat=True)) == {sini.pk, baru.pk}
    # A kabupaten's scope reads its province's partition only.
    assert _relasi(visible_to(AuditLog.objects.all(), personas.operator)) == {"audit_auditlog_p62"}
    # The log stays append-only: the trigger came along.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditlog SET aksi = 'diubah' WHERE id = %s", [sini.pk])
    client.force_login(personas.admin)
    assert client.get("/audit/").status_code == 200


@pytest.mark.postgresql
def test_ppks_services_partitioned_keep_working(client, personas):
    ppks = ppks_make(nama="Sinta Rahayu", kode=DESA_A)
    lama = layanan_make(ppks)

    call_command("skala", "partisi", "--tabel", "ppks_layananppks", stdout=io.StringIO())

    baru = layanan_make(ppks)
    assert baru.pk > lama.pk
    assert list(LayananPpks.objects.filter(ppks=ppks).order_by("pk")) == [lama, baru]
    assert _relasi(visible_to(LayananPpks.objects.all(), personas.operator)) == {
        "ppks_layananppks_p62"
    }
    client.force_login(personas.operator)
    assert client.get(f"/ppks/{ppks.pk}/").status_code == 200


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("tabel", "alasan"),
    [
        ("ppks_ppks", "dirujuk oleh kunci asing dana_entrikas"),
        ("dana_entrikas", "dirujuk oleh kunci asing dana_entrikas"),
        ("kegiatan_kegiatan", "dirujuk oleh kunci asing"),
        ("pantau_indeksbulanan", "punya kendala unik indeks_bulanan_unik"),
        ("kegiatan_penerimakegiatan", "punya kendala unik"),
        ("wilayah_wilayah", "tidak punya kolom kode_wilayah"),
    ],
)
def test_tables_that_cannot_be_partitioned_as_they_are_are_refused(tabel, alasan):
    err = io.StringIO()
    with pytest.raises(CommandError, match=f"Tidak dipartisi: {tabel}"):
        call_command("skala", "partisi", "--tabel", tabel, stderr=err, stdout=io.StringIO())
    assert alasan in err.getvalue()
    assert not partisi.is_partitioned(tabel)
