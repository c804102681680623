import datetime

import pytest

from wahana.dana.models import EntriKas, TutupBuku
from wahana.kegiatan.tests.factories import make_kegiatan
from wahana.ppks.tests.factories import ppks_make

from .factories import make_receipt, make_wksbm_a


@pytest.fixture
def wksbm(personas):
    wksbm = make_wksbm_a()
    make_receipt(
        acting_user=personas.pengurus,
        wksbm=wksbm,
        jumlah=100_000,
        tanggal=datetime.date(2026, 9, 2),
    )
    return wksbm


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.mark.django_db
class TestApi:
    def test_record_overdraw_correct_close_verify(self, client, personas, wksbm):
        client.force_login(personas.pengurus)
        lansia = ppks_make(nama="Maria Lansia", jenis=("01",))
        r = post(
            client,
            "/api/v1/dana/entri",
            {
                "wksbm_id": wksbm.pk,
                "arah": "keluar",
                "tanggal": "2026-09-10",
                "jumlah": 60_000,
                "uraian": "Sembako",
                "tujuan": "ppks",
                "ppks_id": lansia.pk,
                "jenis_layanan": "perlindungan",
            },
        )
        assert r.status_code == 201, r.content
        body = r.json()
        assert (body["saldo_setelah"], body["ppks_id"], body["kode_wilayah"]) == (
            40_000,
            lansia.pk,
            "62.10.02.2003",
        )
        r = post(
            client,
            "/api/v1/dana/entri",
            {
                "wksbm_id": wksbm.pk,
                "arah": "keluar",
                "tanggal": "2026-09-11",
                "jumlah": 50_000,
                "uraian": "Terlalu besar",
                "tujuan": "operasional",
            },
        )
        assert r.status_code == 422 and "Saldo tidak cukup" in str(r.json()["detail"])
        r = post(
            client,
            f"/api/v1/dana/entri/{body['id']}/koreksi",
            {"tanggal": "2026-09-12", "alasan": "salah orang"},
        )
        assert r.status_code == 201 and r.json()["membalik_id"] == body["id"]
        assert r.json()["saldo_setelah"] == 100_000
        r = post(client, "/api/v1/dana/tutup", {"wksbm_id": wksbm.pk, "bulan": "2026-09"})
        assert r.status_code == 201
        assert (r.json()["total_masuk"], r.json()["total_keluar"], r.json()["saldo_akhir"]) == (
            160_000,
            60_000,
            100_000,
        )
        tutup_id = r.json()["id"]
        r = post(
            client,
            "/api/v1/dana/entri",
            {
                "wksbm_id": wksbm.pk,
                "arah": "masuk",
                "tanggal": "2026-09-30",
                "jumlah": 1,
                "uraian": "Terlambat",
                "sumber": "iuran",
            },
        )
        assert r.status_code == 422
        assert post(client, f"/api/v1/dana/tutup/{tutup_id}/verifikasi", {}).status_code == 403
        client.force_login(personas.tksk)
        r = post(client, f"/api/v1/dana/tutup/{tutup_id}/verifikasi", {"catatan": "cocok"})
        assert r.status_code == 200 and r.json()["status"] == "diverifikasi"
        assert TutupBuku.objects.get(pk=tutup_id).diverifikasi_oleh == personas.tksk

    def test_month_and_lists(self, client, personas, wksbm):
        client.force_login(personas.pimpinan)
        r = client.get(f"/api/v1/dana/buku/{wksbm.pk}?bulan=2026-09")
        assert r.json()["saldo_awal"] == 0 and r.json()["saldo_akhir"] == 100_000
        assert [e["urutan"] for e in r.json()["entri"]] == [1]
        r = client.get("/api/v1/dana/buku")
        assert r.json()["count"] >= 1
        item = next(b for b in r.json()["items"] if b["wksbm_id"] == wksbm.pk)
        assert (item["saldo"], item["kode_wilayah"]) == (100_000, "62.10.02.2003")
        r = client.get("/api/v1/dana/entri?arah=masuk&limit=5")
        assert r.json()["count"] == 1
        assert client.get(f"/api/v1/dana/buku/{wksbm.pk}?bulan=bukan").status_code == 422

    def test_disbursement_to_an_activity_of_another_wksbm_is_refused(self, client, personas, wksbm):
        client.force_login(personas.pengurus)
        kegiatan = make_kegiatan(acting_user=personas.pengurus, wksbm=wksbm)
        r = post(
            client,
            "/api/v1/dana/entri",
            {
                "wksbm_id": wksbm.pk,
                "arah": "keluar",
                "tanggal": "2026-10-07",
                "jumlah": 10_000,
                "uraian": "Konsumsi",
                "tujuan": "kegiatan",
                "kegiatan_id": kegiatan.pk,
            },
        )
        assert r.status_code == 201 and r.json()["kegiatan_id"] == kegiatan.pk
        r = post(
            client,
            "/api/v1/dana/entri",
            {
                "wksbm_id": wksbm.pk,
                "arah": "keluar",
                "tanggal": "2026-10-07",
                "jumlah": 10_000,
                "uraian": "Konsumsi",
                "tujuan": "kegiatan",
                "kegiatan_id": kegiatan.pk + 999,
            },
        )
        assert r.status_code == 404
        assert EntriKas.objects.filter(wksbm=wksbm).count() == 2

    def test_outsider_404(self, client, personas, wksbm):
        client.force_login(personas.outsider)
        assert client.get(f"/api/v1/dana/buku/{wksbm.pk}").status_code == 404
        r = post(
            client,
            "/api/v1/dana/entri",
            {
                "wksbm_id": wksbm.pk,
                "arah": "masuk",
                "tanggal": "2026-10-07",
                "jumlah": 1,
                "uraian": "x",
                "sumber": "iuran",
            },
        )
        assert r.status_code == 404
        assert client.get("/api/v1/dana/entri").json()["count"] == 0
