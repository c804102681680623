"""Pages: scope, masking, audited NIK reveal, counts only for Pimpinan, forms, exports."""

import datetime

import pytest

from wahana.audit.models import AuditLog
from wahana.conftest import DESA_A, DESA_B

from ..models import DuplikatPpks, Ppks, RujukanPpks
from .factories import layanan_make, make_nik, make_no_kk, ppks_make, rujukan_make

NIK = make_nik(birth=datetime.date(1980, 8, 5), sex="P", serial=4321)


@pytest.fixture
def world(personas):
    a = ppks_make(
        nama="Siti Aminah",
        nik=NIK,
        no_kk=make_no_kk(),
        jenis_kelamin="P",
        desil_dtsen=1,
        jenis=("24", "23"),
    )
    b = ppks_make(nama="Warga Sepang", kode=DESA_B, jenis=("09",), desil_dtsen=3)
    layanan_make(a, keterangan="Bantuan beras 10 kg")
    rujukan_make(a, personas.psm, lembaga="Puskesmas Kurun")
    return a, b


def get(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, **extra)


@pytest.mark.django_db
class TestList:
    def test_psm_sees_own_desa_with_masked_nik(self, client, personas, world):
        a, b = world
        page = get(client, personas.psm, "/ppks/").content.decode()
        assert "Siti Aminah" in page and "Warga Sepang" not in page
        assert NIK not in page and f"{NIK[:4]}**********{NIK[-2:]}" in page

    def test_tksk_and_operator_scope(self, client, personas, world):
        assert "Warga Sepang" not in get(client, personas.tksk, "/ppks/").content.decode()
        page = get(client, personas.operator, "/ppks/").content.decode()
        assert "Siti Aminah" in page and "Warga Sepang" in page
        page = get(client, personas.operator_lain, "/ppks/").content.decode()
        assert "Siti Aminah" not in page and "Warga Sepang" not in page

    def test_filters(self, client, personas, world):
        client.force_login(personas.operator)
        assert "Warga Sepang" not in client.get("/ppks/?jenis=24").content.decode()
        assert "Siti Aminah" not in client.get("/ppks/?desil=3").content.decode()
        assert "Siti Aminah" not in client.get(f"/ppks/?wilayah={DESA_B}").content.decode()
        assert "Warga Sepang" not in client.get("/ppks/?q=aminah").content.decode()
        partial = client.get("/ppks/?q=aminah", HTTP_HX_REQUEST="true").content.decode()
        assert "Siti Aminah" in partial and "<html" not in partial

    def test_pimpinan_sees_counts_not_names(self, client, personas, world):
        page = get(client, personas.pimpinan, "/ppks/").content.decode()
        assert (
            "Siti Aminah" not in page and "Warga Sepang" not in page and NIK[:4] + "*" not in page
        )
        assert "Fakir Miskin" in page and "Tanjung Riu" in page
        assert get(client, personas.pimpinan, f"/ppks/{world[0].pk}/").status_code == 404
        # A name search cannot be used to learn whether someone is on the list.
        searched = get(client, personas.pimpinan, "/ppks/?q=zzzz").content.decode()
        assert "<strong>2</strong>" in searched


@pytest.mark.django_db
class TestDetail:
    def test_detail_shows_history_masked(self, client, personas, world):
        a, _b = world
        page = get(client, personas.pengurus, f"/ppks/{a.pk}/").content.decode()
        assert "Bantuan beras 10 kg" in page and "Puskesmas Kurun" in page
        assert NIK not in page
        assert "Tampilkan NIK" in page

    def test_outsiders_get_404(self, client, personas, world):
        a, _b = world
        for user in (personas.outsider, personas.tksk_lain, personas.operator_lain):
            assert get(client, user, f"/ppks/{a.pk}/").status_code == 404
            assert get(client, user, f"/ppks/{a.pk}/ubah/").status_code == 404
            client.force_login(user)
            response = client.post(f"/ppks/{a.pk}/tampilkan-nik/", {"alasan": "ingin tahu"})
            assert response.status_code == 404
        assert not AuditLog.objects.filter(aksi="nik_dilihat").exists()

    def test_reveal_by_post_with_reason_is_audited(self, client, personas, world):
        a, _b = world
        client.force_login(personas.psm)
        refused = client.post(f"/ppks/{a.pk}/tampilkan-nik/", {"alasan": ""})
        assert NIK not in refused.content.decode()
        response = client.post(
            f"/ppks/{a.pk}/tampilkan-nik/", {"alasan": "Verifikasi bansos"}, HTTP_HX_REQUEST="true"
        )
        assert NIK in response.content.decode() and response["Cache-Control"].count("no-store")
        log = AuditLog.objects.get(aksi="nik_dilihat")
        assert (log.pelaku, log.keterangan) == (personas.psm, "Verifikasi bansos")
        # The next plain view is masked again; the audit trail on the page shows the view.
        page = client.get(f"/ppks/{a.pk}/").content.decode()
        assert NIK not in page and "nik_dilihat" in page

    def test_nik_search_by_post_only(self, client, personas, world):
        a, _b = world
        client.force_login(personas.psm)
        assert client.get("/ppks/cari-nik/").status_code == 405
        response = client.post("/ppks/cari-nik/", {"nik": NIK})
        assert response.status_code == 302 and response["Location"] == f"/ppks/{a.pk}/"
        assert NIK not in response["Location"]
        client.force_login(personas.outsider)
        response = client.post("/ppks/cari-nik/", {"nik": NIK})
        assert response["Location"] == "/ppks/"


