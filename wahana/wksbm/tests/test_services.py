import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from wahana.audit.models import AuditLog
from wahana.conftest import DESA_A, DESA_B, KABUPATEN, KECAMATAN_A
from wahana.wksbm import selectors, services
from wahana.wksbm.models import PengurusWksbm, TahapWksbm, Wksbm

from .factories import grow, make_lembaga, make_pengurus, make_rapat, make_wksbm, sk_kwargs

pytestmark = pytest.mark.django_db
Tahap = TahapWksbm.Tahap
NIK_SAH = "6210024507850003"  # Kurun, a woman born 5 July 1985


@pytest.fixture
def wksbm_a(personas):
    return make_wksbm(user=personas.operator, kode_wilayah=DESA_A, nama="WKSBM Tanjung Riu")


def current(personas, wksbm):
    """The WKSBM as the list and detail pages read it (with its derived stage)."""
    return selectors.wksbm_get_for(personas.operator, wksbm.pk)[0]


# --- Stages ----------------------------------------------------------------------------------


def test_stage_is_derived_from_the_last_step(personas, wksbm_a):
    assert current(personas, wksbm_a).tahap_terkini is None
    grow(wksbm_a, user=personas.pengurus, until=Tahap.SOSIALISASI)
    assert current(personas, wksbm_a).tahap_terkini == Tahap.SOSIALISASI
    grow_rest = services.tahap_record(
        acting_user=personas.psm,
        wksbm=wksbm_a,
        tahap=Tahap.PEMBENTUKAN,
        tanggal=datetime.date(2014, 4, 1),
    )
    assert grow_rest.siklus == 1
    assert current(personas, wksbm_a).tahap_terkini == Tahap.PEMBENTUKAN


@pytest.mark.parametrize("tahap", [Tahap.SOSIALISASI, Tahap.PENGESAHAN])
def test_first_step_must_be_persiapan(personas, wksbm_a, tahap):
    with pytest.raises(ValidationError) as error:
        services.tahap_record(
            acting_user=personas.operator,
            wksbm=wksbm_a,
            tahap=tahap,
            tanggal=datetime.date(2014, 3, 1),
            **(sk_kwargs() if tahap == Tahap.PENGESAHAN else {}),
        )
    assert "tahap" in error.value.message_dict
    assert not wksbm_a.tahap_set.exists()


def test_stages_cannot_be_skipped(personas, wksbm_a):
    grow(wksbm_a, user=personas.operator, until=Tahap.PERSIAPAN)
    with pytest.raises(ValidationError, match="Sosialisasi"):
        services.tahap_record(
            acting_user=personas.operator,
            wksbm=wksbm_a,
            tahap=Tahap.PEMBENTUKAN,
            tanggal=datetime.date(2014, 4, 1),
        )


def test_pengesahan_requires_the_sk(personas, wksbm_a):
    grow(wksbm_a, user=personas.operator, until=Tahap.PEMBENTUKAN)
    with pytest.raises(ValidationError) as error:
        services.tahap_record(
            acting_user=personas.operator,
            wksbm=wksbm_a,
            tahap=Tahap.PENGESAHAN,
            tanggal=datetime.date(2014, 6, 2),
            sk_nomor="141/05/TR/2014",
        )
    assert set(error.value.message_dict) == {
        "sk_tanggal",
        "sk_penandatangan_nama",
        "sk_penandatangan_jabatan",
        "sk_berkas",
    }
    step = services.tahap_record(
        acting_user=personas.operator,
        wksbm=wksbm_a,
        tahap=Tahap.PENGESAHAN,
        tanggal=datetime.date(2014, 6, 2),
        **sk_kwargs(),
    )
    assert step.sk_berkas.kode_wilayah == DESA_A
    assert step.sk_berkas.tipe_mime == "application/pdf"
    assert current(personas, wksbm_a).tahap_terkini == Tahap.PENGESAHAN


