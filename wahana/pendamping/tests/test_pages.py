import datetime

import pytest
from django.utils import timezone

from wahana.berkas.tests.factories import png_upload
from wahana.conftest import DESA_A, KECAMATAN_A
from wahana.pendamping.models import Kunjungan, LaporanBulanan, Pendamping, TindakLanjut

from .factories import last_month


@pytest.mark.django_db
def test_operator_registers_a_tksk_and_the_rule_shows_in_the_form(client, personas, world):
    client.force_login(personas.operator)
    data = {
        "jenis": "tksk",
        "nama": "Pengganti Kurun",
        "kode_wilayah": KECAMATAN_A,
        "aktif": "on",
        "masa_mulai": "01/01/2026",
        "masa_selesai": "31/12/2026",
    }
    response = client.post("/pendamping/baru/", data)
    assert response.status_code == 200
    assert "sudah memiliki TKSK aktif" in response.content.decode()
    data["kode_wilayah"] = "62.10.03"
    response = client.post("/pendamping/baru/", data)
    created = Pendamping.objects.get(nama="Pengganti Kurun")
    assert response.status_code == 302 and created.wilayah_id == "62.10.03"
    page = client.get(f"/pendamping/{created.pk}/").content.decode()
    assert "Pengganti Kurun" in page and "Tewah" in page


@pytest.mark.django_db
def test_list_and_htmx_partial(client, personas, world):
    client.force_login(personas.tksk)
    page = client.get("/pendamping/").content.decode()
    assert "Debi Handrianto" in page and "Rusdiana Lambung" in page
    assert "Selvi Ambun" not in page  # another kecamatan
    partial = client.get("/pendamping/?q=rusdiana", HTTP_HX_REQUEST="true").content.decode()
    assert "Rusdiana Lambung" in partial and "Debi Handrianto" not in partial
    assert "<html" not in partial


@pytest.mark.django_db
def test_tksk_records_a_visit_with_photo_and_follow_up(client, personas, world):
    client.force_login(personas.tksk)
    tanggal = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        "/pendamping/kunjungan/baru/",
        {
            "pendamping": world.tksk_a.pk,
            "kode_wilayah": DESA_A,
            "tanggal": tanggal.strftime("%d/%m/%Y"),
            "jenis": "rapat",
            "uraian": "Rapat pengurus WKSBM",
            "temuan": "Bendahara pindah desa",
            "foto_1": png_upload(),
        },
    )
    kunjungan = Kunjungan.objects.get(uraian="Rapat pengurus WKSBM")
    assert response.status_code == 302 and kunjungan.foto_set.count() == 1
    response = client.post(
        f"/pendamping/kunjungan/{kunjungan.pk}/tindak-lanjut/",
        {"uraian": "Pilih bendahara baru", "batas_waktu": "01/01/2020"},
    )
    assert response.status_code == 302
    tugas = TindakLanjut.objects.get(uraian="Pilih bendahara baru")
    assert tugas.pemilik_pendamping == world.tksk_a and tugas.terlambat
    page = client.get("/pendamping/tindak-lanjut/").content.decode()
    assert 'class="terlambat"' in page and "Pilih bendahara baru" in page
    assert "melewati batas waktu" in page
    # A task may be owned by an account instead: the pengurus of the visited desa.
    client.post(
        f"/pendamping/kunjungan/{kunjungan.pk}/tindak-lanjut/",
        {
            "uraian": "Rapat pemilihan",
            "batas_waktu": "01/01/2030",
            "pemilik_akun": personas.pengurus.pk,
        },
    )
    tugas = TindakLanjut.objects.get(uraian="Rapat pemilihan")
    assert tugas.pemilik_akun == personas.pengurus and tugas.pemilik_pendamping is None
    # The pengurus sees and closes the task given to them, and no other.
    client.force_login(personas.pengurus)
    page = client.get("/pendamping/tindak-lanjut/").content.decode()
    assert "Rapat pemilihan" in page and "Pilih bendahara baru" not in page
    client.post(f"/pendamping/tindak-lanjut/{tugas.pk}/", {"status": "selesai"})
    tugas.refresh_from_db()
    assert tugas.status == TindakLanjut.Status.SELESAI


