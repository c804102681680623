import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wahana.audit.models import AuditLog
from wahana.bimtek import services
from wahana.bimtek.models import Bimtek, PesertaBimtek
from wahana.bimtek.selectors import bimtek_list_visible_to, peserta_layak_sertifikat
from wahana.conftest import DESA_A, DESA_B, PROVINSI

from .factories import DESA_A2, attend_all, make_bimtek, make_peserta, sasaran_of

pytestmark = pytest.mark.django_db


def test_province_event_is_organised_by_the_province(personas):
    bimtek = make_bimtek(user=personas.provinsi, kode_wilayah=PROVINSI, sasaran=(DESA_A, DESA_B))
    assert bimtek.penyelenggara == Bimtek.Penyelenggara.PROVINSI
    assert bimtek.kode_wilayah == PROVINSI
    assert bimtek.tanggal_mulai == datetime.date(2018, 7, 10)
    assert AuditLog.objects.filter(aksi="bimtek_dibuat", objek_id=str(bimtek.pk)).exists()
    # A kabupaten operator cannot organise (or change) a province event.
    with pytest.raises(PermissionDenied):
        make_bimtek(user=personas.operator, kode_wilayah=PROVINSI)
    with pytest.raises(PermissionDenied):
        services.sasaran_set(acting_user=personas.operator, bimtek=bimtek, kode_wilayah=DESA_A2)


def test_kabupaten_event_days_and_targets(personas):
    bimtek = make_bimtek(
        user=personas.operator,
        tanggal_mulai=datetime.date(2025, 3, 4),
        tanggal_selesai=datetime.date(2025, 3, 6),
    )
    assert bimtek.penyelenggara == Bimtek.Penyelenggara.KABUPATEN
    assert [h.tanggal.day for h in bimtek.hari_set.all()] == [4, 5, 6]
    assert sasaran_of(bimtek, DESA_A).kuota == 2
    with pytest.raises(ValidationError):
        services.sasaran_set(acting_user=personas.operator, bimtek=bimtek, kode_wilayah="62.10.02")
    with pytest.raises(PermissionDenied):
        make_bimtek(user=personas.operator_lain)
    with pytest.raises(PermissionDenied):
        make_bimtek(user=personas.tksk)
    # Shorter dates drop a day without attendance.
    services.bimtek_update(
        acting_user=personas.operator,
        bimtek=bimtek,
        judul=bimtek.judul,
        tempat=bimtek.tempat,
        tanggal_mulai=datetime.date(2025, 3, 4),
        tanggal_selesai=datetime.date(2025, 3, 5),
    )
    assert bimtek.hari_set.count() == 2


def test_quota_refuses_beyond_places(personas):
    bimtek = make_bimtek(user=personas.operator)
    make_peserta(user=personas.tksk, bimtek=bimtek, nama="Satu")
    make_peserta(user=personas.tksk, bimtek=bimtek, nama="Dua")
    with pytest.raises(ValidationError) as error:
        make_peserta(user=personas.tksk, bimtek=bimtek, nama="Tiga")
    assert "Kuota Tanjung Riu sudah penuh" in error.value.messages[0]
    assert PesertaBimtek.objects.filter(bimtek=bimtek).count() == 2
    # Another desa still has its own places.
    make_peserta(user=personas.tksk, bimtek=bimtek, kode=DESA_A2, nama="Empat")
    # A quota cannot drop below who is registered.
    with pytest.raises(ValidationError):
        services.sasaran_set(
            acting_user=personas.operator, bimtek=bimtek, kode_wilayah=DESA_A, kuota=1
        )


def test_who_registers(personas):
    bimtek = make_bimtek(user=personas.provinsi, kode_wilayah=PROVINSI, sasaran=(DESA_A, DESA_B))
    # TKSK of Kurun registers Tanjung Riu, not Sepang Kota; the kabupaten operator both.
    make_peserta(user=personas.tksk, bimtek=bimtek, nama="Andi")
    with pytest.raises(PermissionDenied):
        make_peserta(user=personas.tksk, bimtek=bimtek, kode=DESA_B)
    make_peserta(user=personas.operator, bimtek=bimtek, kode=DESA_B, nama="Budi")
    for user in (personas.pimpinan, personas.psm, personas.pengurus):
        with pytest.raises(PermissionDenied):
            make_peserta(user=user, bimtek=bimtek, nama="Citra")


