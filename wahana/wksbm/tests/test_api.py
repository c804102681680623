import json

import pytest

from wahana.berkas.tests.factories import pdf_upload
from wahana.conftest import DESA_A, DESA_B
from wahana.wksbm.models import TahapWksbm

from .factories import grow, make_lembaga, make_pengurus, make_rapat, make_wksbm

pytestmark = pytest.mark.django_db
BASE = "/api/v1/wksbm"


def call(client, method, url, data=None):
    body = json.dumps(data or {})
    return client.generic(method, url, body, content_type="application/json")


@pytest.fixture
def wksbm_a(personas):
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A, nama="WKSBM Tanjung Riu")
    grow(wksbm, user=personas.operator, until=TahapWksbm.Tahap.SOSIALISASI)
    ketua = make_pengurus(user=personas.operator, wksbm=wksbm, nama="Yulius Ahat", jabatan="ketua")
    make_lembaga(user=personas.operator, wksbm=wksbm)
    make_rapat(user=personas.operator, wksbm=wksbm, hadir=[ketua], jumlah_hadir_lain=3)
    return wksbm


def test_list_with_filters_and_region_code(client, personas, wksbm_a):
    make_wksbm(user=personas.operator, kode_wilayah=DESA_B, nama="WKSBM Sepang Kota")
    client.force_login(personas.operator)
    body = client.get(BASE).json()
    assert body["count"] == 2
    riu = next(item for item in body["items"] if item["kode_wilayah"] == DESA_A)
    assert riu["tahap_terkini"] == "sosialisasi" and riu["ketua"] == "Yulius Ahat"
    assert riu["nama_wilayah"] == "Tanjung Riu" and riu["rapat_terakhir"] == "2025-05-05"
    assert client.get(BASE, {"kecamatan": "62.10.01"}).json()["count"] == 1
    assert client.get(BASE, {"tahap": "belum"}).json()["items"][0]["kode_wilayah"] == DESA_B
    assert client.get(BASE, {"q": "riu", "limit": 1}).json()["count"] == 1


