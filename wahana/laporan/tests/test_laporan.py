"""Asking for a report through the pages and the API, the background job's progress and the
download, the letterhead on the files, and the exchange of aggregate packages."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404

from wahana.conftest import DESA_A, DESA_B, KECAMATAN_A
from wahana.laporan import agregat
from wahana.laporan.models import AgregatImpor, Kop
from wahana.laporan.services import kop_save, laporan_request
from wahana.pantau.tests.factories import make_pengurus_inti, make_terbentuk, make_wksbm
from wahana.tugas.models import Tugas
from wahana.tugas.worker import Worker

from .helpers import make_report, pdf_text, table, xlsx_rows

BULAN = datetime.date(2026, 11, 1)


@pytest.fixture
def data(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = make_terbentuk(make_wksbm(DESA_A, "WKSBM Tanjung Riu"))
    b = make_wksbm(DESA_B, "WKSBM Sepang Kota")
    make_pengurus_inti(b)
    return a, b


def test_page_request_progress_and_download(client, personas, data):
    client.force_login(personas.operator)
    page = client.get("/laporan/")
    assert page.status_code == 200 and b"Laporan saya" in page.content
    response = client.post(
        "/laporan/",
        {"jenis": "rekap_wksbm", "format": "xlsx", "wilayah": "62.10", "bulan": "2026-11"},
    )
    tugas = Tugas.objects.get(diminta_oleh=personas.operator, nama="laporan.buat")
    assert response.status_code == 302 and response["Location"] == f"/tugas/{tugas.pk}/"
    waiting = client.get(f"/tugas/{tugas.pk}/")
    assert b'hx-trigger="every 2s"' in waiting.content and b"<progress" in waiting.content
    Worker().run(until_idle=True)
    # The list marks the finished report as new until its page is opened.
    listing = client.get("/laporan/")
    assert b"baru" in listing.content and f"/tugas/{tugas.pk}/unduh/".encode() in listing.content
    done = client.get(f"/tugas/{tugas.pk}/", headers={"HX-Request": "true"})
    assert b'data-status="selesai"' in done.content and b"every 2s" not in done.content
    download = client.get(f"/tugas/{tugas.pk}/unduh/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    header, rows, jumlah, stated = table(xlsx_rows(body), "Kecamatan")
    assert stated == len(rows) == 2 and jumlah[1] == 2  # Kurun and Sepang, one WKSBM each
    tugas.refresh_from_db()
    assert tugas.hasil["jumlah"] == 2 and tugas.progres == 100
    # Someone else, even with a wider scope, cannot see or download it.
    client.force_login(personas.provinsi)
    assert client.get(f"/tugas/{tugas.pk}/unduh/").status_code == 404


def test_request_checks_scope_and_input(personas, data):
    with pytest.raises(Http404):
        laporan_request(
            acting_user=personas.tksk,
            jenis="rekap_wksbm",
            format="pdf",
            kode_wilayah="62.10",
            bulan=BULAN,
        )
    with pytest.raises(ValidationError):
        laporan_request(
            acting_user=personas.operator, jenis="rekap_wksbm", format="pdf", kode_wilayah="62.10"
        )
    with pytest.raises(ValidationError):
        laporan_request(
            acting_user=personas.operator, jenis="tidak_ada", format="pdf", kode_wilayah="62.10"
        )
    # A TKSK asks for the rekap of their own kecamatan: only its rows.
    _t, body = make_report(
        personas.tksk, "rekap_wksbm", "xlsx", kode_wilayah="62.10.02", bulan=BULAN
    )
    _h, rows, _j, stated = table(xlsx_rows(body), "Kecamatan")
    assert stated == 1 and rows[0][0] == "Kurun"


def test_kop_printed_on_reports(client, personas, data):
    kop_save(
        acting_user=personas.operator,
        kode="62.10",
        pemerintah="Pemerintah Kabupaten Gunung Mas",
        nama_instansi="Dinas Sosial",
        alamat="Jl. Tjilik Riwut, Kuala Kurun",
        kota="Kuala Kurun",
        penandatangan_nama="Dra. Rina Tingang",
        penandatangan_nip="197001011995032001",
        penandatangan_jabatan="Kepala Dinas Sosial Kabupaten Gunung Mas",
    )
    with pytest.raises(PermissionDenied):
        kop_save(acting_user=personas.pimpinan, kode="62.10", pemerintah="X")
    _t, body = make_report(personas.operator, "rekap_psks", "pdf", kode_wilayah="62.10.02")
    text, pages = pdf_text(body)
    assert "Jl. Tjilik Riwut, Kuala Kurun" in text and "NIP. 197001011995032001" in text
    assert "Dra. Rina Tingang" in text and "Kuala Kurun, " in text
    assert f"Halaman 1 dari {pages}" in text and "Wilayah: Kecamatan Kurun" in text
    client.force_login(personas.operator)
    page = client.get("/laporan/kop/62.10/")
    assert page.status_code == 200 and b"Dra. Rina Tingang" in page.content
    response = client.post(
        "/laporan/kop/62.10/",
        {"pemerintah": "Pemerintah Kabupaten Gunung Mas", "nama_instansi": "Dinas Sosial P3A"},
    )
    assert response.status_code == 302
    assert Kop.objects.get(wilayah_id="62.10").nama_instansi == "Dinas Sosial P3A"


def test_api_request_and_follow(client, personas, data):
    client.force_login(personas.operator)
    response = client.post(
        "/api/v1/laporan/",
        json.dumps({"jenis": "rekap_psks", "format": "xlsx", "kode_wilayah": "62.10"}),
        content_type="application/json",
    )
    assert response.status_code == 202
    pk = response.json()["id"]
    assert response.json()["status"] == "antri" and response.json()["kode_wilayah"] == "62.10"
    Worker().run(until_idle=True)
    job = client.get(f"/api/v1/laporan/tugas/{pk}").json()
    assert job["status"] == "selesai" and job["unduh"] == f"/tugas/{pk}/unduh/"
    assert job["hasil"]["jumlah"] == 12
    assert client.get("/api/v1/laporan/saya").json()["count"] == 1


def test_aggregate_export_import_idempotent(client, personas, data, tmp_path):
    package = agregat.paket(
        "62.10", BULAN, dibuat=datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)
    )
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        doc = json.loads(archive.read("agregat.json"))
        csv_text = archive.read("agregat.csv").decode()
    assert doc["versi"] == agregat.SKEMA_VERSI and doc["kode"] == "62.10"
    rows = {r["kode"]: r for r in doc["wilayah"]}
    assert set(rows) == {"62.10", "62.10.01", "62.10.02"}
    from wahana.wksbm.models import PengurusWksbm

    assert rows["62.10"]["wksbm"] == 2
    assert rows["62.10"]["pengurus"] == PengurusWksbm.objects.filter(aktif=True).count() > 0
    assert rows["62.10.01"]["pengurus"] == PengurusWksbm.objects.filter(wksbm=data[1]).count()
    assert "WKSBM Tanjung Riu" not in csv_text and "Uji" not in csv_text  # no names of people
    assert csv_text.splitlines()[0].startswith("versi,bulan,kode,nama,tingkat,wksbm")

    # The province imports it; a kabupaten operator may not.
    with pytest.raises(PermissionDenied):
        agregat.agregat_import(acting_user=personas.operator, data=package)
    assert agregat.agregat_import(acting_user=personas.provinsi, data=package)["hasil"] == "baru"
    before = list(AgregatImpor.objects.order_by("kode").values())
    assert [r["kode"] for r in before] == ["62.10", "62.10.01", "62.10.02"]
    # The same package again: nothing changes.
    assert agregat.agregat_import(acting_user=personas.provinsi, data=package)["hasil"] == "sama"
    assert list(AgregatImpor.objects.order_by("kode").values()) == before
    # A newer package replaces the older (here Sepang Kota's WKSBM was removed meanwhile).
    PengurusWksbm.objects.filter(wksbm=data[1]).delete()
    data[1].delete()
    newer = agregat.paket(
        "62.10", BULAN, dibuat=datetime.datetime(2026, 11, 21, tzinfo=datetime.UTC)
    )
    assert agregat.agregat_import(acting_user=personas.provinsi, data=newer)["hasil"] == "diganti"
    assert sorted(AgregatImpor.objects.values_list("kode", flat=True)) == ["62.10", "62.10.02"]
    assert agregat.agregat_for("62.10", BULAN)["wksbm"] == 1
    # The older one arriving late is ignored.
    assert (
        agregat.agregat_import(acting_user=personas.provinsi, data=package)["hasil"] == "lebih_lama"
    )
    assert agregat.agregat_for("62.10", BULAN)["wksbm"] == 1
    with pytest.raises(ValidationError):
        agregat.agregat_import(acting_user=personas.provinsi, data=b"bukan zip")

    # The command line: export to a file, import it (idempotent again).
    target = tmp_path / "paket.zip"
    call_command(
        "agregat",
        "export",
        "--kode",
        "62.10",
        "--bulan",
        "2026-11",
        str(target),
        stdout=io.StringIO(),
    )
    out = io.StringIO()
    call_command("agregat", "import", str(target), stdout=out)
    assert "diganti" in out.getvalue()
    out = io.StringIO()
    call_command("agregat", "import", str(target), stdout=out)
    assert "sama" in out.getvalue()

    # Pages: export download inside the scope, import by the province, API read.
    client.force_login(personas.operator)
    download = client.get("/laporan/agregat/ekspor/", {"wilayah": "62.10", "bulan": "2026-11"})
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    client.force_login(personas.provinsi)
    upload = io.BytesIO(download.content)
    upload.name = "agregat.zip"
    response = client.post("/laporan/agregat/impor/", {"paket": upload}, follow=True)
    assert "sama" in response.content.decode() or "diganti" in response.content.decode()
    api = client.get("/api/v1/laporan/agregat", {"kode": "62.10"}).json()
    assert api["count"] == 1 and api["items"][0]["angka"]["wksbm"] == 1


def _bell(html: str) -> str:
    start = html.index('id="lonceng-laporan"')
    return html[start : html.index("</details>", start)]


def test_bell_polls_while_a_report_is_made_then_links_the_file(client, personas, data):
    client.force_login(personas.operator)
    assert 'data-baru="0"' in _bell(client.get("/laporan/").content.decode())
    assert "hx-get" not in _bell(client.get("/laporan/").content.decode())
    tugas = laporan_request(
        acting_user=personas.operator, jenis="rekap_psks", format="pdf", kode_wilayah="62.10"
    )
    # Queued: every page's header bell asks again (HTMX) until the report is ready.
    bell = _bell(client.get("/wksbm/").content.decode())
    assert 'hx-get="/laporan/lonceng/"' in bell and 'data-berjalan="1"' in bell
    Worker().run(until_idle=True)
    partial = client.get("/laporan/lonceng/", headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith("<details") and "<html" not in partial
    assert 'data-baru="1"' in partial and "hx-get" not in partial  # done: polling stops
    assert f'href="/tugas/{tugas.pk}/unduh/"' in partial and tugas.judul in partial
    # Another user's finished report never rings this bell.
    other = laporan_request(
        acting_user=personas.pimpinan, jenis="rekap_psks", format="xlsx", kode_wilayah="62.10"
    )
    Worker().run(until_idle=True)
    assert f"/tugas/{other.pk}/unduh/" not in client.get("/laporan/lonceng/").content.decode()
    # Downloading the file opens it: the bell is quiet again.
    download = client.get(f"/tugas/{tugas.pk}/unduh/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:4] == b"%PDF"
    assert 'data-baru="0"' in _bell(client.get("/laporan/").content.decode())


def test_bell_is_one_query(client, personas, data, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from wahana.laporan.selectors import lonceng_for

    laporan_request(
        acting_user=personas.operator, jenis="rekap_psks", format="pdf", kode_wilayah="62.10"
    )
    with django_assert_num_queries(1):
        lonceng = lonceng_for(personas.operator)
    assert lonceng.berjalan and lonceng.jumlah_baru == 0
    assert lonceng_for(AnonymousUser()).jumlah_baru == 0


def test_province_dashboards_and_reports_run_on_imported_aggregates(client, personas, data):
    """The kabupaten's instance exports its month; the province's instance (which does not hold
    the kabupaten's records) imports it, and its dashboards and rekap read those figures."""
    from wahana.pantau.models import IndeksBulanan, LaporanPendampingBulanan, RekapWilayah
    from wahana.pantau.selectors import dasbor_for
    from wahana.pantau.services import indeks_refresh
    from wahana.pendamping.tests.factories import make_pendamping
    from wahana.wksbm.models import LembagaAnggota, PengurusWksbm, TahapWksbm, Wksbm

    make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A)  # a TKSK owes a report
    indeks_refresh(bulan=BULAN)
    kabupaten = RekapWilayah.objects.get(kode="62.10", bulan=BULAN)
    expected = {
        f: getattr(kabupaten, f)
        for f in (
            *("jumlah_wksbm", "belum", "aktif", "kurang", "mati_suri", "total_skor"),
            *("tksk_diharapkan", "tksk_diterima", "psm_diharapkan"),
        )
    }
    assert expected["jumlah_wksbm"] == 2 and expected["tksk_diharapkan"] == 1
    package = agregat.paket("62.10", BULAN)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        doc = json.loads(archive.read("agregat.json"))
    assert doc["versi"] == agregat.SKEMA_VERSI == 3
    assert doc["wilayah"][0]["kode"] == "62.10" and doc["wilayah"][0]["tksk_diharapkan"] == 1

    # Now the province's database: the kabupaten's own records are not here.
    LaporanPendampingBulanan.objects.all().delete()
    IndeksBulanan.objects.all().delete()
    RekapWilayah.objects.all().delete()
    for model in (PengurusWksbm, LembagaAnggota, TahapWksbm, Wksbm):
        model.objects.all().delete()
    assert agregat.agregat_import(acting_user=personas.provinsi, data=package)["hasil"] == "baru"

    for kode in ("62.10", "62", ""):
        rekap = RekapWilayah.objects.get(kode=kode, bulan=BULAN)
        assert {f: getattr(rekap, f) for f in expected} == expected, kode
    dasbor = dasbor_for(personas.provinsi, "62")
    assert dasbor["rekap"].jumlah_wksbm == 2 and dasbor["bulan"] == BULAN
    gunung_mas = next(s for s in dasbor["sub"] if s["wilayah"].kode == "62.10")
    assert gunung_mas["rekap"].jumlah_wksbm == 2
    kurun = dasbor_for(personas.provinsi, "62.10")["sub"]
    assert {s["wilayah"].kode: s["rekap"].jumlah_wksbm for s in kurun if s["rekap"]} == {
        "62.10.01": 1,
        "62.10.02": 1,
    }

    # The province's rekap WKSBM of the month, as XLSX, carries the imported kecamatan.
    _tugas, content = make_report(
        personas.provinsi, "rekap_wksbm", "xlsx", kode_wilayah="62", bulan=BULAN
    )
    header, rows, jumlah, stated = table(xlsx_rows(content), "Kecamatan")
    assert stated == len(rows) == 2 and jumlah[1] == 2
    pengurus = header.index("Pengurus aktif")
    assert sum(r[pengurus] for r in rows) == doc["wilayah"][0]["pengurus"] > 0
    aktif = header.index("Aktif") if "Aktif" in header else None
    if aktif is not None:
        assert jumlah[aktif] == expected["aktif"]

    # A province package built here passes the kabupaten's figures upward to the nation.
    upward = agregat.hitung("62", BULAN)
    assert upward["62"]["wksbm"] == 2 and upward["62"]["pengurus"] == jumlah[pengurus]


