"""The whole `wahana demo` (Gunung Mas, every app's story), built once for this module: every
report made by the worker on its data (XLSX re-read and PDFs turned into text, their numbers
compared with the database), and the follow-up tasks the 2018 bimtek leaves."""

import datetime
import io
import zipfile
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from wahana.akun.models import User
from wahana.audit.models import AuditLog
from wahana.bimtek import demo as bimtek_demo
from wahana.bimtek.models import Bimtek, TindakLanjutBimtek
from wahana.bimtek.selectors import dampak_within
from wahana.conftest import KABUPATEN_LAIN, reload_reference_data
from wahana.dana.selectors import dana_per_wksbm_bulan
from wahana.laporan.tests.helpers import make_report, page_numbers, pdf_text, rp, table, xlsx_rows
from wahana.pantau.models import IndeksBulanan
from wahana.pendamping.models import Pendamping, TindakLanjut
from wahana.ppks.models import Ppks
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import PengurusWksbm, Wksbm

KAB = "62.10"

pytestmark = pytest.mark.django_db


def _region(prefix, field="wilayah__kode"):
    return Q(**{field: prefix}) | Q(**{f"{field}__startswith": prefix + "."})


@dataclass
class Demo:
    operator: User  # the kabupaten operator of Gunung Mas
    bulan: datetime.date  # the latest month of pantau's index
    output: str  # what `wahana demo` printed


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """`wahana demo` run once for the module (it was run once per test: three runs), inside a
    transaction rolled back when the module ends, so no other test sees its data. Each test runs
    in a savepoint within it (pytest-django's `db`): what one test changes, the next does not
    see. Under xdist a worker that gets tests of this module builds it in its own database."""
    out = io.StringIO()
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        # After a transactional test on the same worker the session's regions and seeded kinds
        # are gone (the same check as the `personas` fixture).
        if not Wilayah.objects.filter(kode=KABUPATEN_LAIN).exists():
            reload_reference_data()
        call_command("demo", stdout=out)
        operator = User.objects.get(peran="operator_kabupaten", wilayah_id=KAB)
        bulan = IndeksBulanan.objects.order_by("-bulan").values_list("bulan", flat=True).first()
        yield Demo(operator=operator, bulan=bulan, output=out.getvalue())
        transaction.set_rollback(True)