def test_database_refuses_pengesahan_without_sk(personas, wksbm_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        TahapWksbm.objects.create(
            wksbm=wksbm_a,
            wilayah_id=DESA_A,
            tahap=Tahap.PENGESAHAN,
            tanggal=datetime.date(2014, 6, 2),
            sk_nomor="1",
        )


def test_revitalisasi_starts_a_new_cycle_and_keeps_history(personas, wksbm_a):
    grow(wksbm_a, user=personas.operator)
    step = services.tahap_record(
        acting_user=personas.pengurus,
        wksbm=wksbm_a,
        tahap=Tahap.PERSIAPAN,
        tanggal=datetime.date(2018, 7, 20),
        keterangan="Setelah bimtek 10 Juli 2018",
    )
    assert step.siklus == 2
    wksbm = current(personas, wksbm_a)
    assert (wksbm.tahap_terkini, wksbm.siklus_terkini) == (Tahap.PERSIAPAN, 2)
    assert [(t.siklus, t.tahap) for t in selectors.tahap_list(wksbm)] == [
        (1, Tahap.PERSIAPAN),
        (1, Tahap.SOSIALISASI),
        (1, Tahap.PEMBENTUKAN),
        (1, Tahap.PENGESAHAN),
        (2, Tahap.PERSIAPAN),
    ]
    assert AuditLog.objects.filter(aksi="wksbm_revitalisasi", objek_id=str(wksbm.pk)).exists()
    # The new cycle goes on from persiapan, not from where the old one ended.
    assert services.tahap_next_allowed(wksbm) == [Tahap.SOSIALISASI, Tahap.PERSIAPAN]


def test_revitalisasi_is_possible_from_a_stuck_cycle(personas, wksbm_a):
    grow(wksbm_a, user=personas.operator, until=Tahap.SOSIALISASI)
    step = services.tahap_record(
        acting_user=personas.operator,
        wksbm=wksbm_a,
        tahap=Tahap.PERSIAPAN,
        tanggal=datetime.date(2018, 8, 1),
    )
    assert step.siklus == 2


def test_step_dates_go_forward_and_not_into_the_future(personas, wksbm_a):
    grow(wksbm_a, user=personas.operator, until=Tahap.PERSIAPAN)
    for tanggal in (datetime.date(2013, 1, 1), datetime.date.today() + datetime.timedelta(days=2)):
        with pytest.raises(ValidationError) as error:
            services.tahap_record(
                acting_user=personas.operator,
                wksbm=wksbm_a,
                tahap=Tahap.SOSIALISASI,
                tanggal=tanggal,
            )
        assert "tanggal" in error.value.message_dict
    assert wksbm_a.tahap_set.count() == 1


# --- Pengurus ---------------------------------------------------------------------------------


def test_one_active_ketua_and_history_kept(personas, wksbm_a):
    first = make_pengurus(
        user=personas.pengurus, wksbm=wksbm_a, nama="Yulius Ahat", jabatan="ketua"
    )
    with pytest.raises(ValidationError, match="Yulius Ahat"):
        make_pengurus(user=personas.pengurus, wksbm=wksbm_a, nama="Rinto", jabatan="ketua")
    services.pengurus_end(
        acting_user=personas.pengurus, pengurus=first, selesai=datetime.date(2020, 1, 1)
    )
    second = make_pengurus(
        user=personas.pengurus,
        wksbm=wksbm_a,
        nama="Rinto",
        jabatan="ketua",
        mulai=datetime.date(2020, 1, 2),
    )
    first.refresh_from_db()
    assert (first.aktif, first.selesai) == (False, datetime.date(2020, 1, 1))
    assert second.aktif
    assert current(personas, wksbm_a).ketua_nama == "Rinto"
    assert PengurusWksbm.objects.filter(wksbm=wksbm_a, jabatan="ketua").count() == 2


def test_many_anggota_may_be_active(personas, wksbm_a):
    for nama in ("Ani", "Budi", "Citra"):
        make_pengurus(user=personas.pengurus, wksbm=wksbm_a, nama=nama, jabatan="anggota")
    assert wksbm_a.pengurus_set.filter(aktif=True).count() == 3


@pytest.mark.parametrize("jabatan", ["ketua", "sekretaris", "bendahara"])
def test_database_refuses_two_active_holders(personas, wksbm_a, jabatan):
    make_pengurus(user=personas.pengurus, wksbm=wksbm_a, nama="Satu", jabatan=jabatan)
    with pytest.raises(IntegrityError), transaction.atomic():
        PengurusWksbm.objects.create(
            wksbm=wksbm_a,
            wilayah_id=DESA_A,
            nama="Dua",
            jabatan=jabatan,
            mulai=datetime.date(2020, 1, 1),
        )


def test_changing_office_to_a_held_one_is_refused(personas, wksbm_a):
    make_pengurus(user=personas.pengurus, wksbm=wksbm_a, nama="Satu", jabatan="sekretaris")
    other = make_pengurus(user=personas.pengurus, wksbm=wksbm_a, nama="Dua", jabatan="anggota")
    with pytest.raises(ValidationError, match="sekretaris"):
        services.pengurus_update(
            acting_user=personas.pengurus,
            pengurus=other,
            nama="Dua",
            jabatan="sekretaris",
            mulai=other.mulai,
        )


def test_nik_is_checked_and_normalised(personas, wksbm_a):
    with pytest.raises(ValidationError) as error:
        make_pengurus(user=personas.pengurus, wksbm=wksbm_a, nik="6210029999850003")
    assert "nik" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_pengurus(user=personas.pengurus, wksbm=wksbm_a, nik="12345")
    pengurus = make_pengurus(user=personas.pengurus, wksbm=wksbm_a, nik="6210 0245 0785 0003")
    assert pengurus.nik == NIK_SAH


def test_term_cannot_end_before_it_starts_or_twice(personas, wksbm_a):
    p = make_pengurus(user=personas.pengurus, wksbm=wksbm_a, mulai=datetime.date(2019, 1, 10))
    with pytest.raises(ValidationError):
        services.pengurus_end(
            acting_user=personas.pengurus, pengurus=p, selesai=datetime.date(2018, 1, 1)
        )
    services.pengurus_end(
        acting_user=personas.pengurus, pengurus=p, selesai=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError, match="sudah berakhir"):
        services.pengurus_end(
            acting_user=personas.pengurus, pengurus=p, selesai=datetime.date(2021, 1, 1)
        )


# --- WKSBM, members, meetings -------------------------------------------------------------------


def test_one_wksbm_per_desa(personas, wksbm_a):
    with pytest.raises(ValidationError) as error:
        make_wksbm(user=personas.operator, kode_wilayah=DESA_A, nama="Kedua")
    assert "kode_wilayah" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Wksbm.objects.create(wilayah_id=DESA_A, tingkat=Wksbm.Tingkat.DESA, nama="Kedua")


def test_level_must_match_the_region(personas):
    with pytest.raises(ValidationError, match="setingkat"):
        make_wksbm(user=personas.operator, kode_wilayah=KECAMATAN_A, tingkat="desa")
    forum = make_wksbm(
        user=personas.operator, kode_wilayah=KABUPATEN, tingkat="kabupaten", nama="Forum"
    )
    kecamatan = make_wksbm(user=personas.operator, kode_wilayah=KECAMATAN_A, tingkat="kecamatan")
    assert (forum.kode_wilayah, kecamatan.kode_wilayah) == (KABUPATEN, KECAMATAN_A)


def test_unknown_region_is_refused(personas):
    with pytest.raises(ValidationError, match="tidak dikenal"):
        make_wksbm(user=personas.operator, kode_wilayah="62.10.02.2999")


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("pengurus", True),
        ("psm", True),
        ("operator", True),
        ("tksk", False),
        ("pimpinan", False),
        ("outsider", False),
        ("operator_lain", False),
    ],
)
def test_who_may_write(personas, wksbm_a, persona, allowed):
    user = getattr(personas, persona)

    def write():
        return services.wksbm_update(acting_user=user, wksbm=wksbm_a, nama="Nama baru")

    if allowed:
        assert write().nama == "Nama baru"
    else:
        with pytest.raises(PermissionDenied):
            write()
        wksbm_a.refresh_from_db()
        assert wksbm_a.nama == "WKSBM Tanjung Riu"


