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


# Writes the web pages already had: monthly report, programmes, follow-up tasks -----------------


@pytest.mark.django_db
def test_report_written_through_the_api_from_draft_to_amendment(client, personas, world):
    from wahana.audit.models import AuditLog

    from .factories import last_month

    bulan = last_month().strftime("%Y-%m")
    client.force_login(personas.psm)
    response = _post(
        client, "/api/v1/pendamping/laporan", {"pendamping_id": world.psm_a.pk, "bulan": bulan}
    )
    assert response.status_code == 201, response.json()
    draft = response.json()
    assert draft["status"] == Status.DRAFT and draft["versi"] == 1
    url = f"/api/v1/pendamping/laporan/{draft['id']}"
    # The same month twice, a month not begun, a month that is no month: refused, nothing made.
    for bad in (bulan, "2099-01", "2026-13"):
        response = _post(
            client, "/api/v1/pendamping/laporan", {"pendamping_id": world.psm_a.pk, "bulan": bad}
        )
        assert response.status_code == 422 and "bulan" in response.json()["detail"], bad
    assert LaporanBulanan.objects.filter(pendamping=world.psm_a).count() == 1
    # Someone else's worker: the PSM cannot start a report for the TKSK (not even visible).
    response = _post(
        client, "/api/v1/pendamping/laporan", {"pendamping_id": world.tksk_a.pk, "bulan": bulan}
    )
    assert response.status_code == 404
    body = client.patch(url, {"ringkasan": "Tiga kunjungan."}, content_type="application/json")
    assert body.json()["ringkasan"] == "Tiga kunjungan."
    assert _post(client, url + "/ajukan").json()["status"] == Status.DIAJUKAN
    # Submitted: the summary is locked.
    response = client.patch(url, {"ringkasan": "Lain"}, content_type="application/json")
    assert response.status_code == 422
    client.force_login(personas.operator)
    body = _post(client, url + "/kembalikan", {"alasan": "Lengkapi foto"}).json()
    assert (body["status"], body["alasan"]) == (Status.REVISI, "Lengkapi foto")
    client.force_login(personas.psm)
    assert _post(client, url + "/ajukan").json()["status"] == Status.DIAJUKAN
    client.force_login(personas.operator)
    assert _post(client, url + "/setujui").json()["status"] == Status.DISETUJUI
    client.force_login(personas.psm)
    response = _post(client, url + "/perubahan")
    assert response.status_code == 201
    amendment = response.json()
    assert (amendment["versi"], amendment["asal_id"], amendment["status"]) == (
        2,
        draft["id"],
        Status.DRAFT,
    )
    assert client.get(url).json()["status"] == Status.DISETUJUI  # the original stays
    actions = list(
        AuditLog.objects.filter(objek_id=str(draft["id"]), objek_tipe="pendamping.laporanbulanan")
        .order_by("pk")
        .values_list("aksi", flat=True)
    )
    assert actions == [
        "laporan_dibuat",
        "laporan_diubah",
        "laporan_diajukan",
        "laporan_dikembalikan",
        "laporan_diajukan",
        "laporan_disetujui",
    ]


@pytest.mark.django_db
def test_programme_written_through_the_api(client, personas, world):
    from wahana.pendamping.models import Program

    client.force_login(personas.operator)
    payload = {
        "nama": "RS-RTLH 2026",
        "jenis": "rtlh",
        "mulai": "2026-02-01",
        "selesai": "2026-10-31",
        "kode_wilayah": "62.10",
    }
    response = _post(client, "/api/v1/pendamping/program", payload)
    assert response.status_code == 201, response.json()
    program_id = response.json()["id"]
    url = f"/api/v1/pendamping/program/{program_id}"
    response = client.patch(url, {"selesai": "2026-01-01"}, content_type="application/json")
    assert response.status_code == 422 and "selesai" in response.json()["detail"]
    response = client.patch(url, {"nama": None}, content_type="application/json")
    assert response.status_code == 422
    body = client.patch(url, {"keterangan": "Tahap 1"}, content_type="application/json").json()
    assert (body["keterangan"], body["selesai"]) == ("Tahap 1", "2026-10-31")
    response = client.put(
        url + "/desa",
        {"kode_wilayah": DESA_A, "pendamping_id": world.psm_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "kode_wilayah": DESA_A,
        "nama_wilayah": response.json()["nama_wilayah"],
        "pendamping_id": world.psm_a.pk,
        "nama_pendamping": "Rusdiana Lambung",
        "ada_kunjungan": False,
        "didampingi": False,
    }
    # A desa of another kabupaten, a pendamping nobody here can see: refused.
    response = client.put(
        url + "/desa", {"kode_wilayah": "62.01.01.2001"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert Program.objects.get(pk=program_id).desa_set.count() == 1
    # A kabupaten operator elsewhere cannot run a Gunung Mas programme.
    client.force_login(personas.operator_lain)
    assert _post(client, "/api/v1/pendamping/program", payload).status_code == 403
    assert Program.objects.filter(nama="RS-RTLH 2026").count() == 1
    # The TKSK reads it but does not change it.
    client.force_login(personas.tksk)
    assert client.get(url).status_code == 200
    response = client.patch(url, {"keterangan": "x"}, content_type="application/json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_follow_up_created_and_closed_through_the_api(client, personas, world):
    from wahana.pendamping.models import TindakLanjut

    client.force_login(personas.tksk)
    url = f"/api/v1/pendamping/kunjungan/{world.kunjungan_a.pk}/tindak-lanjut"
    response = _post(client, url, {"uraian": "Latih bendahara", "batas_waktu": "2020-01-01"})
    assert response.status_code == 201, response.json()
    tugas = response.json()
    assert tugas["pemilik_pendamping_id"] == world.tksk_a.pk and tugas["terlambat"]
    response = _post(
        client,
        url,
        {
            "uraian": "Rapat pemilihan",
            "batas_waktu": "2030-01-01",
            "pemilik_akun": personas.pengurus.username,
        },
    )
    assert response.json()["pemilik_pendamping_id"] is None
    # An owner from another kecamatan's desa cannot be given a task here.
    response = _post(
        client,
        url,
        {"uraian": "X", "batas_waktu": "2030-01-01", "pemilik_akun": personas.outsider.username},
    )
    assert response.status_code == 422 and "pemilik_akun" in response.json()["detail"]
    assert TindakLanjut.objects.filter(kunjungan=world.kunjungan_a).count() == 3
    response = client.patch(
        f"/api/v1/pendamping/tindak-lanjut/{tugas['id']}",
        {"status": "selesai", "catatan": "Sudah dilatih"},
        content_type="application/json",
    )
    assert response.json()["status"] == "selesai" and not response.json()["terlambat"]
    # The PSM reads the visit but may not add tasks to it.
    client.force_login(personas.psm)
    response = _post(client, url, {"uraian": "Y", "batas_waktu": "2030-01-01"})
    assert response.status_code == 403
