"""PPKS writes: NIK rules, duplicates at entry, protection, services, referrals, merge."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from wahana.audit.models import AuditLog
from wahana.conftest import DESA_A, DESA_B

from .. import crypto, services
from ..models import DuplikatPpks, JenisPpks, LayananPpks, Ppks, RujukanPpks
from .factories import layanan_make, make_nik, make_no_kk, ppks_make, rujukan_make

BORN = datetime.date(1975, 3, 14)


def create(user, *, nama="Siti Aminah", nik=None, no_kk="", kode=DESA_A, konfirmasi=False, **data):
    data.setdefault("tanggal_lahir", BORN)
    data.setdefault("jenis_kelamin", "P")
    return services.ppks_create(
        acting_user=user,
        data={"nama": nama, **data},
        kode_wilayah=kode,
        jenis=list(JenisPpks.objects.filter(kode="24")),
        nik=make_nik(birth=BORN, sex="P") if nik is None else nik,
        no_kk=no_kk,
        konfirmasi_duplikat=konfirmasi,
    )


@pytest.mark.django_db
class TestCreate:
    def test_psm_registers_in_own_desa_encrypted_and_audited(self, personas):
        nik = make_nik(birth=BORN, sex="P")
        ppks = create(personas.psm, nik=nik, no_kk=make_no_kk())
        assert ppks.nik_samaran == nik[:4] + "*" * 10 + nik[-2:]
        assert nik not in ppks.nik_sandi
        assert crypto.decrypt(ppks.nik_sandi, purpose="nik") == nik
        assert ppks.ditemukan_oleh == personas.psm and not ppks.perlu_dicek
        # Nothing in the database row holds the plain NIK.
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM ppks_ppks WHERE id = %s", [ppks.pk])
            assert nik not in " ".join(str(v) for v in cursor.fetchone())
        log = AuditLog.objects.get(aksi="ppks_dibuat", objek_id=str(ppks.pk))
        assert log.kode_wilayah == DESA_A and nik not in str(log.perubahan)

    def test_outside_scope_and_pimpinan_are_refused(self, personas):
        with pytest.raises(PermissionDenied):
            create(personas.outsider)
        with pytest.raises(PermissionDenied):
            create(personas.pimpinan)
        with pytest.raises(PermissionDenied):
            create(personas.psm, kode=DESA_B)
        assert not Ppks.objects.exists()

    def test_impossible_nik_refused_with_reason(self, personas):
        with pytest.raises(ValidationError) as error:
            create(personas.psm, nik="6210023202750001")
        assert "tanggal lahir" in str(error.value.message_dict["nik"])
        with pytest.raises(ValidationError) as error:
            create(personas.psm, nik="62100214")
        assert "16 digit" in str(error.value.message_dict["nik"])

    def test_questionable_nik_kept_and_marked(self, personas):
        ppks = create(personas.psm, nik=make_nik(birth=BORN, sex="L", serial=0), jenis_kelamin="P")
        assert ppks.perlu_dicek
        assert "Jenis kelamin" in ppks.alasan_dicek and "0000" in ppks.alasan_dicek

    def test_same_nik_refused(self, personas):
        nik = make_nik(birth=BORN, sex="P")
        create(personas.psm, nik=nik)
        with pytest.raises(ValidationError) as error:
            create(personas.psm, nik=nik, nama="Orang Lain", konfirmasi=True)
        assert "sudah terdaftar" in str(error.value)
        assert Ppks.objects.count() == 1

    def test_similar_name_same_birth_in_kabupaten_needs_confirmation(self, personas):
        first = ppks_make(
            nama="Hj. Siti Aminah, S.Pd.", kode=DESA_B, tanggal_lahir=BORN, jenis_kelamin="P"
        )
        with pytest.raises(services.DuplikatDitemukan) as found:
            create(personas.psm, nama="Siti  Aminah")
        (kandidat,) = found.value.kandidat
        assert kandidat.ppks == first and kandidat.skor >= 80
        assert "tanggal lahir sama" in kandidat.alasan[0]
        # The PSM of Tanjung Riu cannot see a record of Sepang Kota: reason only, no name.
        assert kandidat.terlihat is False
        second = create(personas.psm, nama="Siti  Aminah", konfirmasi=True)
        pair = DuplikatPpks.objects.get()
        assert (pair.utama, pair.duplikat) == (first, second)
        assert pair.kode_wilayah == "62.10"  # smallest region containing both

    def test_same_kk_similar_name(self, personas):
        no_kk = make_no_kk()
        ppks_make(nama="Muhammad Rizki", no_kk=no_kk, tanggal_lahir=None)
        with pytest.raises(services.DuplikatDitemukan) as found:
            create(personas.psm, nama="M. Rizky", no_kk=no_kk, tanggal_lahir=None)
        assert "No KK sama" in found.value.kandidat[0].alasan[0]
        assert found.value.kandidat[0].terlihat
        # A sibling on the same card with a different name is not a candidate.
        create(personas.psm, nama="Dewi Lestari", no_kk=no_kk, tanggal_lahir=None)

    def test_group_without_nik(self, personas):
        group = create(
            personas.operator,
            nama="Komunitas Adat Terpencil Dusun Hulu",
            nik="",
            subjek=Ppks.Subjek.KELOMPOK,
            tanggal_lahir=None,
            jenis_kelamin="",
        )
        assert group.nik_indeks is None and not group.perlu_dicek


@pytest.mark.django_db
class TestUpdateRevealErase:
    def test_update_keeps_nik_when_empty_and_audits_change(self, personas):
        ppks = ppks_make(no_kk=make_no_kk())
        index = ppks.nik_indeks
        services.ppks_update(
            acting_user=personas.tksk,
            ppks=ppks,
            data={
                "nama": "Budi Santosa",
                "tanggal_lahir": ppks.tanggal_lahir,
                "jenis_kelamin": "L",
            },
            kode_wilayah=DESA_A,
            jenis=list(JenisPpks.objects.filter(kode__in=["24", "09"])),
        )
        ppks.refresh_from_db()
        assert ppks.nik_indeks == index and ppks.nama == "Budi Santosa"
        log = AuditLog.objects.get(aksi="ppks_diubah")
        assert log.perubahan["nama"] == ["Budi Santoso", "Budi Santosa"]
        assert log.perubahan["jenis"] == ["24", "09,24"]

    def test_update_to_existing_nik_refused(self, personas):
        other = ppks_make(nama="Orang Lain")
        ppks = ppks_make()
        other_nik = crypto.decrypt(other.nik_sandi, purpose="nik")
        with pytest.raises(ValidationError):
            services.ppks_update(
                acting_user=personas.psm,
                ppks=ppks,
                data={"nama": "Budi"},
                kode_wilayah=DESA_A,
                jenis=[],
                nik=other_nik,
            )

    def test_reveal_requires_reason_and_is_audited(self, personas):
        nik = make_nik()
        ppks = ppks_make(nik=nik)
        with pytest.raises(ValidationError):
            services.ppks_reveal(acting_user=personas.psm, ppks=ppks, alasan="")
        assert not AuditLog.objects.filter(aksi="nik_dilihat").exists()
        shown = services.ppks_reveal(acting_user=personas.psm, ppks=ppks, alasan="Verifikasi BLT")
        assert shown["nik"] == nik
        log = AuditLog.objects.get(aksi="nik_dilihat")
        assert (log.pelaku, log.keterangan, log.objek_id) == (
            personas.psm,
            "Verifikasi BLT",
            str(ppks.pk),
        )
        with pytest.raises(PermissionDenied):
            services.ppks_reveal(acting_user=personas.pimpinan, ppks=ppks, alasan="ingin tahu")

    def test_erase_blanks_personal_fields_and_keeps_counts(self, personas):
        ppks = ppks_make(no_kk=make_no_kk(), alamat="Jl. Tjilik Riwut 3")
        layanan_make(ppks)
        with pytest.raises(PermissionDenied):
            services.ppks_erase(acting_user=personas.psm, ppks=ppks, alasan="permintaan subjek")
        services.ppks_erase(acting_user=personas.operator, ppks=ppks, alasan="permintaan subjek")
        ppks.refresh_from_db()
        assert ppks.status == Ppks.Status.DIHAPUS
        assert (ppks.nik_sandi, ppks.nik_indeks, ppks.no_kk_sandi, ppks.alamat) == (
            "",
            None,
            "",
            "",
        )
        assert ppks.tanggal_lahir is None and "Budi" not in ppks.nama
        assert list(ppks.jenis.values_list("kode", flat=True)) == ["24"]
        assert LayananPpks.objects.filter(ppks=ppks).count() == 1
        assert AuditLog.objects.filter(aksi="ppks_data_pribadi_dihapus").exists()

    def test_archive_and_restore(self, personas):
        ppks = ppks_make()
        services.ppks_archive(acting_user=personas.psm, ppks=ppks, alasan="pindah domisili")
        assert ppks.status == Ppks.Status.DIARSIPKAN
        with pytest.raises(ValidationError):
            services.layanan_create(
                acting_user=personas.psm,
                ppks=ppks,
                jenis="jaminan",
                tanggal=datetime.date(2026, 1, 1),
                penyedia="psm",
            )
        services.ppks_archive(acting_user=personas.psm, ppks=ppks, alasan="kembali", restore=True)
        assert ppks.status == Ppks.Status.AKTIF


@pytest.mark.django_db
class TestReferrals:
    def test_status_followed_to_the_end(self, personas):
        rujukan = rujukan_make(ppks_make(), personas.psm)
        for status, day in (("diterima", 13), ("ditangani", 14), ("selesai", 20)):
            services.rujukan_status_update(
                acting_user=personas.psm,
                rujukan=rujukan,
                status=status,
                tanggal=datetime.date(2026, 1, day),
            )
        assert list(rujukan.riwayat.values_list("status", flat=True)) == [
            "dirujuk",
            "diterima",
            "ditangani",
            "selesai",
        ]
        with pytest.raises(ValidationError):
            services.rujukan_status_update(
                acting_user=personas.psm,
                rujukan=rujukan,
                status="ditolak",
                tanggal=datetime.date(2026, 1, 21),
            )

    def test_skipping_a_step_or_going_back_in_time_refused(self, personas):
        rujukan = rujukan_make(ppks_make(), personas.psm)
        with pytest.raises(ValidationError):
            services.rujukan_status_update(
                acting_user=personas.psm,
                rujukan=rujukan,
                status="selesai",
                tanggal=datetime.date(2026, 1, 13),
            )
        with pytest.raises(ValidationError):
            services.rujukan_status_update(
                acting_user=personas.psm,
                rujukan=rujukan,
                status="diterima",
                tanggal=datetime.date(2026, 1, 1),
            )
        with pytest.raises(PermissionDenied):
            services.rujukan_status_update(
                acting_user=personas.outsider,
                rujukan=rujukan,
                status="diterima",
                tanggal=datetime.date(2026, 1, 13),
            )
        assert RujukanPpks.objects.get().status == "dirujuk"


@pytest.mark.django_db
class TestMerge:
    def _pair(self):
        utama = ppks_make(nama="Muhammad Ali", jenis=("24",))
        kedua = ppks_make(nama="M. Ali", jenis=("09",))
        layanan = layanan_make(kedua)
        services.duplikat_record(utama=utama, duplikat=kedua, skor=90, alasan=["uji"])
        return DuplikatPpks.objects.get(), utama, kedua, layanan

    def test_merge_moves_history_and_unmerge_restores_it(self, personas):
        pair, utama, kedua, layanan = self._pair()
        bystander = ppks_make(nama="Orang Lain")
        services.duplikat_merge(acting_user=personas.tksk, pair=pair)
        kedua.refresh_from_db()
        layanan.refresh_from_db()
        assert kedua.status == Ppks.Status.DIGABUNG and kedua.digabung_ke == utama
        assert layanan.ppks == utama
        assert sorted(utama.jenis.values_list("kode", flat=True)) == ["09", "24"]
        services.duplikat_unmerge(acting_user=personas.tksk, pair=pair)
        kedua.refresh_from_db()
        layanan.refresh_from_db()
        assert kedua.status == Ppks.Status.AKTIF and layanan.ppks == kedua
        assert list(utama.jenis.values_list("kode", flat=True)) == ["24"]
        assert pair.status == DuplikatPpks.Status.TERBUKA
        assert bystander.jenis.count() == 1 and not LayananPpks.objects.filter(ppks=bystander)

    def test_mark_distinct_and_permissions(self, personas):
        pair, *_ = self._pair()
        with pytest.raises(PermissionDenied):
            services.duplikat_merge(acting_user=personas.psm, pair=pair)
        with pytest.raises(PermissionDenied):
            services.duplikat_merge(acting_user=personas.tksk_lain, pair=pair)
        services.duplikat_mark_distinct(acting_user=personas.operator, pair=pair)
        with pytest.raises(ValidationError):
            services.duplikat_merge(acting_user=personas.operator, pair=pair)
        assert pair.status == DuplikatPpks.Status.BERBEDA


@pytest.mark.django_db
def test_rotate_key_reencrypts_and_keeps_lookup(personas, settings):
    settings.WAHANA_DATA_KEY = f"1:{crypto.new_secret()}"
    nik = make_nik()
    ppks = ppks_make(nik=nik, no_kk=make_no_kk())
    old_index = ppks.nik_indeks
    settings.WAHANA_DATA_KEY = f"2:{crypto.new_secret()},{settings.WAHANA_DATA_KEY}"
    assert services.ppks_rotate_key() == 1
    ppks.refresh_from_db()
    assert ppks.nik_sandi.startswith("v2:") and ppks.nik_indeks != old_index
    # Only the new key is needed from now on.
    settings.WAHANA_DATA_KEY = settings.WAHANA_DATA_KEY.split(",")[0]
    assert crypto.decrypt(ppks.nik_sandi, purpose="nik") == nik
    assert Ppks.objects.get(nik_indeks=crypto.blind_index(nik, purpose="nik")) == ppks
    assert AuditLog.objects.filter(aksi="kunci_data_dirotasi").exists()
