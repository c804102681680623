import datetime
import io

import openpyxl
import pytest
from pypdf import PdfReader

from wahana.bimtek.models import Bimtek, KehadiranBimtek, PesertaBimtek
from wahana.conftest import DESA_A, DESA_B, KECAMATAN_A, PROVINSI
from wahana.wksbm.tests.factories import make_pengurus, make_wksbm

from .factories import DESA_A2, attend_all, make_bimtek, make_peserta, sasaran_of

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def event(personas):
    """The province event for Tanjung Riu and Tampang Tumbang Anjir, one participant certified
    (all days), one present on one day only."""
    bimtek = make_bimtek(
        user=personas.provinsi,
        kode_wilayah=PROVINSI,
        judul="Bimtek Revitalisasi WKSBM",
        tanggal_selesai=datetime.date(2018, 7, 11),
    )
    lengkap = make_peserta(
        user=personas.tksk, bimtek=bimtek, nama="Maria Ulina Sahay", telepon="081299887766"
    )
    separuh = make_peserta(user=personas.tksk, bimtek=bimtek, kode=DESA_A2, nama="Yosef Tingang")
    attend_all(user=personas.provinsi, peserta=lengkap)
    KehadiranBimtek.objects.create(
        peserta=separuh, hari=bimtek.hari_set.first(), wilayah_id=DESA_A2
    )
    return bimtek, lengkap, separuh


def test_operator_runs_an_event_through_the_pages(client, personas):
    client.force_login(personas.operator)
    response = client.post(
        "/bimtek/baru/",
        {
            "judul": "Bimtek WKSBM Kabupaten 2025",
            "kode_wilayah": "62.10",
            "tempat": "Aula Bappeda, Kuala Kurun",
            "tanggal_mulai": "12/08/2025",
            "tanggal_selesai": "13/08/2025",
            "jam_mulai": "08:00",
            "jam_selesai": "15:00",
        },
    )
    bimtek = Bimtek.objects.get(judul="Bimtek WKSBM Kabupaten 2025")
    assert response.status_code == 302 and response.url == f"/bimtek/{bimtek.pk}/sasaran/"
    assert bimtek.penyelenggara == Bimtek.Penyelenggara.KABUPATEN
    assert bimtek.hari_set.count() == 2

    page = client.get(f"/bimtek/{bimtek.pk}/sasaran/", {"kecamatan": KECAMATAN_A})
    assert "Tanjung Riu" in page.content.decode()
    form = {f"kuota_{d.kode}": "2" for d in page.context["form"].desa_list}
    form.update({"kecamatan": KECAMATAN_A, f"pilih_{DESA_A}": "on", f"kuota_{DESA_A}": "1"})
    assert client.post(f"/bimtek/{bimtek.pk}/sasaran/", form).status_code == 302
    sasaran = sasaran_of(bimtek, DESA_A)
    assert sasaran.kuota == 1 and bimtek.sasaran_set.count() == 1

    # The TKSK of Kurun registers a pengurus of Tanjung Riu's WKSBM; the quota is then full.
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)
    pengurus = make_pengurus(
        user=personas.operator, wksbm=wksbm, nama="Dewi Sinta", jabatan="ketua"
    )
    client.force_login(personas.tksk)
    url = f"/bimtek/{bimtek.pk}/desa/{sasaran.pk}/"
    response = client.post(url, {"asal": "pengurus", "pengurus": pengurus.pk})
    assert response.status_code == 302
    peserta = PesertaBimtek.objects.get(bimtek=bimtek)
    assert (peserta.nama, peserta.pengurus, peserta.peran_wksbm) == (
        "Dewi Sinta",
        pengurus,
        "Ketua",
    )
    response = client.post(url, {"asal": "baru", "nama": "Orang Ketiga"})
    assert response.status_code == 200
    assert "Kuota Tanjung Riu sudah penuh" in response.content.decode()
    assert PesertaBimtek.objects.filter(bimtek=bimtek).count() == 1
    # The TKSK may not take attendance (organisers only).
    hari = bimtek.hari_set.first()
    assert client.get(f"/bimtek/{bimtek.pk}/hadir/").status_code == 404

    # The operator marks attendance with HTMX on the phone sheet.
    client.force_login(personas.operator)
    sheet = client.get(f"/bimtek/{bimtek.pk}/hadir/").content.decode()
    assert "Dewi Sinta" in sheet and "centang-besar" in sheet
    for day in bimtek.hari_set.all():
        response = client.post(
            f"/bimtek/{bimtek.pk}/hadir/{peserta.pk}/{day.pk}/",
            {"hadir": "1"},
            HTTP_HX_REQUEST="true",
        )
        body = response.content.decode()
        assert response.status_code == 200 and "<html" not in body
        assert 'aria-pressed="true"' in body and "Hadir" in body
    assert KehadiranBimtek.objects.filter(peserta=peserta).count() == 2
    response = client.post(
        f"/bimtek/{bimtek.pk}/nilai/", {f"pre_{peserta.pk}": "55", f"post_{peserta.pk}": "88"}
    )
    assert response.status_code == 302
    assert client.post(f"/bimtek/{bimtek.pk}/sertifikat/").status_code == 302
    peserta.refresh_from_db()
    assert (peserta.nilai_pre_test, peserta.nilai_post_test) == (55, 88)
    assert peserta.kode_sertifikat
    detail = client.get(f"/bimtek/{bimtek.pk}/").content.decode()
    assert f"/bimtek/{bimtek.pk}/peserta/{peserta.pk}/sertifikat.pdf" in detail
    assert hari.tanggal == datetime.date(2025, 8, 12)


