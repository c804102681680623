"""UU PDP duties for one person: the personal-data report and retention-driven erasure."""

import datetime
import io

import pytest
from django.core.management import call_command

from wahana.audit.models import AuditLog
from wahana.audit.services import audit_record

from .. import services
from ..models import Ppks
from .factories import layanan_make, make_nik, ppks_make

NIK = make_nik(birth=datetime.date(1966, 5, 17), sex="L", serial=8642)


@pytest.mark.django_db
def test_report_shows_what_is_held_and_who_saw_it(client, personas):
    ppks = ppks_make(nama="Petrus Dagang", nik=NIK, tanggal_lahir=datetime.date(1966, 5, 17))
    layanan_make(ppks, keterangan="Kursi roda")
    services.ppks_reveal(acting_user=personas.psm, ppks=ppks, alasan="Verifikasi bantuan")
    audit_record(actor=personas.operator, aksi="ppks_diekspor", kode_wilayah="62.10")
    audit_record(actor=personas.operator_lain, aksi="ppks_diekspor", kode_wilayah="62.01")
    client.force_login(personas.psm)
    assert client.get(f"/ppks/{ppks.pk}/laporan-data-pribadi/").status_code == 404
    client.force_login(personas.operator)
    form = client.get(f"/ppks/{ppks.pk}/laporan-data-pribadi/").content.decode()
    assert NIK not in form
    page = client.post(
        f"/ppks/{ppks.pk}/laporan-data-pribadi/", {"alasan": "Permintaan tertulis subjek data"}
    ).content.decode()
    assert NIK in page and "Kursi roda" in page
    assert "psm.tanjungriu" in page and "Verifikasi bantuan" in page
    assert "operator.gumas" in page and "operator.kobar" not in page
    log = AuditLog.objects.get(aksi="ppks_laporan_data_pribadi")
    assert log.pelaku == personas.operator and log.keterangan == "Permintaan tertulis subjek data"


@pytest.mark.django_db
def test_retention_erases_only_archived_records_past_the_period(personas):
    old = ppks_make(nama="Arsip Lama", status=Ppks.Status.DIARSIPKAN)
    recent = ppks_make(nama="Arsip Baru", status=Ppks.Status.DIARSIPKAN)
    active = ppks_make(nama="Masih Aktif")
    Ppks.objects.filter(pk__in=[old.pk, active.pk]).update(
        diubah=datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    )
    out = io.StringIO()
    call_command("ppks", "retention", "--tahun", "5", stdout=out)
    assert "1 data PPKS arsip" in out.getvalue()
    assert Ppks.objects.get(pk=old.pk).status == Ppks.Status.DIARSIPKAN
    call_command("ppks", "retention", "--tahun", "5", "--hapus", stdout=out)
    old.refresh_from_db()
    assert old.status == Ppks.Status.DIHAPUS and old.nik_indeks is None and "Arsip" not in old.nama
    assert list(old.jenis.values_list("kode", flat=True)) == ["24"]
    assert Ppks.objects.get(pk=recent.pk).nama == "Arsip Baru"
    assert Ppks.objects.get(pk=active.pk).nama == "Masih Aktif"
    log = AuditLog.objects.get(aksi="ppks_data_pribadi_dihapus")
    assert log.pelaku is None and "retensi 5 tahun" in log.keterangan
