import pytest

from wahana.conftest import DESA_A, KECAMATAN_A
from wahana.pendamping.models import LaporanBulanan

Status = LaporanBulanan.Status


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


@pytest.mark.django_db
def test_list_and_detail(client, personas, world):
    client.force_login(personas.tksk)
    body = client.get("/api/v1/pendamping/").json()
    assert body["count"] == 2
    assert {i["kode_wilayah"] for i in body["items"]} == {KECAMATAN_A, DESA_A}
    page = client.get("/api/v1/pendamping/?limit=1&offset=1").json()
    assert page["count"] == 2 and len(page["items"]) == 1
    psm = client.get(f"/api/v1/pendamping/{world.psm_a.pk}").json()
    assert psm["desa_tugas"] == [DESA_A] and psm["akun"] == "psm.tanjungriu"
    assert client.get(f"/api/v1/pendamping/{world.tksk_b.pk}").status_code == 404


@pytest.mark.django_db
def test_create_and_update(client, personas, world):
    client.force_login(personas.operator)
    response = _post(
        client,
        "/api/v1/pendamping/",
        {
            "jenis": "tksk",
            "nama": "TKSK Tewah",
            "kode_wilayah": "62.10.03",
            "nik": "6210024508900003",
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["nik"] == "6210024508900003"
    response = client.patch(
        f"/api/v1/pendamping/{created['id']}",
        {"telepon": "081234567890"},
        content_type="application/json",
    )
    assert response.json()["telepon"] == "081234567890" and response.json()["nama"] == "TKSK Tewah"
    # Someone who only reads sees the NIK masked.
    client.force_login(personas.pimpinan)
    assert client.get(f"/api/v1/pendamping/{created['id']}").json()["nik"] == "6210**********03"


@pytest.mark.django_db
def test_visit_create_and_tasks(client, personas, world):
    client.force_login(personas.psm)
    response = _post(
        client,
        "/api/v1/pendamping/kunjungan",
        {
            "pendamping_id": world.psm_a.pk,
            "kode_wilayah": DESA_A,
            "tanggal": str(world.kunjungan_a.tanggal),
            "jenis": "verifikasi",
            "uraian": "Verifikasi calon penerima",
        },
    )
    assert response.status_code == 201 and response.json()["kode_wilayah"] == DESA_A
    overdue = client.get("/api/v1/pendamping/tindak-lanjut?terlambat=true").json()
    assert [t["id"] for t in overdue["items"]] == [world.tugas_a.pk]
    response = client.patch(
        f"/api/v1/pendamping/tindak-lanjut/{world.tugas_a.pk}",
        {"status": "selesai", "catatan": "Sudah"},
        content_type="application/json",
    )
    assert response.json()["status"] == "selesai" and not response.json()["terlambat"]


@pytest.mark.django_db
def test_report_flow(client, personas, world):
    url = f"/api/v1/pendamping/laporan/{world.laporan_a.pk}"
    client.force_login(personas.tksk)
    assert _post(client, url + "/ajukan").status_code == 422
    body = _post(client, url + "/ajukan", {"ringkasan": "Ringkas"}).json()
    assert body["status"] == Status.DIAJUKAN and len(body["baris"]) == 1
    assert body["tepat_waktu"] in (True, False)
    assert _post(client, url + "/setujui").status_code == 403
    client.force_login(personas.operator)
    assert _post(client, url + "/tolak", {"alasan": "Salah"}).json()["status"] == Status.DITOLAK
    listing = client.get("/api/v1/pendamping/laporan?status=ditolak").json()
    assert listing["count"] == 1 and listing["items"][0]["kode_wilayah"] == KECAMATAN_A


@pytest.mark.django_db
def test_coverage_and_programme(client, personas, world):
    client.force_login(personas.operator)
    body = client.get("/api/v1/pendamping/cakupan?limit=5").json()
    assert body["jumlah_kecamatan_tanpa_tksk"] == 10 and len(body["kecamatan_tanpa_tksk"]) == 5
    assert body["jumlah_desa_tanpa_psm"] == 126
    program = client.get(f"/api/v1/pendamping/program/{world.program.pk}").json()
    assert {d["kode_wilayah"]: d["didampingi"] for d in program["desa"]} == {
        DESA_A: True,
        "62.10.01.2002": False,
    }


@pytest.mark.django_db
def test_outsider_404(client, personas, world):
    client.force_login(personas.outsider)
    for url in (
        f"/api/v1/pendamping/{world.psm_a.pk}",
        f"/api/v1/pendamping/laporan/{world.laporan_a.pk}",
        f"/api/v1/pendamping/program/{world.program.pk}",
        "/api/v1/pendamping/cakupan",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/pendamping/kunjungan").json()["count"] == 0