def test_nilai_page_refuses_out_of_range(client, personas, event):
    bimtek, lengkap, separuh = event
    client.force_login(personas.provinsi)
    response = client.post(
        f"/bimtek/{bimtek.pk}/nilai/",
        {f"pre_{lengkap.pk}": "120", f"post_{lengkap.pk}": "80", f"pre_{separuh.pk}": "30"},
    )
    assert response.status_code == 200
    assert "Nilai harus bilangan bulat 0–100." in response.content.decode()
    lengkap.refresh_from_db()
    separuh.refresh_from_db()
    assert lengkap.nilai_pre_test is None and separuh.nilai_pre_test == 30


def test_certificate_pdf_and_public_check_show_no_personal_data(client, personas, event):
    bimtek, lengkap, separuh = event
    client.force_login(personas.provinsi)
    client.post(f"/bimtek/{bimtek.pk}/sertifikat/")
    lengkap.refresh_from_db()
    separuh.refresh_from_db()
    assert separuh.kode_sertifikat is None  # missed a day
    code = lengkap.kode_sertifikat

    text = pdf_text(client.get(f"/bimtek/{bimtek.pk}/peserta/{lengkap.pk}/sertifikat.pdf"))
    assert "SERTIFIKAT" in text and "Maria Ulina Sahay" in text
    assert code in text and f"/bimtek/sertifikat/{code}/" in text
    assert "Bimtek Revitalisasi WKSBM" in text and "10 Juli 2018" in text
    assert client.get(f"/bimtek/{bimtek.pk}/peserta/{separuh.pk}/sertifikat.pdf").status_code == 404

    client.logout()
    response = client.get(f"/bimtek/sertifikat/{code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "SAH" in body and "Bimtek Revitalisasi WKSBM" in body and "10 Juli 2018" in body
    assert "M.U.S." in body and "Tanjung Riu" in body
    assert "Maria" not in body and "081299887766" not in body
    missing = client.get("/bimtek/sertifikat/AAAA-BBBB-CCCC-DDDD/")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.content.decode()
    api = client.get(f"/api/v1/bimtek/sertifikat/{code}").json()
    assert api == {
        "sah": True,
        "judul": "Bimtek Revitalisasi WKSBM",
        "tanggal": ["2018-07-10", "2018-07-11"],
        "inisial": "M.U.S.",
        "nama_desa": "Tanjung Riu",
    }


def test_invitation_letter_per_desa(client, personas, event):
    bimtek, lengkap, _separuh = event
    client.force_login(personas.pengurus)
    text = pdf_text(
        client.get(f"/bimtek/{bimtek.pk}/desa/{sasaran_of(bimtek, DESA_A).pk}/undangan.pdf")
    )
    assert "PEMERINTAH PROVINSI KALIMANTAN TENGAH" in text and "DINAS SOSIAL" in text
    assert "460/123/Dinsos/VII/2018" in text
    assert "Kepada Yth." in text and "Kepala Desa Tanjung Riu" in text
    assert "Maria Ulina Sahay" in text and "Yosef Tingang" not in text
    assert "Aula Dinas Sosial Kabupaten Gunung Mas, Kuala Kurun" in text
    assert "08.00 - 16.00 WIB" in text and "Drs. Yulius Agau" in text
    client.force_login(personas.provinsi)
    text = pdf_text(
        client.get(f"/bimtek/{bimtek.pk}/desa/{sasaran_of(bimtek, DESA_A2).pk}/undangan.pdf")
    )
    assert "Lurah Tampang Tumbang Anjir" in text and "Yosef Tingang" in text
    # Pengurus of Tanjung Riu cannot fetch the letter of another desa.
    client.force_login(personas.pengurus)
    url = f"/bimtek/{bimtek.pk}/desa/{sasaran_of(bimtek, DESA_A2).pk}/undangan.pdf"
    assert client.get(url).status_code == 404


def test_daftar_hadir_xlsx_and_pdf(client, personas, event):
    bimtek, lengkap, separuh = event
    client.force_login(personas.operator)
    response = client.get(f"/bimtek/{bimtek.pk}/daftar-hadir.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "DINAS SOSIAL PEMERINTAH PROVINSI KALIMANTAN TENGAH"
    assert rows[5][:2] == ["Kegiatan", "Bimtek Revitalisasi WKSBM"]
    start = next(i for i, r in enumerate(rows) if r[0] == "No")
    header = rows[start]
    assert "Jumlah baris: 2" in [r[0] for r in rows]
    assert header[:6] == ["No", "Nama", "Desa/Kelurahan", "Kecamatan", "Peran dalam WKSBM", "L/P"]
    assert header[6:8] == ["10/07/2018", "11/07/2018"]
    body = {r[1]: r for r in rows[start + 1 :] if isinstance(r[0], int)}
    assert set(body) == {"Maria Ulina Sahay", "Yosef Tingang"}
    assert body["Maria Ulina Sahay"][6:8] == ["Hadir", "Hadir"]
    assert body["Yosef Tingang"][6:8] == ["Hadir", "-"]
    assert body["Yosef Tingang"][2:4] == ["Tampang Tumbang Anjir", "Kurun"]

    text = pdf_text(client.get(f"/bimtek/{bimtek.pk}/daftar-hadir.pdf"))
    assert (
        "DAFTAR HADIR PESERTA" in text and "Maria Ulina Sahay" in text and "Yosef Tingang" in text
    )
    assert "PEMERINTAH PROVINSI KALIMANTAN TENGAH" in text and "Jumlah baris: 2" in text
    assert "Halaman 1 dari 1" in text and "Drs. Yulius Agau" in text
    # A desa officer's list holds only the desa's own participants.
    client.force_login(personas.pengurus)
    text = pdf_text(client.get(f"/bimtek/{bimtek.pk}/daftar-hadir.pdf"))
    assert "Maria Ulina Sahay" in text and "Yosef Tingang" not in text


def test_outsider_gets_404_and_reader_sees_own_desa(client, personas, event):
    bimtek, _lengkap, _separuh = event
    for name in ("outsider", "tksk_lain", "operator_lain"):
        client.force_login(getattr(personas, name))
        assert client.get(f"/bimtek/{bimtek.pk}/").status_code == 404
        assert client.get(f"/api/v1/bimtek/{bimtek.pk}").status_code == 404
        assert "Bimtek Revitalisasi" not in client.get("/bimtek/").content.decode()
    client.force_login(personas.psm)
    page = client.get(f"/bimtek/{bimtek.pk}/").content.decode()
    assert "Maria Ulina Sahay" in page and "Yosef Tingang" not in page
    assert "Isi daftar hadir" not in page
    assert client.get(f"/bimtek/{bimtek.pk}/ubah/").status_code == 404


def test_kabupaten_operator_cannot_edit_province_event(client, personas, event):
    bimtek, _lengkap, _separuh = event
    client.force_login(personas.operator)
    assert client.get(f"/bimtek/{bimtek.pk}/").status_code == 200
    assert client.get(f"/bimtek/{bimtek.pk}/ubah/").status_code == 404
    response = client.post(
        f"/api/v1/bimtek/{bimtek.pk}/sertifikat", content_type="application/json"
    )
    assert response.status_code == 403
    # ...but registers participants from its own desa.
    response = client.post(
        f"/api/v1/bimtek/{bimtek.pk}/sasaran/{sasaran_of(bimtek, DESA_A2).pk}/peserta",
        {"nama": "Natalia Rahan", "jenis_kelamin": "P"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["kode_wilayah"] == DESA_A2


def test_api_lists_and_registers(client, personas):
    bimtek = make_bimtek(
        user=personas.provinsi, kode_wilayah=PROVINSI, sasaran=(DESA_A, DESA_B), kuota=1
    )
    client.force_login(personas.tksk)
    data = client.get("/api/v1/bimtek/").json()
    assert data["count"] == 1 and data["items"][0]["kode_wilayah"] == PROVINSI
    detail = client.get(f"/api/v1/bimtek/{bimtek.pk}").json()
    assert [s["kode_wilayah"] for s in detail["sasaran"]] == [DESA_A]
    assert detail["dapat_mengelola"] is False
    url = f"/api/v1/bimtek/{bimtek.pk}/sasaran/{detail['sasaran'][0]['id']}/peserta"
    assert client.post(url, {"nama": "Satu"}, content_type="application/json").status_code == 201
    full = client.post(url, {"nama": "Dua"}, content_type="application/json")
    assert full.status_code == 422 and "Kuota Tanjung Riu sudah penuh" in str(full.json()["detail"])
    listed = client.get(f"/api/v1/bimtek/{bimtek.pk}/peserta").json()
    assert [p["nama"] for p in listed["items"]] == ["Satu"]
    make_peserta(user=personas.operator, bimtek=bimtek, kode=DESA_B, nama="Sepang")
    assert client.get(f"/api/v1/bimtek/{bimtek.pk}/peserta").json()["count"] == 1


def test_list_filters_by_year_with_htmx(client, personas, event):
    bimtek, _lengkap, _separuh = event
    make_bimtek(
        user=personas.operator, judul="Bimtek 2025", tanggal_mulai=datetime.date(2025, 8, 19)
    )
    client.force_login(personas.pimpinan)
    page = client.get("/bimtek/").content.decode()
    assert "Bimtek Revitalisasi WKSBM" in page and "Bimtek 2025" in page
    assert "Buat bimtek" not in page  # pimpinan reads only
    partial = client.get("/bimtek/", {"tahun": "2018"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="daftar-bimtek"' in partial
    assert "Bimtek Revitalisasi WKSBM" in partial and "Bimtek 2025" not in partial
    assert client.get("/api/v1/bimtek/", {"tahun": 2025}).json()["count"] == 1
    assert bimtek.tanggal_mulai.year == 2018