def _package_doc(package: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return json.loads(archive.read("agregat.json"))


def _repackage(doc: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("agregat.json", json.dumps(doc))
        archive.writestr("agregat.csv", agregat._csv(doc))
    return out.getvalue()


def test_nation_drills_down_a_province_package(personas, data):
    """The province sends one package upward: it carries its kabupaten between the province
    and the kecamatan, so the nation's dashboards and rekap go down every level; a package of
    an older exporter (no kabupaten rows) is still read."""
    from wahana.pantau.models import IndeksBulanan, RekapWilayah
    from wahana.pantau.selectors import dasbor_for
    from wahana.pantau.services import indeks_refresh
    from wahana.wksbm.models import LembagaAnggota, PengurusWksbm, TahapWksbm, Wksbm

    indeks_refresh(bulan=BULAN)
    computed = {
        r.kode: (r.jumlah_wksbm, r.aktif, r.total_skor)
        for r in RekapWilayah.objects.filter(bulan=BULAN, kode__in=["62", "62.10"])
    }
    package = agregat.paket("62", BULAN)
    doc = _package_doc(package)
    rows = {row["kode"]: row for row in doc["wilayah"]}
    assert sorted(rows) == ["62", "62.10", "62.10.01", "62.10.02"]
    kabupaten = rows["62.10"]
    assert kabupaten["tingkat"] == 2 and kabupaten["nama"] == "Kabupaten Gunung Mas"
    # The kabupaten row is its kecamatan summed, and its own roll-up figures.
    kecamatan = [rows["62.10.01"], rows["62.10.02"]]
    for field in ("wksbm", "pengurus", "anggota", "tahap_pengesahan", "ppks_dilayani"):
        assert kabupaten[field] == sum(k[field] for k in kecamatan) == rows["62"][field], field
    assert (kabupaten["wksbm"], kabupaten["status_aktif"], kabupaten["skor_total"]) == computed[
        "62.10"
    ]
    assert kabupaten["wksbm"] == 2
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        lines = archive.read("agregat.csv").decode().splitlines()
    csv_codes = [row["kode"] for row in csv.DictReader(lines)]
    assert sorted(csv_codes) == sorted(rows)

    # The nation's database holds none of the province's records.
    IndeksBulanan.objects.all().delete()
    RekapWilayah.objects.all().delete()
    for model in (PengurusWksbm, LembagaAnggota, TahapWksbm, Wksbm):
        model.objects.all().delete()
    assert agregat.agregat_import(acting_user=personas.admin, data=package)["hasil"] == "baru"
    assert RekapWilayah.objects.get(kode="", bulan=BULAN).jumlah_wksbm == 2
    provinsi = dasbor_for(personas.admin, "62")["sub"]
    assert {s["wilayah"].kode: s["rekap"].jumlah_wksbm for s in provinsi if s["rekap"]} == {
        "62.10": 2
    }
    gunung_mas = dasbor_for(personas.admin, "62.10")
    assert (gunung_mas["rekap"].jumlah_wksbm, gunung_mas["rekap"].aktif) == computed["62.10"][:2]
    assert {
        s["wilayah"].kode: s["rekap"].jumlah_wksbm for s in gunung_mas["sub"] if s["rekap"]
    } == {
        "62.10.01": 1,
        "62.10.02": 1,
    }
    # The nation's rekap WKSBM of the province lists its kecamatan from the package.
    _tugas, content = make_report(
        personas.admin, "rekap_wksbm", "xlsx", kode_wilayah="62", bulan=BULAN
    )
    header, table_rows, jumlah, stated = table(xlsx_rows(content), "Kecamatan")
    assert stated == len(table_rows) == 2 and jumlah[header.index("WKSBM")] == 2

    # An older province package, without the kabupaten level: read, its rows stored; the
    # drill-down then stops at the province (docs/agregat.md).
    AgregatImpor.objects.all().delete()
    RekapWilayah.objects.all().delete()
    lama = {**doc, "dibuat": "2026-12-01T00:00:00+00:00"}
    lama["wilayah"] = [row for row in doc["wilayah"] if row["tingkat"] != 2]
    assert agregat.agregat_import(acting_user=personas.admin, data=_repackage(lama))["hasil"] == (
        "baru"
    )
    assert sorted(AgregatImpor.objects.values_list("kode", flat=True)) == [
        "62",
        "62.10.01",
        "62.10.02",
    ]
    assert RekapWilayah.objects.get(kode="62", bulan=BULAN).jumlah_wksbm == 2