@pytest.mark.django_db
def test_visit_in_another_kecamatan_is_refused_in_the_form(client, personas, world):
    client.force_login(personas.tksk)
    response = client.post(
        "/pendamping/kunjungan/baru/",
        {
            "pendamping": world.tksk_a.pk,
            "kode_wilayah": "62.10.01.2002",
            "tanggal": timezone.localdate().strftime("%d/%m/%Y"),
            "jenis": "kunjungan",
            "uraian": "Salah desa",
        },
    )
    assert response.status_code == 200
    assert not Kunjungan.objects.filter(uraian="Salah desa").exists()


@pytest.mark.django_db
def test_report_flow_through_pages(client, personas, world):
    lap = world.laporan_a
    client.force_login(personas.tksk)
    page = client.get(f"/pendamping/laporan/{lap.pk}/").content.decode()
    assert "LAPORAN BULANAN TKSK" in page and "Pendampingan pengurus WKSBM" in page
    client.post(f"/pendamping/laporan/{lap.pk}/ajukan/", {"ringkasan": "Semua desa dikunjungi."})
    lap.refresh_from_db()
    assert lap.status == LaporanBulanan.Status.DIAJUKAN and lap.ringkasan
    assert client.post(f"/pendamping/laporan/{lap.pk}/setujui/").status_code == 403

    client.force_login(personas.operator)
    client.post(f"/pendamping/laporan/{lap.pk}/kembalikan/", {"alasan": "Tambahkan foto"})
    lap.refresh_from_db()
    assert lap.status == LaporanBulanan.Status.REVISI and lap.alasan == "Tambahkan foto"
    rekap = client.get(f"/pendamping/laporan/rekap/?bulan={last_month():%Y-%m}").content.decode()
    assert "Debi Handrianto" in rekap and "Dikembalikan untuk revisi" in rekap
    assert "Rusdiana Lambung" in rekap and "Belum ada laporan" in rekap


@pytest.mark.django_db
def test_programme_page_shows_accompaniment(client, personas, world):
    client.force_login(personas.operator)
    page = client.get(f"/pendamping/program/{world.program.pk}/").content.decode()
    assert "Tanjung Riu" in page and "Sepang Kota" in page
    assert "1 dari 2 didampingi" in page


@pytest.mark.django_db
def test_coverage_page(client, personas, world):
    client.force_login(personas.operator)
    page = client.get("/pendamping/cakupan/").content.decode()
    assert "Kecamatan tanpa TKSK aktif (10)" in page and "Tewah" in page


@pytest.mark.django_db
def test_outsider_gets_404_everywhere(client, personas, world):
    client.force_login(personas.outsider)
    for url in (
        "/pendamping/",
        f"/pendamping/{world.psm_a.pk}/",
        f"/pendamping/kunjungan/{world.kunjungan_a.pk}/",
        f"/pendamping/laporan/{world.laporan_a.pk}/",
        f"/pendamping/laporan/{world.laporan_a.pk}/pdf/",
        f"/pendamping/program/{world.program.pk}/",
        f"/pendamping/tindak-lanjut/{world.tugas_a.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert "Rapat" not in client.get("/pendamping/kunjungan/").content.decode()


@pytest.mark.django_db
def test_nik_shown_whole_to_operator_and_masked_to_readers(client, personas, world):
    from wahana.pendamping import services

    fields = {n: getattr(world.psm_a, n) for n in services.PENDAMPING_FIELDS}
    services.pendamping_update(
        acting_user=personas.operator,
        pendamping=world.psm_a,
        akun=personas.psm,
        **(fields | {"nik": "6210024508900003"}),
    )
    url = f"/pendamping/{world.psm_a.pk}/"
    client.force_login(personas.operator)
    assert "6210024508900003" in client.get(url).content.decode()
    client.force_login(personas.pimpinan)
    page = client.get(url).content.decode()
    assert "6210024508900003" not in page and "6210**********03" in page