@pytest.mark.django_db
class TestForms:
    def form_data(self, **extra):
        data = {
            "subjek": "perorangan",
            "nik": make_nik(birth=datetime.date(1970, 1, 1)),
            "no_kk": "",
            "nama": "Yohanes Tingang",
            "jenis_kelamin": "L",
            "tanggal_lahir": "1970-01-01",
            "kode_wilayah": DESA_A,
            "jenis": [],
            "status_dtsen": "belum_dicek",
            "dasar_pemrosesan": "tugas_publik",
        }
        data.update(extra)
        return data

    def test_psm_registers_then_duplicate_is_shown_with_reasons(self, client, personas, world):
        from ..models import JenisPpks

        kind = JenisPpks.objects.get(kode="08").pk
        client.force_login(personas.psm)
        response = client.post("/ppks/baru/", self.form_data(jenis=[kind]))
        created = Ppks.objects.get(nama="Yohanes Tingang")
        assert response["Location"] == f"/ppks/{created.pk}/"
        again = client.post(
            "/ppks/baru/",
            self.form_data(
                jenis=[kind], nik=make_nik(birth=datetime.date(1970, 1, 1)), nama="Yohanes  Tingang"
            ),
        )
        page = again.content.decode()
        assert again.status_code == 200 and "Mungkin sudah tercatat" in page
        assert "tanggal lahir sama" in page and "Yohanes Tingang" in page
        assert Ppks.objects.filter(nama__startswith="Yohanes").count() == 1
        confirmed = client.post(
            "/ppks/baru/",
            self.form_data(
                jenis=[kind],
                nik=make_nik(birth=datetime.date(1970, 1, 1)),
                nama="Yohanes  Tingang",
                konfirmasi_duplikat="on",
            ),
        )
        assert confirmed.status_code == 302 and DuplikatPpks.objects.count() == 1

    def test_bad_nik_shows_reason_and_outside_desa_refused(self, client, personas, world):
        kinds = list(world[0].jenis.values_list("pk", flat=True))
        client.force_login(personas.psm)
        page = client.post("/ppks/baru/", self.form_data(nik="6.21002E+15", jenis=kinds))
        assert "notasi ilmiah" in page.content.decode()
        page = client.post("/ppks/baru/", self.form_data(kode_wilayah=DESA_B, jenis=kinds))
        page = page.content.decode()
        assert "tidak berwenang" in page
        assert not Ppks.objects.filter(nama="Yohanes Tingang").exists()

    def test_edit_keeps_nik_and_pimpinan_cannot_create(self, client, personas, world):
        a, _b = world
        client.force_login(personas.tksk)
        form = client.get(f"/ppks/{a.pk}/ubah/").content.decode()
        assert NIK not in form
        data = self.form_data(
            nik="",
            nama="Siti Aminah Binti Ali",
            tanggal_lahir="1980-08-05",
            jenis_kelamin="P",
            jenis=list(a.jenis.values_list("pk", flat=True)),
        )
        assert client.post(f"/ppks/{a.pk}/ubah/", data).status_code == 302
        a.refresh_from_db()
        assert a.nama == "Siti Aminah Binti Ali" and a.nik_samaran.endswith(NIK[-2:])
        assert get(client, personas.pimpinan, "/ppks/baru/").status_code == 404

    def test_service_and_referral_pages(self, client, personas, world):
        a, _b = world
        client.force_login(personas.pengurus)
        response = client.post(
            f"/ppks/{a.pk}/layanan/baru/",
            {
                "jenis": "pemberdayaan",
                "tanggal": "2026-01-20",
                "penyedia": "wksbm",
                "penyedia_nama": "WKSBM Tanjung Riu",
                "keterangan": "Pelatihan menjahit",
            },
        )
        assert response.status_code == 302
        assert a.layanan_set.filter(keterangan="Pelatihan menjahit").exists()
        rujukan = RujukanPpks.objects.get(ppks=a)
        response = client.post(
            f"/ppks/rujukan/{rujukan.pk}/status/", {"status": "diterima", "tanggal": "2026-01-15"}
        )
        rujukan.refresh_from_db()
        assert response.status_code == 302 and rujukan.status == "diterima"
        client.force_login(personas.outsider)
        response = client.post(
            f"/ppks/rujukan/{rujukan.pk}/status/", {"status": "ditangani", "tanggal": "2026-01-16"}
        )
        assert response.status_code == 404

    def test_erase_page_operator_only(self, client, personas, world):
        a, _b = world
        assert get(client, personas.psm, f"/ppks/{a.pk}/hapus-data-pribadi/").status_code == 404
        client.force_login(personas.operator)
        response = client.post(
            f"/ppks/{a.pk}/hapus-data-pribadi/", {"alasan": "Permintaan subjek data"}
        )
        assert response.status_code == 302
        a.refresh_from_db()
        assert a.status == "dihapus" and a.nik_indeks is None


