import datetime

import pytest
from django.urls import reverse

from wahana.berkas.tests.factories import pdf_upload
from wahana.conftest import DESA_A, DESA_B
from wahana.wksbm.models import PengurusWksbm, RapatWksbm, TahapWksbm, Wksbm

from .factories import grow, make_lembaga, make_pengurus, make_rapat, make_wksbm

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def wksbm_a(personas):
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A, nama="WKSBM Tanjung Riu")
    grow(wksbm, user=personas.operator)
    ketua = make_pengurus(user=personas.operator, wksbm=wksbm, nama="Yulius Ahat", jabatan="ketua")
    make_lembaga(user=personas.operator, wksbm=wksbm, nama="Majelis Taklim Al-Ikhlas")
    make_rapat(
        user=personas.operator, wksbm=wksbm, hadir=[ketua], tanggal=datetime.date(2025, 3, 9)
    )
    return wksbm


def test_list_shows_stage_ketua_last_meeting_and_desa_without_wksbm(client, personas, wksbm_a):
    client.force_login(personas.operator)
    response = client.get(reverse("wksbm:list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "WKSBM Tanjung Riu" in page and "Yulius Ahat" in page and "9 Mar 2025" in page
    assert "Pengesahan (SK)" in page
    # Gunung Mas has 127 desa/kelurahan; one has a WKSBM here.
    assert response.context["tanpa_count"] == 126
    assert "Sepang Kota" in page  # a desa without WKSBM is listed too


def test_list_filters_by_kecamatan_stage_and_text(client, personas, wksbm_a):
    other = make_wksbm(user=personas.operator, kode_wilayah=DESA_B, nama="WKSBM Sepang Kota")
    client.force_login(personas.operator)

    def names(**params):
        response = client.get(reverse("wksbm:list"), params)
        return [w.nama for w in response.context["halaman"]]

    assert names() == ["WKSBM Sepang Kota", "WKSBM Tanjung Riu"]
    assert names(kecamatan="62.10.02") == ["WKSBM Tanjung Riu"]
    assert names(tahap="belum") == [other.nama]
    assert names(tahap="pengesahan") == ["WKSBM Tanjung Riu"]
    assert names(q="sepang") == [other.nama]
    response = client.get(reverse("wksbm:list"), {"kecamatan": "bukan-kode"})
    assert list(response.context["halaman"]) == []
    counts = client.get(reverse("wksbm:list")).context["counts"]
    assert counts == {"pengesahan": 1, "belum": 1}


def test_list_htmx_gives_the_results_only(client, personas, wksbm_a):
    client.force_login(personas.tksk)
    response = client.get(reverse("wksbm:list"), {"q": "riu"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="hasil">') and "<html" not in page
    assert "WKSBM Tanjung Riu" in page


def test_list_is_scoped(client, personas, wksbm_a):
    make_wksbm(user=personas.operator, kode_wilayah=DESA_B, nama="WKSBM Sepang Kota")
    client.force_login(personas.outsider)
    response = client.get(reverse("wksbm:list"))
    assert [w.nama for w in response.context["halaman"]] == ["WKSBM Sepang Kota"]
    assert "Tanjung Riu" not in response.content.decode()
    assert response.context["tanpa_count"] == 0


def test_detail_shows_everything(client, personas, wksbm_a):
    client.force_login(personas.pimpinan)
    response = client.get(reverse("wksbm:detail", args=[wksbm_a.pk]))
    page = response.content.decode()
    for text in ("Yulius Ahat", "Majelis Taklim Al-Ikhlas", "141/05/TR/2014", "Siklus 1"):
        assert text in page
    # Pimpinan reads only: no forms.
    assert "Tambah pengurus" not in page and "Kirim komentar" not in page


def test_outsider_gets_404_everywhere(client, personas, wksbm_a):
    pengurus = wksbm_a.pengurus_set.get()
    lembaga = wksbm_a.lembaga_set.get()
    rapat = wksbm_a.rapat_set.get()
    client.force_login(personas.outsider)
    urls = [
        reverse("wksbm:detail", args=[wksbm_a.pk]),
        reverse("wksbm:edit", args=[wksbm_a.pk]),
        reverse("wksbm:tahap_add", args=[wksbm_a.pk]),
        reverse("wksbm:pengurus_add", args=[wksbm_a.pk]),
        reverse("wksbm:lembaga_add", args=[wksbm_a.pk]),
        reverse("wksbm:rapat_add", args=[wksbm_a.pk]),
        reverse("wksbm:komentar_add", args=[wksbm_a.pk]),
        reverse("wksbm:pengurus_edit", args=[pengurus.pk]),
        reverse("wksbm:pengurus_end", args=[pengurus.pk]),
        reverse("wksbm:lembaga_edit", args=[lembaga.pk]),
        reverse("wksbm:rapat_detail", args=[rapat.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"nama": "x"}).status_code == 404, url
    assert client.get(reverse("wksbm:detail", args=[999999])).status_code == 404


def test_create_and_edit_through_the_forms(client, personas):
    client.force_login(personas.pengurus)
    response = client.get(reverse("wksbm:create"))
    assert response.context["form"]["kode_wilayah"].value() == DESA_A
    bad = client.post(
        reverse("wksbm:create"),
        {"tingkat": "desa", "kode_wilayah": DESA_B, "nama": "WKSBM Sepang"},
    )
    assert "Wilayah di luar cakupan Anda." in bad.content.decode()
    response = client.post(
        reverse("wksbm:create"),
        {
            "tingkat": "desa",
            "kode_wilayah": DESA_A,
            "nama": "WKSBM Riu",
            "tanggal_dibentuk": "02/06/2014",
        },
    )
    wksbm = Wksbm.objects.get(wilayah_id=DESA_A)
    assert response.status_code == 302 and wksbm.tanggal_dibentuk == datetime.date(2014, 6, 2)
    response = client.post(
        reverse("wksbm:edit", args=[wksbm.pk]),
        {"nama": "WKSBM Riu Bersatu", "kontak_telepon": "0812"},
    )
    wksbm.refresh_from_db()
    assert response.status_code == 302 and wksbm.nama == "WKSBM Riu Bersatu"
    again = client.post(
        reverse("wksbm:create"), {"tingkat": "desa", "kode_wilayah": DESA_A, "nama": "x"}
    )
    assert "sudah memiliki WKSBM" in again.content.decode()


def test_readers_cannot_open_forms(client, personas, wksbm_a):
    for persona in (personas.tksk, personas.pimpinan):
        client.force_login(persona)
        assert client.get(reverse("wksbm:edit", args=[wksbm_a.pk])).status_code == 403
        assert client.get(reverse("wksbm:create")).status_code == 403
        assert client.post(reverse("wksbm:pengurus_add", args=[wksbm_a.pk]), {}).status_code == 403


def test_stage_form_through_htmx_with_sk_upload(client, personas):
    wksbm = make_wksbm(user=personas.pengurus, kode_wilayah=DESA_A)
    grow(wksbm, user=personas.pengurus, until=TahapWksbm.Tahap.PEMBENTUKAN)
    client.force_login(personas.pengurus)
    url = reverse("wksbm:tahap_add", args=[wksbm.pk])
    refused = client.post(url, {"tahap": "pengesahan", "tanggal": "2014-06-02"}, **HTMX)
    page = refused.content.decode()
    assert page.lstrip().startswith('<section id="tahap"')
    assert "Nomor SK wajib diisi untuk pengesahan." in page
    assert "Unggah pindaian SK (PDF atau gambar)." in page
    response = client.post(
        url,
        {
            "tahap": "pengesahan",
            "tanggal": "2014-06-02",
            "sk_nomor": "141/05/TR/2014",
            "sk_tanggal": "02/06/2014",
            "sk_penandatangan_nama": "Yohanes Ringkai",
            "sk_penandatangan_jabatan": "Kepala Desa Tanjung Riu",
            "sk_berkas": pdf_upload(),
        },
        **HTMX,
    )
    assert response.status_code == 200
    step = wksbm.tahap_set.get(tahap="pengesahan")
    assert step.sk_berkas.tipe_mime == "application/pdf"
    assert reverse("berkas:unduh", args=[step.sk_berkas_id]) in response.content.decode()


def test_stage_form_refuses_a_fake_pdf(client, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wksbm = make_wksbm(user=personas.pengurus, kode_wilayah=DESA_A)
    grow(wksbm, user=personas.pengurus, until=TahapWksbm.Tahap.PEMBENTUKAN)
    client.force_login(personas.pengurus)
    response = client.post(
        reverse("wksbm:tahap_add", args=[wksbm.pk]),
        {
            "tahap": "pengesahan",
            "tanggal": "2014-06-02",
            "sk_nomor": "1",
            "sk_tanggal": "2014-06-02",
            "sk_penandatangan_nama": "A",
            "sk_penandatangan_jabatan": "Kepala Desa",
            "sk_berkas": SimpleUploadedFile("sk.pdf", b"MZ not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "bukan jenis yang diterima" in response.content.decode()
    assert not wksbm.tahap_set.filter(tahap="pengesahan").exists()


def test_pengurus_add_and_end_through_htmx(client, personas, wksbm_a):
    client.force_login(personas.psm)
    url = reverse("wksbm:pengurus_add", args=[wksbm_a.pk])
    data = {"nama": "Rinto", "jabatan": "ketua", "mulai": "2020-01-02"}
    refused = client.post(url, data, **HTMX).content.decode()
    assert "Sudah ada ketua aktif (Yulius Ahat)" in refused
    assert "hx-swap-oob" not in refused  # nothing changed: nothing else to refresh
    ketua = wksbm_a.pengurus_set.get(nama="Yulius Ahat")
    ended = client.post(
        reverse("wksbm:pengurus_end", args=[ketua.pk]), {"selesai": "2020-01-01"}, **HTMX
    )
    assert ended.content.decode().lstrip().startswith('<section id="pengurus"')
    response = client.post(url, data, **HTMX)
    page = response.content.decode()
    # The profile (ketua) and the meeting form (who may attend) come along out of band.
    pengurus_part, _, rest = page.partition(
        '<section id="profil" class="kartu" hx-swap-oob="true">'
    )
    assert "Rinto" in pengurus_part
    assert "Rinto" in rest.split("</section>")[0]
    assert '<section id="rapat" class="kartu" hx-swap-oob="true">' in rest
    assert 'name="hadir"' in rest and "Rinto" in rest.partition('id="rapat"')[2]
    assert PengurusWksbm.objects.get(wksbm=wksbm_a, aktif=True, jabatan="ketua").nama == "Rinto"


def test_pengurus_add_without_htmx_redirects_to_the_section(client, personas, wksbm_a):
    client.force_login(personas.pengurus)
    response = client.post(
        reverse("wksbm:pengurus_add", args=[wksbm_a.pk]),
        {"nama": "Santi", "jabatan": "bendahara", "mulai": "2020-01-02", "nik": "123"},
    )
    assert response.status_code == 200 and "NIK harus 16 digit" in response.content.decode()
    response = client.post(
        reverse("wksbm:pengurus_add", args=[wksbm_a.pk]),
        {"nama": "Santi", "jabatan": "bendahara", "mulai": "2020-01-02"},
    )
    assert response.status_code == 302 and response.url.endswith("#pengurus")


def test_rapat_and_lembaga_forms(client, personas, wksbm_a):
    ketua = wksbm_a.pengurus_set.get()
    client.force_login(personas.pengurus)
    response = client.post(
        reverse("wksbm:rapat_add", args=[wksbm_a.pk]),
        {
            "tanggal": "2025-04-06",
            "tempat": "Rumah ketua",
            "agenda": "Jimpitan beras",
            "hadir": [ketua.pk],
            "jumlah_hadir_lain": "4",
            "berkas": pdf_upload("notulen.pdf"),
        },
        **HTMX,
    )
    assert response.status_code == 200 and "Rumah ketua" in response.content.decode()
    rapat = RapatWksbm.objects.get(tempat="Rumah ketua")
    assert rapat.berkas.nama_asli == "notulen.pdf"
    detail = client.get(reverse("wksbm:rapat_detail", args=[rapat.pk])).content.decode()
    assert "5 orang" in detail and "Yulius Ahat" in detail
    lembaga = wksbm_a.lembaga_set.get()
    response = client.post(
        reverse("wksbm:lembaga_edit", args=[lembaga.pk]),
        {
            "jenis": lembaga.jenis_id,
            "nama": lembaga.nama,
            "tanggal_bergabung": "2019-02-01",
            "tanggal_keluar": "2024-12-31",
        },
    )
    lembaga.refresh_from_db()
    assert response.status_code == 302 and lembaga.tanggal_keluar == datetime.date(2024, 12, 31)
    response = client.post(
        reverse("wksbm:lembaga_add", args=[wksbm_a.pk]),
        {"jenis": "999", "nama": "x", "tanggal_bergabung": "2019-02-01"},
        **HTMX,
    )
    assert "Pilih jenis lembaga dari daftar." in response.content.decode()


def test_tksk_comments_in_place(client, personas, wksbm_a):
    client.force_login(personas.tksk)
    page = client.get(reverse("wksbm:detail", args=[wksbm_a.pk])).content.decode()
    assert "Kirim komentar" in page and "Tambah pengurus" not in page
    response = client.post(
        reverse("wksbm:komentar_add", args=[wksbm_a.pk]), {"isi": "Rapat rutin bagus."}, **HTMX
    )
    assert response.content.decode().lstrip().startswith('<section id="komentar"')
    assert wksbm_a.komentar_set.get().penulis == personas.tksk
    client.force_login(personas.pimpinan)
    assert (
        client.post(reverse("wksbm:komentar_add", args=[wksbm_a.pk]), {"isi": "x"}).status_code
        == 403
    )


def test_jenis_lembaga_pages(client, personas):
    client.force_login(personas.pengurus)
    assert "Posyandu" in client.get(reverse("wksbm:jenis_list")).content.decode()
    assert client.post(reverse("wksbm:jenis_list"), {"nama": "x", "urutan": 1}).status_code == 403
    client.force_login(personas.operator)
    response = client.post(reverse("wksbm:jenis_list"), {"nama": "Kelompok nelayan", "urutan": 5})
    assert response.status_code == 302
    from wahana.wksbm.models import JenisLembaga

    jenis = JenisLembaga.objects.get(kode="kelompok-nelayan")
    response = client.post(
        reverse("wksbm:jenis_edit", args=[jenis.pk]), {"nama": "Kelompok nelayan", "urutan": 5}
    )
    jenis.refresh_from_db()
    assert response.status_code == 302 and jenis.aktif is False


def test_pengurus_edit_never_shows_the_full_nik_and_keeps_it(client, personas, wksbm_a):
    pengurus = make_pengurus(
        user=personas.pengurus, wksbm=wksbm_a, nama="Santi", nik="6210024507850003"
    )
    client.force_login(personas.pengurus)
    url = reverse("wksbm:pengurus_edit", args=[pengurus.pk])
    page = client.get(url).content.decode()
    assert "6210024507850003" not in page and "6210**********03" in page
    data = {"nama": "Santi Ambun", "jabatan": "anggota", "mulai": "2019-01-10", "nik": ""}
    assert client.post(url, data).status_code == 302
    pengurus.refresh_from_db()
    assert (pengurus.nama, pengurus.nik) == ("Santi Ambun", "6210024507850003")
    from wahana.audit.models import AuditLog

    assert "6210024507850003" not in str(
        list(AuditLog.objects.filter(objek_id=str(pengurus.pk)).values_list("perubahan", flat=True))
    )


def test_list_and_detail_queries_do_not_grow_with_rows(client, personas, wksbm_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.operator)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    queries(reverse("wksbm:list"))  # warm-up: the session, the user and the menu's lookups
    list_before = queries(reverse("wksbm:list"))
    detail_before = queries(reverse("wksbm:detail", args=[wksbm_a.pk]))
    for kode in ("62.10.02.2004", "62.10.02.2005", "62.10.02.2006"):
        other = make_wksbm(user=personas.operator, kode_wilayah=kode)
        make_pengurus(user=personas.operator, wksbm=other, jabatan="ketua")
    for nama in ("Ani", "Budi", "Citra"):
        p = make_pengurus(user=personas.operator, wksbm=wksbm_a, nama=nama)
        make_rapat(user=personas.operator, wksbm=wksbm_a, hadir=[p])
    assert queries(reverse("wksbm:list")) == list_before <= 12
    assert queries(reverse("wksbm:detail", args=[wksbm_a.pk])) == detail_before <= 16


def test_stage_form_offers_the_next_stage_and_revitalisasi(client, personas, wksbm_a):
    client.force_login(personas.pengurus)
    form = client.get(reverse("wksbm:detail", args=[wksbm_a.pk])).context["tahap_form"]
    assert [value for value, _ in form.fields["tahap"].choices] == ["persiapan"]
    assert "revitalisasi" in str(form.fields["tahap"].choices[0][1])
    new = make_wksbm(user=personas.operator, kode_wilayah="62.10.02.2004")
    client.force_login(personas.operator)
    form = client.get(reverse("wksbm:detail", args=[new.pk])).context["tahap_form"]
    assert form.fields["tahap"].choices == [("persiapan", "Persiapan")]
    assert "sk_nomor" not in form.fields


def test_rapat_edit_page(client, personas, wksbm_a):
    rapat = wksbm_a.rapat_set.get()
    ketua = wksbm_a.pengurus_set.get()
    url = reverse("wksbm:rapat_edit", args=[rapat.pk])
    client.force_login(personas.psm)
    assert url in client.get(reverse("wksbm:rapat_detail", args=[rapat.pk])).content.decode()
    form = client.get(url).content.decode()
    assert 'value="Balai desa"' in form and "Yulius Ahat" in form
    data = {"tanggal": "2099-01-01", "tempat": "Rumah ketua", "agenda": "Jimpitan"}
    refused = client.post(url, {**data, "jumlah_hadir_lain": "0"}).content.decode()
    assert "Tanggal rapat tidak boleh di masa depan." in refused
    response = client.post(
        url, {**data, "tanggal": "2025-04-07", "hadir": [ketua.pk], "jumlah_hadir_lain": "2"}
    )
    rapat.refresh_from_db()
    assert response.status_code == 302 and rapat.tempat == "Rumah ketua"
    assert list(rapat.hadir.all()) == [ketua] and rapat.jumlah_hadir_lain == 2
    client.force_login(personas.tksk)
    assert client.get(url).status_code == 403
    assert url not in client.get(reverse("wksbm:rapat_detail", args=[rapat.pk])).content.decode()
    assert client.post(url, {**data, "jumlah_hadir_lain": "0"}).status_code == 403
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {**data, "jumlah_hadir_lain": "0"}).status_code == 404
    rapat.refresh_from_db()
    assert rapat.agenda == "Jimpitan" and rapat.tanggal == datetime.date(2025, 4, 7)
