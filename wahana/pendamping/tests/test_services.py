import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wahana.audit.models import AuditLog
from wahana.berkas.tests.factories import png_upload
from wahana.conftest import DESA_A, DESA_B, KECAMATAN_A
from wahana.pendamping import services
from wahana.pendamping.models import (
    LaporanBulanan,
    Pendamping,
    TindakLanjut,
)
from wahana.pendamping.selectors import laporan_baris, laporan_baris_gather

from .factories import DESA_A2, last_month, make_kunjungan, make_pendamping

Status = LaporanBulanan.Status


# Registry ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_active_tksk_per_kecamatan(personas, world):
    with pytest.raises(ValidationError) as error:
        make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A, nama="TKSK Kedua")
    assert "TKSK aktif" in str(error.value)
    # Inactive is allowed; after deactivating the first, a new active TKSK is accepted.
    make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A, nama="Lama", aktif=False)
    services.pendamping_update(
        acting_user=personas.operator,
        pendamping=world.tksk_a,
        akun=None,
        **{n: getattr(world.tksk_a, n) for n in services.PENDAMPING_FIELDS} | {"aktif": False},
    )
    baru = make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A, nama="Baru")
    assert baru.aktif
    assert Pendamping.objects.filter(wilayah_id=KECAMATAN_A, jenis="tksk", aktif=True).count() == 1


@pytest.mark.django_db
def test_one_active_tksk_is_a_database_constraint(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pendamping.objects.create(
            jenis=Pendamping.Jenis.TKSK, nama="Lewat belakang", wilayah_id=KECAMATAN_A
        )
    # PSM in the same kecamatan are not limited.
    Pendamping.objects.create(jenis=Pendamping.Jenis.PSM, nama="PSM", wilayah_id=KECAMATAN_A)


@pytest.mark.django_db
def test_pendamping_create_is_for_operators_in_scope(personas):
    for user in (personas.tksk, personas.operator_lain, personas.pimpinan):
        with pytest.raises(PermissionDenied):
            make_pendamping(user=user, kode_wilayah=KECAMATAN_A)
    p = make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A)
    assert AuditLog.objects.filter(aksi="pendamping_dibuat", objek_id=str(p.pk)).exists()


@pytest.mark.django_db
def test_tksk_must_sit_on_a_kecamatan(personas):
    with pytest.raises(ValidationError):
        make_pendamping(user=personas.operator, kode_wilayah=DESA_A)


@pytest.mark.django_db
def test_nik_is_checked(personas):
    with pytest.raises(ValidationError) as error:
        make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A, nik="12345")
    assert "nik" in error.value.message_dict
    p = make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A, nik="6210 0245 0890 0003")
    assert p.nik == "6210024508900003"


@pytest.mark.django_db
def test_account_link_must_match_role_and_scope(personas):
    with pytest.raises(ValidationError) as error:
        make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A, akun=personas.psm)
    assert "akun" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A, akun=personas.tksk_lain)
    p = make_pendamping(user=personas.operator, kode_wilayah=KECAMATAN_A, akun=personas.tksk)
    assert personas.tksk.pendamping == p


@pytest.mark.django_db
def test_psm_assigned_to_several_desa(personas, world):
    services.penugasan_psm_add(
        acting_user=personas.operator, pendamping=world.psm_a, kode_wilayah=DESA_A2
    )
    assert sorted(world.psm_a.penugasan_set.values_list("wilayah_id", flat=True)) == [
        DESA_A2,
        DESA_A,
    ]
    with pytest.raises(ValidationError):
        services.penugasan_psm_add(
            acting_user=personas.operator, pendamping=world.psm_a, kode_wilayah=DESA_A2
        )
    with pytest.raises(ValidationError):
        services.penugasan_psm_add(
            acting_user=personas.operator, pendamping=world.tksk_a, kode_wilayah=DESA_A2
        )


