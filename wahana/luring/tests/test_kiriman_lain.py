"""The other field forms through the outbox receiver: a pendampingan visit with a photo, a WKSBM
meeting with attendance, a fund receipt with a receipt photo. Each is stored once through the
owning app's service (its rules and audit), a resend answers the stored result, and a write
outside the sender's area stores nothing."""

import pytest

from wahana.audit.models import AuditLog
from wahana.berkas.models import Berkas
from wahana.conftest import DESA_A, DESA_B, KECAMATAN_A
from wahana.dana.models import EntriKas
from wahana.pendamping.models import Kunjungan, Pendamping
from wahana.pendamping.tests.factories import make_pendamping
from wahana.wksbm.models import KehadiranRapat, RapatWksbm
from wahana.wksbm.tests.factories import make_pengurus, make_wksbm

from ..models import Kiriman
from .factories import (
    item,
    jpeg_bytes,
    kas_masuk_data,
    kunjungan_data,
    rapat_data,
    send,
    send_foto,
    sha,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def wksbm_a(personas):
    return make_wksbm(user=personas.operator, kode_wilayah=DESA_A, nama="WKSBM Tanjung Riu")


@pytest.fixture
def tksk_a(personas):
    return make_pendamping(
        user=personas.operator, kode_wilayah=KECAMATAN_A, nama="Debi", akun=personas.tksk
    )


def _audit(aksi: str) -> int:
    return AuditLog.objects.filter(aksi=aksi).count()


def test_visit_with_photo_stored_once_by_the_tksk(client, personas, tksk_a, wksbm_a):
    client.force_login(personas.tksk)
    photo = jpeg_bytes((90, 30, 160))
    assert send_foto(client, photo).status_code == 200
    payload = item(
        "kunjungan", kunjungan_data(wksbm_id=str(wksbm_a.pk), foto=[sha(photo), sha(photo)])
    )
    first = send(client, payload)
    assert first.status_code == 200, first.content
    assert send(client, payload).json() == first.json()  # lost answer, resent
    kunjungan = Kunjungan.objects.get(pk=first.json()["kunjungan_id"])
    assert (kunjungan.pendamping, kunjungan.wksbm, kunjungan.kode_wilayah) == (
        tksk_a,
        wksbm_a,
        DESA_A,
    )
    assert Kunjungan.objects.filter(uraian=payload["data"]["uraian"]).count() == 1
    berkas = Berkas.objects.get(sha256=sha(photo))  # one file, staged at the kecamatan...
    assert kunjungan.foto_set.get().berkas == berkas
    assert berkas.kode_wilayah == DESA_A  # ...now readable where the visit took place
    assert _audit("kunjungan_dicatat") == 1


def test_visit_needs_a_linked_pendamping_and_stays_in_the_area(client, personas, tksk_a):
    client.force_login(personas.psm)  # no pendamping record linked to this account
    answer = send(client, item("kunjungan", kunjungan_data()))
    assert answer.status_code == 422
    assert "pendamping" in answer.content.decode()
    client.force_login(personas.tksk)
    answer = send(client, item("kunjungan", kunjungan_data(kode_wilayah=DESA_B)))
    assert answer.status_code == 403
    future = send(client, item("kunjungan", kunjungan_data(tanggal="2999-01-01")))
    assert future.status_code == 422
    assert not Kunjungan.objects.exists()
    assert not Kiriman.objects.exists()


def test_meeting_with_attendance_stored_once(client, personas, wksbm_a):
    ketua = make_pengurus(user=personas.operator, wksbm=wksbm_a, nama="Yohanes", jabatan="ketua")
    bendahara = make_pengurus(
        user=personas.operator, wksbm=wksbm_a, nama="Lusia", jabatan="bendahara"
    )
    client.force_login(personas.pengurus)
    payload = item("rapat", rapat_data(wksbm_a, hadir=[str(ketua.pk), str(bendahara.pk)]))
    first = send(client, payload)
    assert first.status_code == 200, first.content
    assert first.json()["hadir"] == 2
    assert send(client, payload).json() == first.json()
    rapat = RapatWksbm.objects.get(agenda=payload["data"]["agenda"])
    assert set(rapat.hadir.all()) == {ketua, bendahara}
    assert KehadiranRapat.objects.filter(rapat=rapat).count() == 2
    assert rapat.jumlah_hadir_lain == 3
    assert _audit("rapat_wksbm_dicatat") == 1


def test_meeting_with_a_stranger_in_attendance_stores_nothing(client, personas, wksbm_a):
    wksbm_b = make_wksbm(user=personas.operator, kode_wilayah=DESA_B)
    stranger = make_pengurus(user=personas.operator, wksbm=wksbm_b, nama="Orang Sepang")
    client.force_login(personas.psm)
    answer = send(client, item("rapat", rapat_data(wksbm_a, hadir=[stranger.pk])))
    assert answer.status_code == 422
    assert send(client, item("rapat", rapat_data(wksbm_b))).status_code == 404
    assert not RapatWksbm.objects.exists()
    assert not Kiriman.objects.exists()


def test_receipt_with_photo_stored_once_in_the_fund_book(client, personas, wksbm_a):
    client.force_login(personas.pengurus)
    photo = jpeg_bytes((250, 250, 240))
    assert send_foto(client, photo).status_code == 200
    payload = item("kas_masuk", kas_masuk_data(wksbm_a, foto=[sha(photo)]))
    first = send(client, payload)
    assert first.status_code == 200, first.content
    assert first.json()["saldo_setelah"] == 150000
    assert send(client, payload).json() == first.json()
    entri = EntriKas.objects.get(pk=first.json()["entri_kas_id"])
    assert (entri.arah, entri.sumber, entri.jumlah) == ("masuk", "jimpitan", 150000)
    assert entri.bukti == Berkas.objects.get(sha256=sha(photo))
    assert EntriKas.objects.filter(wksbm=wksbm_a).count() == 1
    assert _audit("entri_kas_penerimaan") == 1


def test_receipt_refused_by_the_fund_book_rules_stores_nothing(client, personas, wksbm_a):
    client.force_login(personas.pengurus)
    beras = kas_masuk_data(wksbm_a, sumber="beras_perelek", jumlah="50000")
    answer = send(client, item("kas_masuk", beras))  # beras perelek without its quantity
    assert answer.status_code == 422
    assert send(client, item("kas_masuk", kas_masuk_data(wksbm_a, jumlah="0"))).status_code == 422
    assert send(client, item("kas_masuk", kas_masuk_data(wksbm_a, jumlah="x"))).status_code == 422
    client.force_login(personas.psm)  # the PSM does not keep the fund book
    assert send(client, item("kas_masuk", kas_masuk_data(wksbm_a))).status_code == 403
    assert not EntriKas.objects.exists()
    assert not Kiriman.objects.exists()
    ok = kas_masuk_data(wksbm_a, sumber="beras_perelek", kuantitas="12.5", satuan="kg")
    client.force_login(personas.pengurus)
    assert send(client, item("kas_masuk", ok)).status_code == 200
    assert str(EntriKas.objects.get().kuantitas) == "12.50"


def test_forms_offered_follow_the_role(client, personas, tksk_a):
    client.force_login(personas.tksk)
    page = client.get("/lapangan/").content.decode()
    assert 'href="/lapangan/kunjungan/"' in page and 'href="/lapangan/kas-masuk/"' not in page
    client.force_login(personas.pengurus)
    page = client.get("/lapangan/").content.decode()
    assert 'href="/lapangan/kas-masuk/"' in page and 'href="/lapangan/rapat/"' in page
    assert 'href="/lapangan/kunjungan/"' not in page
    assert Pendamping.objects.count() == 1
