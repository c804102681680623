"""API /api/v1/ppks: scope, masking, search by NIK in a POST body, writes through services."""

import datetime
import json

import pytest

from wahana.conftest import DESA_A, DESA_B

from ..models import Ppks
from .factories import make_nik, ppks_make, rujukan_make

NIK = make_nik(birth=datetime.date(1985, 4, 9), sex="L", serial=2468)


@pytest.fixture
def world(personas):
    a = ppks_make(
        nama="Yakobus Dehen", nik=NIK, tanggal_lahir=datetime.date(1985, 4, 9), desil_dtsen=2
    )
    b = ppks_make(nama="Warga Sepang", kode=DESA_B)
    return a, b


def call(client, user, method, url, data=None):
    client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(data)} if data else {}
    return getattr(client, method)(url, **kwargs)


@pytest.mark.django_db
class TestApi:
    def test_list_scoped_masked_with_region_code(self, client, personas, world):
        body = call(client, personas.psm, "get", "/api/v1/ppks/").json()
        assert body["count"] == 1
        (item,) = body["items"]
        assert item["nama"] == "Yakobus Dehen" and item["kode_wilayah"] == DESA_A
        assert item["nik"] == f"{NIK[:4]}**********{NIK[-2:]}"
        assert NIK not in json.dumps(body)
        body = call(client, personas.operator, "get", "/api/v1/ppks/?desil=2").json()
        assert [i["nama"] for i in body["items"]] == ["Yakobus Dehen"]

    def test_pimpinan_and_outsiders(self, client, personas, world):
        a, _b = world
        assert call(client, personas.pimpinan, "get", "/api/v1/ppks/").status_code == 404
        assert call(client, personas.pimpinan, "get", f"/api/v1/ppks/{a.pk}").status_code == 404
        assert call(client, personas.outsider, "get", f"/api/v1/ppks/{a.pk}").status_code == 404
        assert (
            call(
                client, personas.outsider, "post", "/api/v1/ppks/cari-nik", {"nik": NIK}
            ).status_code
            == 404
        )
        assert client.get(f"/api/v1/ppks/{a.pk}/layanan").status_code == 404

    def test_search_by_nik_in_body(self, client, personas, world):
        response = call(client, personas.tksk, "post", "/api/v1/ppks/cari-nik", {"nik": NIK})
        assert response.status_code == 200 and response.json()["nama"] == "Yakobus Dehen"

    def test_create_conflict_then_confirm(self, client, personas, world):
        payload = {
            "nama": "Yakobus  Dehen",
            "nik": make_nik(birth=datetime.date(1985, 4, 9)),
            "tanggal_lahir": "1985-04-09",
            "jenis_kelamin": "L",
            "kode_wilayah": DESA_A,
            "jenis": ["24"],
        }
        response = call(client, personas.psm, "post", "/api/v1/ppks/", payload)
        assert response.status_code == 409
        detail = response.json()["detail"]
        assert detail["kandidat"][0]["id"] == world[0].pk and detail["kandidat"][0]["skor"] >= 80
        response = call(
            client, personas.psm, "post", "/api/v1/ppks/", payload | {"konfirmasi_duplikat": True}
        )
        assert response.status_code == 201 and response.json()["kode_wilayah"] == DESA_A
        bad = call(client, personas.psm, "post", "/api/v1/ppks/", payload | {"nik": "123"})
        assert bad.status_code == 422 and "16 digit" in json.dumps(bad.json())
        outside = call(
            client,
            personas.psm,
            "post",
            "/api/v1/ppks/",
            payload | {"kode_wilayah": DESA_B, "konfirmasi_duplikat": True},
        )
        assert outside.status_code == 403

    def test_update_services_referrals(self, client, personas, world):
        a, _b = world
        payload = {
            "nama": "Yakobus Dehen",
            "tanggal_lahir": "1985-04-09",
            "jenis_kelamin": "L",
            "kode_wilayah": DESA_A,
            "jenis": ["24", "08"],
            "desil_dtsen": 1,
        }
        response = call(client, personas.pengurus, "put", f"/api/v1/ppks/{a.pk}", payload)
        assert response.status_code == 200 and response.json()["jenis"] == ["08", "24"]
        assert Ppks.objects.get(pk=a.pk).nik_indeks == a.nik_indeks
        response = call(
            client,
            personas.pengurus,
            "post",
            f"/api/v1/ppks/{a.pk}/layanan",
            {"jenis": "jaminan", "tanggal": "2026-01-05", "penyedia": "dinsos"},
        )
        assert response.status_code == 201 and response.json()["kode_wilayah"] == DESA_A
        layanan = call(client, personas.pengurus, "get", f"/api/v1/ppks/{a.pk}/layanan").json()
        assert layanan["count"] == 1
        response = call(
            client,
            personas.pengurus,
            "post",
            f"/api/v1/ppks/{a.pk}/rujukan",
            {"lembaga": "Dinas Sosial", "tanggal": "2026-01-06"},
        )
        rujukan_id = response.json()["id"]
        response = call(
            client,
            personas.pengurus,
            "post",
            f"/api/v1/ppks/rujukan/{rujukan_id}/status",
            {"status": "diterima", "tanggal": "2026-01-07"},
        )
        assert response.json()["status"] == "diterima"
        assert [h["status"] for h in response.json()["riwayat"]] == ["dirujuk", "diterima"]
        bad = call(
            client,
            personas.pengurus,
            "post",
            f"/api/v1/ppks/rujukan/{rujukan_id}/status",
            {"status": "selesai", "tanggal": "2026-01-08"},
        )
        assert bad.status_code == 422
        assert (
            call(client, personas.outsider, "put", f"/api/v1/ppks/{a.pk}", payload).status_code
            == 404
        )

    def test_referrals_list(self, client, personas, world):
        a, _b = world
        rujukan_make(a, personas.psm)
        body = call(client, personas.psm, "get", f"/api/v1/ppks/{a.pk}/rujukan").json()
        assert body["count"] == 1 and body["items"][0]["riwayat"][0]["status"] == "dirujuk"

    def test_in_openapi(self, client, personas):
        schema = client.get("/api/v1/openapi.json").json()
        assert "/api/v1/ppks/cari-nik" in schema["paths"]
        assert "post" in schema["paths"]["/api/v1/ppks/"]


@pytest.mark.django_db
def test_api_refuses_invalid_fields_with_422(client, personas):
    base = {
        "nama": "Nama Uji",
        "kode_wilayah": DESA_A,
        "jenis": ["24"],
        "nik": "",
        "subjek": "kelompok",
    }
    for bad in (
        {"jenis_kelamin": "X"},
        {"desil_dtsen": 11},
        {"rt": "123456"},
        {"nama": "x" * 200},
        {"disabilitas_ragam": "lain"},
        {"jenis": ["99"]},
        {"kode_wilayah": "62.10.02"},
    ):
        response = call(client, personas.operator, "post", "/api/v1/ppks/", base | bad)
        assert response.status_code == 422, (bad, response.content)
    assert not Ppks.objects.exists()
    response = call(
        client,
        personas.operator,
        "post",
        "/api/v1/ppks/rujukan/999999/status",
        {"status": "diterima", "tanggal": "2026-01-01"},
    )
    assert response.status_code == 404
