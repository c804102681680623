"""The outbox receiver through the API: once per id, 409 for a reused id, scope, photos by
hash, version-checked edits going to a reviewer."""

from pathlib import Path

import pytest

from wahana.berkas.models import Berkas
from wahana.conftest import DESA_A, DESA_B
from wahana.kegiatan.models import Kegiatan
from wahana.ppks.models import Ppks
from wahana.ppks.tests.factories import make_nik, ppks_make
from wahana.wksbm.tests.factories import make_wksbm

from ..models import FotoLuring, Kiriman, KonflikKiriman
from ..services import ppks_version
from .factories import (
    URL_FOTO,
    item,
    jpeg_bytes,
    kegiatan_data,
    ppks_data,
    send,
    send_foto,
    sha,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def psm_client(client, personas):
    client.force_login(personas.psm)
    return client


def test_resend_answers_the_stored_result_and_stores_once(psm_client):
    payload = item("ppks", ppks_data())
    first = send(psm_client, payload)
    assert first.status_code == 200, first.content
    again = send(psm_client, payload)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Ppks.objects.filter(nama=payload["data"]["nama"]).count() == 1
    kiriman = Kiriman.objects.get(client_id=payload["client_id"])
    assert kiriman.kode_wilayah == DESA_A
    assert kiriman.hasil["ppks_id"] == first.json()["ppks_id"]


def test_same_id_other_content_is_a_conflict_for_review(psm_client):
    payload = item("ppks", ppks_data())
    assert send(psm_client, payload).status_code == 200
    changed = item("ppks", ppks_data(), client_id=payload["client_id"])
    answer = send(psm_client, changed)
    assert answer.status_code == 409
    konflik = KonflikKiriman.objects.get(client_id=payload["client_id"])
    assert konflik.alasan == KonflikKiriman.Alasan.ID_SAMA
    assert konflik.isi["nama"] == changed["data"]["nama"]
    assert not Ppks.objects.filter(nama=changed["data"]["nama"]).exists()


def test_another_users_id_is_a_conflict_without_their_result(client, personas):
    payload = item("ppks", ppks_data())
    client.force_login(personas.psm)
    stored = send(client, payload).json()
    client.force_login(personas.pengurus)
    answer = send(client, payload)
    assert answer.status_code == 409
    assert "ppks_id" not in answer.json()
    assert Ppks.objects.filter(pk=stored["ppks_id"]).count() == 1


def test_outside_scope_is_refused_and_nothing_stored(psm_client):
    payload = item("ppks", ppks_data(kode_wilayah=DESA_B))
    answer = send(psm_client, payload)
    assert answer.status_code == 403
    assert not Ppks.objects.filter(nama=payload["data"]["nama"]).exists()
    assert not Kiriman.objects.filter(client_id=payload["client_id"]).exists()


def test_refused_item_is_not_kept_and_may_be_corrected_under_the_same_id(psm_client):
    bad = item("ppks", ppks_data(nik="1234"))
    answer = send(psm_client, bad)
    assert answer.status_code == 422
    assert "nik" in answer.json()["detail"]
    assert not Kiriman.objects.filter(client_id=bad["client_id"]).exists()
    fixed = item("ppks", ppks_data(nik=make_nik()), client_id=bad["client_id"])
    assert send(psm_client, fixed).status_code == 200
    assert Ppks.objects.get(nama=fixed["data"]["nama"]).nik_samaran


def test_non_field_roles_cannot_send(client, personas):
    client.force_login(personas.operator)
    assert send(client, item("ppks", ppks_data())).status_code == 403
    assert not Kiriman.objects.exists()


def test_photo_by_hash_stored_once_and_attached_to_the_activity(
    psm_client, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)
    data = jpeg_bytes()
    digest = sha(data)
    assert psm_client.get(f"{URL_FOTO}/{digest}").status_code == 404
    first = send_foto(psm_client, data)
    assert first.status_code == 200 and first.json()["ada"] is False
    assert send_foto(psm_client, data).json()["ada"] is True
    assert psm_client.get(f"{URL_FOTO}/{digest}").json()["ada"] is True
    assert FotoLuring.objects.filter(sha256=digest).count() == 1
    assert send_foto(psm_client, jpeg_bytes((1, 2, 3)), digest="0" * 64).status_code == 422

    payload = item("kegiatan", kegiatan_data(wksbm, foto=[digest]))
    answer = send(psm_client, payload)
    assert answer.status_code == 200, answer.content
    kegiatan = Kegiatan.objects.get(pk=answer.json()["kegiatan_id"])
    assert kegiatan.foto_set.count() == 1
    assert send(psm_client, payload).json() == answer.json()
    assert Kegiatan.objects.filter(judul=payload["data"]["judul"]).count() == 1
    # One stored file: the activity points at the very file staged by hash (the file's region
    # is now the activity's, so readers of the activity may open it).
    berkas = Berkas.objects.get(sha256=digest)
    assert kegiatan.foto_set.get().berkas == berkas
    assert berkas.kode_wilayah == kegiatan.kode_wilayah
    on_disk = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert on_disk == sorted(Path(name) for name in (berkas.berkas.name, berkas.asli.name))


def test_activity_naming_an_unsent_photo_waits(psm_client, personas):
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)
    payload = item("kegiatan", kegiatan_data(wksbm, foto=["f" * 64]))
    assert send(psm_client, payload).status_code == 422
    assert not Kegiatan.objects.filter(judul=payload["data"]["judul"]).exists()