# Visits and tasks -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_worker_records_only_own_visits_in_scope(personas, world):
    with pytest.raises(PermissionDenied):
        make_kunjungan(user=personas.tksk, pendamping=world.tksk_a, kode_wilayah=DESA_B)
    with pytest.raises(PermissionDenied):
        make_kunjungan(user=personas.tksk, pendamping=world.psm_a, kode_wilayah=DESA_A)
    k = make_kunjungan(
        user=personas.psm, pendamping=world.psm_a, kode_wilayah=DESA_A, foto=[png_upload()]
    )
    assert k.foto_set.get().berkas.wilayah_id == DESA_A
    with pytest.raises(ValidationError):
        make_kunjungan(
            user=personas.psm,
            pendamping=world.psm_a,
            kode_wilayah=DESA_A,
            tanggal=timezone.localdate() + datetime.timedelta(days=1),
        )


@pytest.mark.django_db
def test_visit_for_a_programme_only_in_its_villages(personas, world):
    with pytest.raises(ValidationError) as error:
        make_kunjungan(
            user=personas.tksk, pendamping=world.tksk_a, kode_wilayah=DESA_A2, program=world.program
        )
    assert "program" in error.value.message_dict


@pytest.mark.django_db
def test_task_update_by_owner_and_overdue(personas, world):
    assert world.tugas_a.terlambat
    assert not world.tugas_b.terlambat
    with pytest.raises(PermissionDenied):
        services.tindak_lanjut_update(
            acting_user=personas.tksk_lain, tindak_lanjut=world.tugas_a, status="selesai"
        )
    # The PSM owns the task, though the TKSK made the visit.
    tugas = services.tindak_lanjut_update(
        acting_user=personas.psm, tindak_lanjut=world.tugas_a, status="selesai", catatan="Beres"
    )
    assert tugas.status == TindakLanjut.Status.SELESAI and tugas.selesai_pada
    assert not tugas.terlambat


# Monthly reports --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_state_machine(personas, world):
    lap = world.laporan_a
    with pytest.raises(ValidationError):  # no summary yet
        services.laporan_submit(acting_user=personas.tksk, laporan=lap)
    with pytest.raises(ValidationError):  # cannot approve a draft
        services.laporan_approve(acting_user=personas.operator, laporan=lap)
    lap = services.laporan_submit(acting_user=personas.tksk, laporan=lap, ringkasan="Baik.")
    assert lap.status == Status.DIAJUKAN and lap.baris_set.count() == 1
    with pytest.raises(PermissionDenied):  # the worker does not decide
        services.laporan_approve(acting_user=personas.tksk, laporan=lap)
    with pytest.raises(ValidationError):  # a reason is required
        services.laporan_return(acting_user=personas.operator, laporan=lap, alasan=" ")
    lap = services.laporan_return(acting_user=personas.operator, laporan=lap, alasan="Foto?")
    assert lap.status == Status.REVISI and lap.alasan == "Foto?"
    first = lap.diajukan_pertama
    lap = services.laporan_submit(acting_user=personas.tksk, laporan=lap)
    assert lap.status == Status.DIAJUKAN and lap.diajukan_pertama == first and lap.alasan == ""
    lap = services.laporan_approve(acting_user=personas.operator, laporan=lap)
    assert lap.status == Status.DISETUJUI and lap.diputuskan_oleh == personas.operator
    with pytest.raises(ValidationError):
        services.laporan_reject(acting_user=personas.operator, laporan=lap, alasan="x")
    rejected = services.laporan_submit(
        acting_user=personas.tksk_lain, laporan=world.laporan_b, ringkasan="Ringkas."
    )
    rejected = services.laporan_reject(
        acting_user=personas.operator, laporan=rejected, alasan="Bukan bulan ini"
    )
    assert rejected.status == Status.DITOLAK
    with pytest.raises(ValidationError):
        services.laporan_submit(acting_user=personas.tksk_lain, laporan=rejected)
    assert AuditLog.objects.filter(aksi="laporan_disetujui", objek_id=str(lap.pk)).exists()


@pytest.mark.django_db
def test_report_only_once_per_month_and_not_ahead(personas, world):
    with pytest.raises(ValidationError):
        services.laporan_create(
            acting_user=personas.tksk, pendamping=world.tksk_a, bulan=last_month()
        )
    next_month = (timezone.localdate().replace(day=28) + datetime.timedelta(days=5)).replace(day=1)
    with pytest.raises(ValidationError):
        services.laporan_create(
            acting_user=personas.tksk, pendamping=world.tksk_a, bulan=next_month
        )
    with pytest.raises(PermissionDenied):
        services.laporan_create(
            acting_user=personas.tksk, pendamping=world.psm_a, bulan=last_month()
        )


