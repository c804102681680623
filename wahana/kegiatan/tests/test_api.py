import json

import pytest

from wahana.dana.tests.factories import make_wksbm_a
from wahana.kegiatan.models import Kegiatan
from wahana.ppks.tests.factories import ppks_make


def send(client, method, url, data=None):
    return client.generic(method, url, json.dumps(data or {}), content_type="application/json")


@pytest.mark.django_db
def test_api_flow(client, personas):
    wksbm = make_wksbm_a()
    lansia = ppks_make(nama="Maria Lansia", jenis=("01",))
    client.force_login(personas.psm)
    data = {
        "wksbm_id": wksbm.pk,
        "judul": "Santunan",
        "jenis": "jaminan_sosial",
        "tanggal": "2026-10-10",
        "tempat": "Balai desa",
        "sumber_dana": "kas_wksbm",
        "jumlah_peserta": 20,
        "penerima_ids": [lansia.pk],
    }
    r = send(client, "POST", "/api/v1/kegiatan", data)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["status"], body["penerima_ids"], body["kode_wilayah"]) == (
        "draft",
        [lansia.pk],
        "62.10.02.2003",
    )
    r = send(client, "PUT", f"/api/v1/kegiatan/{body['id']}", {**data, "jumlah_peserta": 25})
    assert r.json()["jumlah_peserta"] == 25
    assert send(client, "POST", f"/api/v1/kegiatan/{body['id']}/laporkan").status_code == 200
    assert send(client, "POST", f"/api/v1/kegiatan/{body['id']}/verifikasi").status_code == 403
    client.force_login(personas.tksk)
    r = send(client, "POST", f"/api/v1/kegiatan/{body['id']}/verifikasi")
    assert r.status_code == 200 and r.json()["status"] == "diverifikasi"
    client.force_login(personas.pimpinan)
    r = client.get("/api/v1/kegiatan?status=diverifikasi")
    item = r.json()["items"][0]
    assert (item["jumlah_penerima"], item["penerima_ids"]) == (1, None)
    client.force_login(personas.outsider)
    assert client.get(f"/api/v1/kegiatan/{body['id']}").status_code == 404
    assert Kegiatan.objects.get().jumlah_peserta == 25


@pytest.mark.django_db
def test_api_refuses_beneficiaries_outside_the_area(client, personas):
    wksbm = make_wksbm_a()
    other = ppks_make(kode="62.10.01.2002", nama="Orang Sepang", jenis=("01",))
    client.force_login(personas.operator)
    r = send(
        client,
        "POST",
        "/api/v1/kegiatan",
        {
            "wksbm_id": wksbm.pk,
            "judul": "x",
            "jenis": "sosialisasi",
            "tanggal": "2026-10-10",
            "tempat": "x",
            "sumber_dana": "tanpa_biaya",
            "penerima_ids": [other.pk],
        },
    )
    assert r.status_code == 422
    assert not Kegiatan.objects.exists()