def test_reports_on_demo_data(demo):
    operator, bulan = demo.operator, demo.bulan

    # Rekap WKSBM per kecamatan (XLSX): every figure against the database.
    _tugas, data = make_report(operator, "rekap_wksbm", "xlsx", kode_wilayah=KAB, bulan=bulan)
    header, rows, jumlah, stated = table(xlsx_rows(data), "Kecamatan")
    assert stated == len(rows) == 12
    col = {name: i for i, name in enumerate(header)}
    assert sum(r[col["WKSBM"]] for r in rows) == jumlah[col["WKSBM"]]
    assert jumlah[col["WKSBM"]] == Wksbm.objects.filter(_region(KAB)).count()
    assert jumlah[col["Pengurus aktif"]] == (
        PengurusWksbm.objects.filter(_region(KAB), aktif=True).count()
    )
    akhir = (bulan + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    dana = list(dana_per_wksbm_bulan(dari=bulan, sampai=akhir))
    assert jumlah[col["Dana dihimpun (Rp)"]] == sum(d["masuk"] for d in dana)
    assert jumlah[col["Dana disalurkan (Rp)"]] == sum(d["keluar"] for d in dana)
    indeks = IndeksBulanan.objects.filter(bulan=bulan, wilayah__kode__startswith=KAB + ".")
    assert jumlah[col["Aktif"]] == indeks.filter(status="aktif").count()
    assert jumlah[col["Mati suri"]] == indeks.filter(status="mati_suri").count()
    assert jumlah[col["PPKS dilayani"]] == sum(indeks.values_list("ppks_dilayani", flat=True))
    kurun = next(r for r in rows if r[0] == "Kurun")
    assert kurun[col["WKSBM"]] == Wksbm.objects.filter(_region("62.10.02")).count()

    # The same report as PDF: the totals row, the row count, page numbers.
    _tugas, data = make_report(operator, "rekap_wksbm", "pdf", kode_wilayah=KAB, bulan=bulan)
    text, pages = pdf_text(data)
    assert "PEMERINTAH KABUPATEN GUNUNG MAS" in text and "Jumlah baris: 12" in text
    total_line = next(line for line in text.splitlines() if line.startswith("Jumlah "))
    assert total_line.split()[1] == str(jumlah[col["WKSBM"]])
    assert rp(jumlah[col["Dana dihimpun (Rp)"]]) in total_line
    assert page_numbers(text) == [(n, pages) for n in range(1, pages + 1)]
    assert "indeks keaktifan bulanan yang tersimpan" in text

    # Rekap PPKS per jenis per desa: counts only, many pages with the header on each.
    _tugas, data = make_report(operator, "rekap_ppks", "xlsx", kode_wilayah=KAB)
    header, rows, jumlah, stated = table(xlsx_rows(data), "Kecamatan")
    through = Ppks.jenis.through.objects.filter(
        _region(KAB, "ppks__wilayah__kode"), ppks__status=Ppks.Status.AKTIF
    )
    assert (
        stated == len(rows) == through.values("ppks__wilayah_id", "jenisppks_id").distinct().count()
    )
    assert jumlah[-1] == sum(r[-1] for r in rows) == through.count()
    assert "NIK" not in str(header)
    _tugas, data = make_report(operator, "rekap_ppks", "pdf", kode_wilayah=KAB)
    text, pages = pdf_text(data)
    # The header row is repeated on every page that carries rows of the table.
    table_pages = [p for p in text.split("Halaman ")[:-1] if "62.10." in p]
    assert pages > 3 and len(table_pages) >= pages - 1
    assert all("Jenis PPKS" in p for p in table_pages)
    assert f"Jumlah baris: {stated}" in text and f"Halaman {pages} dari {pages}" in text
    assert rp(through.count()) in text

    # Rekap PSKS: the 12 kinds, WKSBM counted from the SK stage.
    _tugas, data = make_report(operator, "rekap_psks", "xlsx", kode_wilayah=KAB)
    header, rows, _jumlah, stated = table(xlsx_rows(data), "Kode")
    assert stated == len(rows) == 12
    wksbm_row = next(r for r in rows if r[0] == "08")
    assert wksbm_row[2] == (
        Wksbm.objects.filter(_region(KAB), tahap_set__tahap="pengesahan").distinct().count()
    )

    # Profil of one WKSBM: its officers are listed.
    wksbm = Wksbm.objects.get(wilayah_id="62.10.02.2003")
    _tugas, data = make_report(operator, "profil_wksbm", "pdf", wksbm=wksbm, bulan=bulan)
    text, _pages = pdf_text(data)
    assert wksbm.nama in text
    for nama in PengurusWksbm.objects.filter(wksbm=wksbm, aktif=True).values_list(
        "nama", flat=True
    ):
        assert nama in text
    _tugas, data = make_report(operator, "profil_wksbm", "xlsx", wksbm=wksbm, bulan=bulan)
    _header, rows, _j, stated = table(xlsx_rows(data, sheet=2), "Nama")
    assert stated == len(rows) == PengurusWksbm.objects.filter(wksbm=wksbm, aktif=True).count()

    # Bundles made by the other apps' builders: buku kas of the month, a bimtek's documents.
    tugas, data = make_report(operator, "buku_kas", "pdf", kode_wilayah=KAB, bulan=bulan)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    books = {d["wksbm_id"] for d in dana}
    assert tugas.hasil["jumlah"] == len(books) == len(names) - 1
    assert "00-daftar-isi.pdf" in names
    from wahana.bimtek.models import Bimtek, PesertaBimtek

    bimtek = Bimtek.objects.filter(_region(KAB)).order_by("pk").first()
    tugas, data = make_report(operator, "bimtek", "xlsx", bimtek=bimtek, situs="http://uji/")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    certificates = (
        PesertaBimtek.objects.filter(bimtek=bimtek, kode_sertifikat__isnull=False)
        .exclude(kode_sertifikat="")
        .count()
    )
    assert len([n for n in names if n.startswith("sertifikat-")]) == certificates
    assert f"daftar-hadir-bimtek-{bimtek.pk}.xlsx" in names

    # Without pantau's index for the month the status columns go, and the report says so.
    IndeksBulanan.objects.filter(bulan=bulan).delete()
    _tugas, data = make_report(operator, "rekap_wksbm", "xlsx", kode_wilayah=KAB, bulan=bulan)
    all_rows = xlsx_rows(data)
    header, rows, jumlah, _stated = table(all_rows, "Kecamatan")
    assert "Aktif" not in header and "Pengesahan (SK)" in header
    assert any("status hanya dapat dibaca dari tahap" in str(r[0]) for r in all_rows)


def test_monthly_pendamping_reports_bundled(demo):
    from wahana.pendamping.models import LaporanBulanan

    operator = demo.operator
    month = (
        LaporanBulanan.objects.exclude(status="draft")
        .order_by("-bulan")
        .values_list("bulan", flat=True)
        .first()
    )
    expected = (
        LaporanBulanan.objects.filter(bulan=month, wilayah__kode__startswith=KAB + ".")
        .exclude(status="draft")
        .values("pendamping_id")
        .distinct()
        .count()
    )
    tugas, data = make_report(operator, "laporan_pendamping", "pdf", kode_wilayah=KAB, bulan=month)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert expected > 0 and tugas.hasil["jumlah"] == expected == len(names) - 1
    # Namesakes (the demo has two PSM called alike) still get a file each.
    assert len(set(names)) == len(names)
    text, _pages = pdf_text(zipfile.ZipFile(io.BytesIO(data)).read("00-daftar-isi.pdf"))
    assert f"Jumlah baris: {expected}" in text


def test_2018_bimtek_leaves_follow_ups_for_the_desa_that_did_not_wake_up(demo):
    """The 2018 provincial bimtek leaves a follow-up task for the TKSK of every trained desa that
    did not wake up, made through the service, and a re-run makes none twice."""
    bimtek = Bimtek.objects.get(judul=bimtek_demo.PROVINSI_2018["judul"])
    rows = [
        row
        for group in dampak_within("", bimtek)["kecamatan"]
        for row in group["dilatih"]
        if row["perlu_tindak_lanjut"]
    ]
    assert rows, "the story needs trained desa that did not wake up"
    # The rest of the trained desa woke up: they get no task.
    trained = sum(len(g["dilatih"]) for g in dampak_within("", bimtek)["kecamatan"])
    assert len(rows) < trained
    links = TindakLanjutBimtek.objects.filter(bimtek=bimtek).select_related(
        "tindak_lanjut__pemilik_pendamping"
    )
    assert sorted(link.wilayah_id for link in links) == sorted(r["desa"].kode for r in rows)
    for link in links:
        tugas = link.tindak_lanjut
        assert tugas.sumber == TindakLanjut.Sumber.BIMTEK and tugas.wilayah_id == link.wilayah_id
        owner = tugas.pemilik_pendamping
        assert owner.jenis == Pendamping.Jenis.TKSK and owner.aktif
        assert owner.wilayah_id == link.wilayah.induk_id
        assert owner.akun.username in ("tksk.kurun", "tksk.sepang")
        # Made by the kabupaten operator, audited like a press of the button.
        log = AuditLog.objects.get(aksi="tindak_lanjut_dibuat", objek_id=str(tugas.pk))
        assert log.pelaku.username == "dinsos"
    assert f"Tindak lanjut bimtek 2018: {len(rows)} tugas TKSK" in demo.output

    counts = (TindakLanjut.objects.count(), AuditLog.objects.count())
    bimtek_demo.load(stdout=io.StringIO())
    assert (TindakLanjut.objects.count(), AuditLog.objects.count()) == counts