def test_activity_of_another_desa_wksbm_is_404(psm_client, personas):
    wksbm_b = make_wksbm(user=personas.operator, kode_wilayah=DESA_B)
    payload = item("kegiatan", kegiatan_data(wksbm_b))
    assert send(psm_client, payload).status_code == 404
    assert not Kegiatan.objects.filter(wksbm=wksbm_b).exists()


def test_edit_on_current_version_applies_and_stale_version_goes_to_reviewer(
    psm_client, client, personas
):
    ppks = ppks_make(kode=DESA_A, nama="Sinta Ringkai")
    current = ppks_version(ppks)
    fresh = item("ppks_ubah", {"ppks_id": ppks.pk, "versi": current, "kebutuhan": "Beras"})
    answer = send(psm_client, fresh)
    assert answer.status_code == 200 and answer.json()["status"] == "disimpan"
    ppks.refresh_from_db()
    assert ppks.kebutuhan == "Beras"

    stale = item("ppks_ubah", {"ppks_id": ppks.pk, "versi": current, "kebutuhan": "Obat"})
    answer = send(psm_client, stale)
    assert answer.status_code == 200 and answer.json()["status"] == "konflik"
    assert send(psm_client, stale).json() == answer.json()
    ppks.refresh_from_db()
    assert ppks.kebutuhan == "Beras"  # never last-write-wins
    konflik = KonflikKiriman.objects.get(client_id=stale["client_id"])
    assert konflik.alasan == KonflikKiriman.Alasan.VERSI

    client.force_login(personas.outsider)
    assert client.post(f"/lapangan/konflik/{konflik.pk}/", {"aksi": "terapkan"}).status_code == 404
    client.force_login(personas.operator)
    page = client.get("/lapangan/konflik/")
    assert "Obat" in page.content.decode()
    assert client.post(f"/lapangan/konflik/{konflik.pk}/", {"aksi": "terapkan"}).status_code == 302
    ppks.refresh_from_db()
    konflik.refresh_from_db()
    assert ppks.kebutuhan == "Obat"
    assert konflik.status == KonflikKiriman.Status.DITERAPKAN


def test_edit_of_ppks_outside_scope_is_404(psm_client):
    other = ppks_make(kode=DESA_B, nama="Orang Sepang")
    payload = item(
        "ppks_ubah", {"ppks_id": other.pk, "versi": ppks_version(other), "kebutuhan": "X"}
    )
    assert send(psm_client, payload).status_code == 404
    other.refresh_from_db()
    assert other.kebutuhan != "X"


def test_reference_data_is_the_users_scope_with_masked_nik_only(psm_client, client, personas):
    mine = ppks_make(kode=DESA_A, nama="Milik Tanjung Riu")
    ppks_make(kode=DESA_B, nama="Milik Sepang Kota")
    make_wksbm(user=personas.operator, kode_wilayah=DESA_B)
    data = psm_client.get("/api/v1/luring/referensi").json()
    assert [p["nama"] for p in data["ppks"]] == [mine.nama]
    assert set(data["ppks"][0]) >= {"nik_samaran", "versi"}
    assert not {"nik", "nik_sandi", "no_kk"} & set(data["ppks"][0])
    assert [d["kode"] for d in data["desa"]] == [DESA_A]
    assert data["wksbm"] == []
    client.force_login(personas.pimpinan)
    assert client.get("/api/v1/luring/referensi").status_code == 403