def test_pengurus_creates_only_in_own_desa(personas):
    with pytest.raises(PermissionDenied):
        make_wksbm(user=personas.pengurus, kode_wilayah=DESA_B)
    assert make_wksbm(user=personas.pengurus, kode_wilayah=DESA_A).kode_wilayah == DESA_A


def test_tksk_comments_pimpinan_does_not(personas, wksbm_a):
    komentar = services.komentar_add(acting_user=personas.tksk, wksbm=wksbm_a, isi="Sudah rapat?")
    assert komentar.kode_wilayah == DESA_A
    for user in (personas.pimpinan, personas.tksk_lain, personas.outsider):
        with pytest.raises(PermissionDenied):
            services.komentar_add(acting_user=user, wksbm=wksbm_a, isi="x")
    with pytest.raises(ValidationError):
        services.komentar_add(acting_user=personas.tksk, wksbm=wksbm_a, isi="  ")


def test_lembaga_joins_and_leaves(personas, wksbm_a):
    lembaga = make_lembaga(user=personas.psm, wksbm=wksbm_a, nama="Karang Taruna Riu Jaya")
    assert lembaga.kode_wilayah == DESA_A and lembaga.aktif
    with pytest.raises(ValidationError, match="sebelum tanggal bergabung"):
        services.lembaga_update(
            acting_user=personas.psm,
            lembaga=lembaga,
            jenis=lembaga.jenis,
            nama=lembaga.nama,
            tanggal_bergabung=lembaga.tanggal_bergabung,
            tanggal_keluar=datetime.date(2018, 1, 1),
        )
    services.lembaga_update(
        acting_user=personas.psm,
        lembaga=lembaga,
        jenis="karang-taruna",
        nama=lembaga.nama,
        tanggal_bergabung=lembaga.tanggal_bergabung,
        tanggal_keluar=datetime.date(2023, 1, 1),
    )
    lembaga.refresh_from_db()
    assert not lembaga.aktif and lembaga.jenis.kode == "karang-taruna"
    with pytest.raises(ValidationError, match="tidak dikenal"):
        make_lembaga(user=personas.psm, wksbm=wksbm_a, jenis="tidak-ada")