def test_visibility_follows_targets(personas):
    make_bimtek(user=personas.provinsi, kode_wilayah=PROVINSI, sasaran=(DESA_A,))
    seen = {name for name, user in personas.items() if bimtek_list_visible_to(user).exists()}
    assert seen == {"admin", "provinsi", "operator", "pimpinan", "tksk", "psm", "pengurus"}


def test_attendance_makes_certificate_eligible(personas):
    bimtek = make_bimtek(
        user=personas.operator,
        tanggal_mulai=datetime.date(2025, 3, 4),
        tanggal_selesai=datetime.date(2025, 3, 5),
    )
    full = make_peserta(user=personas.tksk, bimtek=bimtek, nama="Penuh")
    half = make_peserta(user=personas.tksk, bimtek=bimtek, nama="Separuh")
    attend_all(user=personas.operator, peserta=full)
    first_day = bimtek.hari_set.first()
    services.kehadiran_set(acting_user=personas.operator, peserta=half, hari=first_day, hadir=True)
    assert list(peserta_layak_sertifikat(bimtek)) == [full]
    with pytest.raises(PermissionDenied):
        services.kehadiran_set(acting_user=personas.tksk, peserta=half, hari=first_day, hadir=False)

    assert services.sertifikat_issue(acting_user=personas.operator, bimtek=bimtek) == 1
    assert services.sertifikat_issue(acting_user=personas.operator, bimtek=bimtek) == 0
    full.refresh_from_db()
    half.refresh_from_db()
    assert len(full.kode_sertifikat) == 19 and full.sertifikat_terbit
    assert half.kode_sertifikat is None
    # A certified participant's attendance stays.
    with pytest.raises(ValidationError):
        services.kehadiran_set(
            acting_user=personas.operator, peserta=full, hari=first_day, hadir=False
        )


def test_scores_are_0_to_100(personas):
    bimtek = make_bimtek(user=personas.operator)
    peserta = make_peserta(user=personas.tksk, bimtek=bimtek)
    services.nilai_set(
        acting_user=personas.operator, peserta=peserta, nilai_pre_test="45", nilai_post_test=80
    )
    peserta.refresh_from_db()
    assert (peserta.nilai_pre_test, peserta.nilai_post_test) == (45, 80)
    for bad in ("101", "-1", "lima"):
        with pytest.raises(ValidationError):
            services.nilai_set(acting_user=personas.operator, peserta=peserta, nilai_pre_test=bad)
    peserta.refresh_from_db()
    assert peserta.nilai_pre_test == 45
    with pytest.raises(PermissionDenied):
        services.nilai_set(acting_user=personas.tksk, peserta=peserta, nilai_pre_test=50)


def test_participants_linked_to_pengurus_or_psm_of_the_desa(personas):
    from wahana.pendamping.models import Pendamping
    from wahana.pendamping.tests.factories import make_pendamping
    from wahana.wksbm.tests.factories import make_pengurus, make_wksbm

    bimtek = make_bimtek(user=personas.operator, kuota=3)
    riu = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)
    ketua = make_pengurus(user=personas.operator, wksbm=riu, nama="Yohanes Ruwai", jabatan="ketua")
    psm = make_pendamping(
        user=personas.operator,
        kode_wilayah=DESA_A,
        jenis=Pendamping.Jenis.PSM,
        nama="Rusdiana Lambung",
        jenis_kelamin="P",
        telepon="085212345678",
    )
    sasaran = sasaran_of(bimtek, DESA_A)
    by_pengurus = services.peserta_register(
        acting_user=personas.tksk, sasaran=sasaran, pengurus=ketua
    )
    by_psm = services.peserta_register(acting_user=personas.tksk, sasaran=sasaran, pendamping=psm)
    assert (by_pengurus.nama, by_pengurus.peran_wksbm) == ("Yohanes Ruwai", "Ketua")
    assert (by_psm.nama, by_psm.jenis_kelamin, by_psm.telepon, by_psm.peran_wksbm) == (
        "Rusdiana Lambung",
        "P",
        "085212345678",
        "PSM",
    )
    # The same person twice, or a person of another desa, is refused.
    with pytest.raises(ValidationError):
        services.peserta_register(acting_user=personas.tksk, sasaran=sasaran, pengurus=ketua)
    with pytest.raises(ValidationError):
        services.peserta_register(
            acting_user=personas.tksk, sasaran=sasaran_of(bimtek, DESA_A2), pendamping=psm
        )
    assert PesertaBimtek.objects.filter(bimtek=bimtek).count() == 2