@pytest.mark.django_db
def test_approved_month_is_locked_and_amendment_keeps_original(personas, world):
    lap = services.laporan_submit(acting_user=personas.tksk, laporan=world.laporan_a, ringkasan="A")
    lap = services.laporan_approve(acting_user=personas.operator, laporan=lap)
    tanggal = last_month() + datetime.timedelta(days=14)
    with pytest.raises(ValidationError) as error:
        make_kunjungan(
            user=personas.tksk, pendamping=world.tksk_a, kode_wilayah=DESA_A, tanggal=tanggal
        )
    assert "terkunci" in str(error.value)

    perubahan = services.laporan_amend(acting_user=personas.tksk, laporan=lap)
    assert (perubahan.versi, perubahan.asal, perubahan.status) == (2, lap, Status.DRAFT)
    with pytest.raises(ValidationError):  # only one open amendment at a time
        services.laporan_amend(acting_user=personas.tksk, laporan=lap)
    # The month is open again for the correction.
    make_kunjungan(
        user=personas.tksk, pendamping=world.tksk_a, kode_wilayah=DESA_A, tanggal=tanggal
    )
    assert len(laporan_baris(perubahan)) == 2
    lap.refresh_from_db()
    assert lap.status == Status.DISETUJUI and len(laporan_baris(lap)) == 1  # original untouched
    perubahan = services.laporan_submit(acting_user=personas.tksk, laporan=perubahan)
    perubahan = services.laporan_approve(acting_user=personas.operator, laporan=perubahan)
    third = services.laporan_amend(acting_user=personas.tksk, laporan=perubahan)
    assert third.versi == 3 and third.asal == lap


@pytest.mark.django_db
def test_on_time_and_late(personas, world, monkeypatch):
    bulan = world.laporan_a.bulan
    batas = world.laporan_a.batas  # no kabupaten setting: the 5th of the next month
    assert batas.day == 5 and batas.month == (bulan.month % 12) + 1

    def at(day: datetime.date):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(20, 0)))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    at(batas)
    lap = services.laporan_submit(acting_user=personas.tksk, laporan=world.laporan_a, ringkasan="A")
    assert lap.tepat_waktu is True
    at(batas + datetime.timedelta(days=1))
    late = services.laporan_submit(
        acting_user=personas.tksk_lain, laporan=world.laporan_b, ringkasan="B"
    )
    assert late.tepat_waktu is False
    # A report returned for revision keeps the date of its first submission.
    at(batas + datetime.timedelta(days=10))
    lap = services.laporan_return(acting_user=personas.operator, laporan=lap, alasan="Lengkapi")
    lap = services.laporan_submit(acting_user=personas.tksk, laporan=lap)
    assert lap.tepat_waktu is True


@pytest.mark.django_db
def test_rows_gathered_from_visits(personas, world):
    rows = laporan_baris_gather(world.tksk_a, last_month())
    assert [r.kunjungan_id for r in rows] == [world.kunjungan_a.pk]
    assert "Tanjung Riu" in rows[0].tempat
    assert "Penyaluran BPNT 2026" in rows[0].kegiatan
    assert rows[0].masalah == "Buku kas belum diisi."


@pytest.mark.django_db
def test_rows_include_activities_led_by_the_pendamping(personas, world):
    from wahana.kegiatan.services import kegiatan_create

    kegiatan_create(
        acting_user=personas.tksk,
        judul="Sosialisasi penggalangan dana jimpitan",
        jenis="sosialisasi",
        tanggal=last_month() + datetime.timedelta(days=2),
        tempat="Balai desa",
        sumber_dana="tanpa_biaya",
        kode_wilayah=DESA_A,
        jumlah_peserta=25,
    )
    rows = laporan_baris_gather(world.tksk_a, last_month())
    assert [r.sumber for r in rows] == ["kegiatan", "kunjungan"]  # by date
    assert rows[0].tempat == "Tanjung Riu — Balai desa"
    assert "(25 peserta)" in rows[0].kegiatan