def test_rapat_counts_attendance_of_its_own_pengurus_only(personas, wksbm_a):
    ketua = make_pengurus(user=personas.pengurus, wksbm=wksbm_a, jabatan="ketua")
    other = make_wksbm(user=personas.operator, kode_wilayah=DESA_B)
    stranger = make_pengurus(user=personas.operator, wksbm=other, jabatan="ketua")
    with pytest.raises(ValidationError, match="bukan pengurus"):
        make_rapat(user=personas.pengurus, wksbm=wksbm_a, hadir=[ketua, stranger])
    rapat = make_rapat(user=personas.pengurus, wksbm=wksbm_a, hadir=[ketua], jumlah_hadir_lain=7)
    assert list(rapat.hadir.all()) == [ketua]
    assert selectors.rapat_list(wksbm_a).get().jumlah_pengurus_hadir == 1
    assert current(personas, wksbm_a).rapat_terakhir == rapat.tanggal
    assert AuditLog.objects.filter(aksi="rapat_wksbm_dicatat", kode_wilayah=DESA_A).exists()


def test_jenis_lembaga_is_kept_by_managers(personas):
    jenis = services.jenis_lembaga_create(acting_user=personas.operator, nama="Kelompok nelayan")
    assert jenis.kode == "kelompok-nelayan"
    with pytest.raises(ValidationError):
        services.jenis_lembaga_create(acting_user=personas.operator, nama="Kelompok Nelayan")
    with pytest.raises(PermissionDenied):
        services.jenis_lembaga_create(acting_user=personas.pengurus, nama="Lain")


def test_seeded_kinds_exist():
    from wahana.wksbm.models import JenisLembaga

    kinds = set(JenisLembaga.objects.values_list("kode", flat=True))
    assert {"majelis-taklim", "kelompok-gereja", "lembaga-adat", "posyandu", "lainnya"} <= kinds


def test_rapat_update_replaces_attendance_and_is_audited(personas, wksbm_a):
    ketua = make_pengurus(user=personas.operator, wksbm=wksbm_a, jabatan="ketua")
    sekretaris = make_pengurus(user=personas.operator, wksbm=wksbm_a, jabatan="sekretaris")
    rapat = make_rapat(user=personas.operator, wksbm=wksbm_a, hadir=[ketua])
    changed = services.rapat_update(
        acting_user=personas.pengurus,
        rapat=rapat,
        tanggal=datetime.date(2025, 5, 6),
        tempat="Rumah ketua",
        agenda="Pendataan warga rentan",
        hadir=[sekretaris.pk],
        jumlah_hadir_lain=2,
    )
    assert list(changed.hadir.all()) == [sekretaris] and changed.jumlah_hadir_lain == 2
    log = AuditLog.objects.get(aksi="rapat_wksbm_diubah", objek_id=str(rapat.pk))
    assert log.perubahan["tempat"] == ["Balai desa", "Rumah ketua"]
    assert log.perubahan["hadir"] == [str([ketua.pk]), str([sekretaris.pk])]
    assert "agenda" not in log.perubahan


def test_rapat_update_refuses_readers_and_foreign_pengurus(personas, wksbm_a):
    rapat = make_rapat(user=personas.operator, wksbm=wksbm_a)
    other = make_wksbm(user=personas.operator, kode_wilayah=DESA_B)
    stranger = make_pengurus(user=personas.operator, wksbm=other)
    kwargs = {"rapat": rapat, "tanggal": rapat.tanggal, "tempat": "x", "agenda": "x"}
    with pytest.raises(PermissionDenied):
        services.rapat_update(acting_user=personas.tksk, **kwargs)
    with pytest.raises(ValidationError) as error:
        services.rapat_update(acting_user=personas.operator, hadir=[stranger.pk], **kwargs)
    assert "bukan pengurus WKSBM ini" in str(error.value)
    rapat.refresh_from_db()
    assert rapat.tempat == "Balai desa"