@pytest.mark.django_db
class TestDuplicates:
    def test_batch_review_merge_and_undo(self, client, personas, world):
        a, _b = world
        other = ppks_make(nama="Siti Aminah", jenis_kelamin="P")
        DuplikatPpks.objects.create(
            utama=a, duplikat=other, wilayah_id=DESA_A, skor=90, alasan=["Nama mirip"]
        )
        pair = DuplikatPpks.objects.get()
        assert get(client, personas.psm, "/ppks/duplikat/").status_code == 404
        page = get(client, personas.tksk, "/ppks/duplikat/").content.decode()
        assert "Nama mirip" in page
        assert get(client, personas.tksk_lain, f"/ppks/duplikat/{pair.pk}/").status_code == 404
        client.force_login(personas.tksk)
        client.post(f"/ppks/duplikat/{pair.pk}/gabung/", {"lanjut": "daftar"})
        other.refresh_from_db()
        assert other.status == "digabung"
        assert "Siti Aminah" not in get(client, personas.tksk, "/ppks/duplikat/").content.decode()
        client.post(f"/ppks/duplikat/{pair.pk}/batal/")
        other.refresh_from_db()
        assert other.status == "aktif"


@pytest.mark.django_db
class TestExport:
    def test_csv_masked_streaming_and_filtered(self, client, personas, world):
        client.force_login(personas.operator)
        response = client.get("/ppks/ekspor/?format=csv&jenis=24")
        assert response.streaming
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "Siti Aminah" in text and "Warga Sepang" not in text and NIK not in text
        assert f"{NIK[:4]}**********{NIK[-2:]}" in text
        assert AuditLog.objects.filter(aksi="ppks_diekspor").exists()

    def test_xlsx_scope(self, client, personas, world, tmp_path):
        from python_calamine import CalamineWorkbook

        client.force_login(personas.psm)
        response = client.get("/ppks/ekspor/?format=xlsx")
        path = tmp_path / "x.xlsx"
        path.write_bytes(b"".join(response.streaming_content))
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        assert [r[3] for r in rows[1:]] == ["Siti Aminah"]
        assert rows[1][1] == f"{NIK[:4]}**********{NIK[-2:]}"

    def test_full_export_is_explicit_audited_and_pengelola_only(self, client, personas, world):
        client.force_login(personas.psm)
        assert (
            client.post("/ppks/ekspor/", {"format": "csv", "alasan": "laporan"}).status_code == 404
        )
        client.force_login(personas.operator)
        response = client.post("/ppks/ekspor/", {"format": "csv", "alasan": "Verifikasi DTSEN"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert NIK in text
        log = AuditLog.objects.get(aksi="ppks_diekspor_penuh")
        assert log.keterangan == "Verifikasi DTSEN" and log.pelaku == personas.operator

    def test_pimpinan_cannot_export_personal_data(self, client, personas, world):
        assert get(client, personas.pimpinan, "/ppks/ekspor/?format=csv").status_code == 404