def test_outsider_gets_404_on_every_record(client, personas, wksbm_a):
    pengurus = wksbm_a.pengurus_set.get()
    lembaga = wksbm_a.lembaga_set.get()
    rapat = wksbm_a.rapat_set.get()
    client.force_login(personas.outsider)
    assert client.get(BASE).json()["count"] == 0
    gets = [
        f"{BASE}/{wksbm_a.pk}",
        f"{BASE}/{wksbm_a.pk}/tahap",
        f"{BASE}/{wksbm_a.pk}/pengurus",
        f"{BASE}/{wksbm_a.pk}/lembaga",
        f"{BASE}/{wksbm_a.pk}/rapat",
        f"{BASE}/{wksbm_a.pk}/komentar",
        f"{BASE}/rapat/{rapat.pk}",
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404 and response.json() == {"detail": "Tidak ditemukan."}
    writes = [
        ("PUT", f"{BASE}/{wksbm_a.pk}", {"nama": "x"}),
        (
            "POST",
            f"{BASE}/{wksbm_a.pk}/pengurus",
            {"nama": "x", "jabatan": "anggota", "mulai": "2020-01-01"},
        ),
        (
            "PUT",
            f"{BASE}/pengurus/{pengurus.pk}",
            {"nama": "x", "jabatan": "anggota", "mulai": "2020-01-01"},
        ),
        ("POST", f"{BASE}/pengurus/{pengurus.pk}/akhiri", {"selesai": "2021-01-01"}),
        (
            "POST",
            f"{BASE}/{wksbm_a.pk}/lembaga",
            {"jenis": "arisan", "nama": "x", "tanggal_bergabung": "2020-01-01"},
        ),
        (
            "PUT",
            f"{BASE}/lembaga/{lembaga.pk}",
            {"jenis": "arisan", "nama": "x", "tanggal_bergabung": "2020-01-01"},
        ),
        (
            "POST",
            f"{BASE}/{wksbm_a.pk}/rapat",
            {"tanggal": "2025-01-01", "tempat": "x", "agenda": "x"},
        ),
        ("POST", f"{BASE}/{wksbm_a.pk}/komentar", {"isi": "x"}),
    ]
    for method, url, data in writes:
        assert call(client, method, url, data).status_code == 404, url
    wksbm_a.refresh_from_db()
    assert wksbm_a.nama == "WKSBM Tanjung Riu"


def test_create_update_and_errors(client, personas):
    client.force_login(personas.operator)
    response = call(
        client,
        "POST",
        BASE,
        {"kode_wilayah": DESA_A, "nama": "WKSBM Riu", "tanggal_dibentuk": "2014-06-02"},
    )
    assert response.status_code == 201
    created = response.json()
    assert created["kode_wilayah"] == DESA_A and created["tahap_terkini"] is None
    duplicate = call(client, "POST", BASE, {"kode_wilayah": DESA_A, "nama": "lagi"})
    assert duplicate.status_code == 422 and "kode_wilayah" in duplicate.json()["detail"]
    updated = call(client, "PUT", f"{BASE}/{created['id']}", {"nama": "WKSBM Riu Bersatu"})
    assert updated.status_code == 200 and updated.json()["nama"] == "WKSBM Riu Bersatu"
    client.force_login(personas.tksk)
    assert call(client, "PUT", f"{BASE}/{created['id']}", {"nama": "x"}).status_code == 403
    client.force_login(personas.pengurus)
    assert call(client, "POST", BASE, {"kode_wilayah": DESA_B, "nama": "x"}).status_code == 403


def test_nested_resources(client, personas, wksbm_a):
    client.force_login(personas.pengurus)
    url = f"{BASE}/{wksbm_a.pk}"
    refused = call(
        client,
        "POST",
        f"{url}/pengurus",
        {"nama": "Rinto", "jabatan": "ketua", "mulai": "2020-01-02"},
    )
    assert refused.status_code == 422 and "jabatan" in refused.json()["detail"]
    added = call(
        client,
        "POST",
        f"{url}/pengurus",
        {
            "nama": "Santi",
            "jabatan": "sekretaris",
            "mulai": "2020-01-02",
            "nik": "6210024507850003",
        },
    )
    assert added.status_code == 201
    assert (
        added.json()["nik_tersamar"] == "6210**********03"
        and added.json()["kode_wilayah"] == DESA_A
    )
    ended = call(
        client, "POST", f"{BASE}/pengurus/{added.json()['id']}/akhiri", {"selesai": "2021-01-01"}
    )
    assert ended.json()["aktif"] is False
    assert client.get(f"{url}/pengurus").json()["count"] == 2
    lembaga = call(
        client,
        "POST",
        f"{url}/lembaga",
        {"jenis": "lembaga-adat", "nama": "Kedamangan Kurun", "tanggal_bergabung": "2019-03-01"},
    )
    assert lembaga.status_code == 201 and lembaga.json()["jenis"] == "lembaga-adat"
    ketua = wksbm_a.pengurus_set.get(jabatan="ketua")
    rapat = call(
        client,
        "POST",
        f"{url}/rapat",
        {
            "tanggal": "2025-06-01",
            "tempat": "Balai desa",
            "agenda": "Beras perelek",
            "hadir": [ketua.pk],
            "jumlah_hadir_lain": 6,
        },
    )
    assert rapat.status_code == 201 and rapat.json()["jumlah_hadir"] == 7
    rapat_list = client.get(f"{url}/rapat").json()
    assert rapat_list["count"] == 2 and rapat_list["items"][0]["tanggal"] == "2025-06-01"
    assert client.get(f"{BASE}/rapat/{rapat.json()['id']}").json()["hadir"] == [ketua.pk]
    assert {j["kode"] for j in client.get(f"{BASE}/jenis-lembaga").json()} >= {"posyandu", "lks"}


def test_stage_upload_through_the_api(client, personas, wksbm_a):
    client.force_login(personas.pengurus)
    url = f"{BASE}/{wksbm_a.pk}/tahap"
    step = client.post(url, {"tahap": "pembentukan", "tanggal": "2014-04-01"})
    assert step.status_code == 201 and step.json()["siklus"] == 1
    missing = client.post(url, {"tahap": "pengesahan", "tanggal": "2014-06-02", "sk_nomor": "1"})
    assert missing.status_code == 422 and "sk_berkas" in missing.json()["detail"]
    done = client.post(
        url,
        {
            "tahap": "pengesahan",
            "tanggal": "2014-06-02",
            "sk_nomor": "141/05/TR/2014",
            "sk_tanggal": "2014-06-02",
            "sk_penandatangan_nama": "Yohanes Ringkai",
            "sk_penandatangan_jabatan": "Kepala Desa Tanjung Riu",
            "sk_berkas": pdf_upload(),
        },
    )
    assert done.status_code == 201 and done.json()["sk_berkas_id"]
    assert client.get(f"{BASE}/{wksbm_a.pk}").json()["tahap_terkini"] == "pengesahan"
    revived = client.post(url, {"tahap": "persiapan", "tanggal": "2018-07-20"})
    assert revived.json()["siklus"] == 2
    assert client.get(url).json()["count"] == 5


def test_comments(client, personas, wksbm_a):
    client.force_login(personas.tksk)
    response = call(
        client, "POST", f"{BASE}/{wksbm_a.pk}/komentar", {"isi": "Lanjutkan rapat bulanan."}
    )
    assert response.status_code == 201 and response.json()["penulis"] == "tksk.kurun"
    client.force_login(personas.pimpinan)
    assert call(client, "POST", f"{BASE}/{wksbm_a.pk}/komentar", {"isi": "x"}).status_code == 403
    assert client.get(f"{BASE}/{wksbm_a.pk}/komentar").json()["count"] == 1


def test_openapi_documents_every_operation(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert f"{BASE}/{{wksbm_id}}/rapat" in paths and "post" in paths[f"{BASE}/{{wksbm_id}}/rapat"]
    operations = [
        op for path, item in paths.items() if path.startswith(BASE) for op in item.values()
    ]
    assert len(operations) == 20
    assert all(op.get("summary") for op in operations)


def test_rapat_update(client, personas, wksbm_a):
    rapat = wksbm_a.rapat_set.get()
    url = f"{BASE}/rapat/{rapat.pk}"
    data = {"tanggal": "2025-05-06", "tempat": "Rumah ketua", "agenda": "Jimpitan"}
    client.force_login(personas.tksk)
    assert call(client, "PUT", url, data).status_code == 403
    client.force_login(personas.outsider)
    assert call(client, "PUT", url, data).status_code == 404
    client.force_login(personas.pengurus)
    future = call(client, "PUT", url, {**data, "tanggal": "2099-01-01"})
    assert future.status_code == 422 and "tanggal" in future.json()["detail"]
    response = call(client, "PUT", url, {**data, "jumlah_hadir_lain": 1})
    body = response.json()
    assert response.status_code == 200 and body["kode_wilayah"] == DESA_A
    assert body["tempat"] == "Rumah ketua" and body["hadir"] == [] and body["jumlah_hadir"] == 1
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "put" in paths[f"{BASE}/rapat/{{rapat_id}}"]
