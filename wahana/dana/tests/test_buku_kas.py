import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from wahana.audit.models import AuditLog
from wahana.dana.models import BukuKas, EntriKas, TutupBuku
from wahana.dana.services import (
    entri_kas_receive,
    entri_kas_reverse,
    tutup_buku_close,
    tutup_buku_verify,
)

from .factories import make_disbursement, make_receipt, make_wksbm_a, make_wksbm_b

SEP_5 = datetime.date(2026, 9, 5)
SEP_20 = datetime.date(2026, 9, 20)
OKT_3 = datetime.date(2026, 10, 3)
OKT_10 = datetime.date(2026, 10, 10)
NOV_2 = datetime.date(2026, 11, 2)


@pytest.fixture
def buku(personas):
    wksbm = make_wksbm_a()
    make_receipt(acting_user=personas.pengurus, wksbm=wksbm, jumlah=100_000, tanggal=SEP_5)
    return wksbm


def saldo(wksbm) -> int:
    return BukuKas.objects.get(wksbm=wksbm).saldo


@pytest.mark.django_db
class TestRecord:
    def test_running_balance_and_sequence(self, personas, buku):
        make_disbursement(acting_user=personas.pengurus, wksbm=buku, jumlah=30_000, tanggal=SEP_20)
        make_receipt(acting_user=personas.operator, wksbm=buku, jumlah=5_000, tanggal=SEP_20)
        rows = list(EntriKas.objects.filter(wksbm=buku).values_list("urutan", "saldo_setelah"))
        assert rows == [(1, 100_000), (2, 70_000), (3, 75_000)]
        assert saldo(buku) == 75_000
        assert EntriKas.objects.get(urutan=2).bulan == datetime.date(2026, 9, 1)
        assert AuditLog.objects.filter(
            aksi="entri_kas_pengeluaran", objek_id=str(EntriKas.objects.get(urutan=2).pk)
        ).exists()

    def test_disbursement_beyond_balance_is_refused(self, personas, buku):
        make_disbursement(acting_user=personas.pengurus, wksbm=buku, jumlah=100_000, tanggal=SEP_20)
        with pytest.raises(ValidationError, match="Saldo tidak cukup"):
            make_disbursement(acting_user=personas.pengurus, wksbm=buku, jumlah=1, tanggal=SEP_20)
        assert saldo(buku) == 0
        assert EntriKas.objects.filter(wksbm=buku).count() == 2

    @pytest.mark.parametrize("jumlah", [0, -5])
    def test_amount_must_be_positive(self, personas, buku, jumlah):
        with pytest.raises(ValidationError):
            make_receipt(acting_user=personas.pengurus, wksbm=buku, jumlah=jumlah, tanggal=SEP_20)
        assert EntriKas.objects.filter(wksbm=buku).count() == 1

    def test_only_writers_in_scope_write(self, personas, buku):
        for name in ("psm", "tksk", "pimpinan", "outsider", "tksk_lain", "operator_lain"):
            with pytest.raises(PermissionDenied):
                make_receipt(acting_user=getattr(personas, name), wksbm=buku, tanggal=SEP_20)
        for name in ("pengurus", "operator", "provinsi", "admin"):
            make_receipt(acting_user=getattr(personas, name), wksbm=buku, jumlah=1, tanggal=SEP_20)
        assert saldo(buku) == 100_004
        # The book of another desa is not the pengurus's to write.
        with pytest.raises(PermissionDenied):
            make_receipt(acting_user=personas.pengurus, wksbm=make_wksbm_b(), tanggal=SEP_20)

    def test_beras_perelek_keeps_quantity(self, personas, buku):
        with pytest.raises(ValidationError, match="kuantitas"):
            entri_kas_receive(
                acting_user=personas.pengurus,
                wksbm=buku,
                tanggal=SEP_20,
                sumber="beras_perelek",
                jumlah=48_000,
                uraian="Beras RT 2",
            )
        entri = entri_kas_receive(
            acting_user=personas.pengurus,
            wksbm=buku,
            tanggal=SEP_20,
            sumber="beras_perelek",
            jumlah=48_000,
            uraian="Beras RT 2",
            kuantitas=4,
            satuan="kg",
        )
        assert (entri.kuantitas, entri.satuan, entri.saldo_setelah) == (4, "kg", 148_000)

    def test_dates_in_order_and_not_in_future(self, personas, buku):
        make_receipt(acting_user=personas.pengurus, wksbm=buku, tanggal=OKT_3)
        with pytest.raises(ValidationError, match="berurutan"):
            make_receipt(acting_user=personas.pengurus, wksbm=buku, tanggal=SEP_20)
        besok = timezone.localdate() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError, match="masa depan"):
            make_receipt(acting_user=personas.pengurus, wksbm=buku, tanggal=besok)
        assert EntriKas.objects.filter(wksbm=buku).count() == 2


@pytest.mark.django_db
class TestImmutable:
    def test_no_edit_no_delete_through_the_orm(self, personas, buku):
        entri = EntriKas.objects.get(wksbm=buku)
        entri.jumlah = 1
        with pytest.raises(ValidationError):
            entri.save()
        with pytest.raises(ValidationError):
            entri.delete()
        with pytest.raises(ValidationError):
            EntriKas.objects.filter(pk=entri.pk).update(jumlah=1)
        with pytest.raises(ValidationError):
            EntriKas.objects.filter(pk=entri.pk).delete()
        assert EntriKas.objects.get(pk=entri.pk).jumlah == 100_000


def _raw_insert(**values):
    columns = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            # Column names come from this test's own dict literals, never from input.
            f"INSERT INTO dana_entrikas ({columns}) VALUES ({marks})",  # noqa: S608
            list(values.values()),
        )


def _raw_update(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
class TestDatabaseGuards:
    """Programs that bypass the services (raw SQL) still cannot break the book."""

    @pytest.fixture
    def row(self, personas, buku):
        first = EntriKas.objects.get(wksbm=buku)
        return {
            "buku_id": first.buku_id,
            "wksbm_id": buku.pk,
            "kode_wilayah": buku.wilayah_id,
            "urutan": 2,
            "tanggal": SEP_20,
            "bulan": datetime.date(2026, 9, 1),
            "arah": "keluar",
            "sumber": "",
            "tujuan": "operasional",
            "jumlah": 40_000,
            "satuan": "",
            "saldo_setelah": 60_000,
            "uraian": "langsung ke basis data",
            "dicatat_oleh_id": personas.pengurus.pk,
            "dicatat_pada": timezone.now(),
        }

    def test_a_correct_raw_row_passes(self, row, buku):
        _raw_insert(**row)
        assert EntriKas.objects.filter(wksbm=buku).count() == 2

    @pytest.mark.parametrize(
        "change",
        [
            {"jumlah": 150_000, "saldo_setelah": -50_000},  # overdraw: CHECK saldo_setelah >= 0
            {"saldo_setelah": 99_000},  # arithmetic does not add up
            {"jumlah": 0, "saldo_setelah": 100_000},  # CHECK jumlah > 0
            {"urutan": 1},  # duplicate number: UNIQUE (wksbm, urutan)
            {"urutan": 3},  # gap in the sequence
            {"tanggal": datetime.date(2026, 9, 1)},  # before the last entry
            {"bulan": datetime.date(2026, 10, 1)},  # month not the date's month
            {"sumber": "jimpitan"},  # both a source and a purpose
        ],
    )
    def test_bad_raw_rows_fail(self, row, buku, change):
        with pytest.raises(IntegrityError):
            _raw_insert(**{**row, **change})
        assert EntriKas.objects.filter(wksbm=buku).count() == 1

    def test_raw_update_fails(self, buku):
        entri = EntriKas.objects.get(wksbm=buku)
        with pytest.raises(IntegrityError):
            _raw_update("UPDATE dana_entrikas SET jumlah = %s WHERE id = %s", [1, entri.pk])
        with pytest.raises(IntegrityError):
            _raw_update("UPDATE dana_entrikas SET saldo_setelah = %s WHERE id = %s", [-1, entri.pk])
        assert EntriKas.objects.get(pk=entri.pk).jumlah == 100_000

    def test_book_balance_cannot_be_set_negative(self, buku):
        with pytest.raises(IntegrityError):
            _raw_update("UPDATE dana_bukukas SET saldo = -1 WHERE wksbm_id = %s", [buku.pk])

    def test_raw_row_in_closed_month_fails(self, personas, row, buku):
        tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=SEP_5)
        with pytest.raises(IntegrityError):
            _raw_insert(**row)
        oktober = {**row, "tanggal": OKT_3, "bulan": datetime.date(2026, 10, 1)}
        _raw_insert(**oktober)
        assert EntriKas.objects.filter(wksbm=buku).count() == 2

    def test_raw_reversal_must_mirror(self, row, buku):
        first = EntriKas.objects.get(wksbm=buku)
        mirror = {
            **row,
            "membalik_id": first.pk,
            "sumber": "jimpitan",
            "tujuan": "",
            "jumlah": 100_000,
            "saldo_setelah": 0,
        }
        with pytest.raises(IntegrityError):
            _raw_insert(**{**mirror, "jumlah": 90_000, "saldo_setelah": 10_000})
        _raw_insert(**mirror)
        with pytest.raises(IntegrityError):  # UNIQUE membalik: reversed once
            _raw_insert(**{**mirror, "urutan": 3, "arah": "masuk", "saldo_setelah": 100_000})


@pytest.mark.django_db
class TestReversal:
    def test_reverse_a_disbursement_once(self, personas, buku):
        keluar = make_disbursement(
            acting_user=personas.pengurus, wksbm=buku, jumlah=30_000, tanggal=SEP_20
        )
        pembalik = entri_kas_reverse(
            acting_user=personas.pengurus, entri=keluar, tanggal=SEP_20, alasan="salah ketik"
        )
        assert (pembalik.arah, pembalik.tujuan, pembalik.jumlah) == ("masuk", "operasional", 30_000)
        assert pembalik.membalik == keluar
        assert pembalik.saldo_setelah == 100_000
        assert "salah ketik" in pembalik.uraian
        with pytest.raises(ValidationError, match="sudah dikoreksi"):
            entri_kas_reverse(
                acting_user=personas.pengurus, entri=keluar, tanggal=SEP_20, alasan="lagi"
            )
        with pytest.raises(ValidationError, match="tidak dapat dibalik"):
            entri_kas_reverse(
                acting_user=personas.pengurus, entri=pembalik, tanggal=SEP_20, alasan="lagi"
            )
        assert saldo(buku) == 100_000

    def test_reversal_cannot_make_the_balance_negative(self, personas, buku):
        make_disbursement(acting_user=personas.pengurus, wksbm=buku, jumlah=80_000, tanggal=SEP_20)
        masuk = EntriKas.objects.get(wksbm=buku, urutan=1)
        with pytest.raises(ValidationError, match="Saldo tidak cukup"):
            entri_kas_reverse(
                acting_user=personas.pengurus,
                entri=masuk,
                tanggal=SEP_20,
                alasan="bukan uang WKSBM",
            )
        assert saldo(buku) == 20_000

    def test_reason_and_writer_required(self, personas, buku):
        masuk = EntriKas.objects.get(wksbm=buku, urutan=1)
        with pytest.raises(ValidationError):
            entri_kas_reverse(
                acting_user=personas.pengurus, entri=masuk, tanggal=SEP_20, alasan=" "
            )
        with pytest.raises(PermissionDenied):
            entri_kas_reverse(acting_user=personas.tksk, entri=masuk, tanggal=SEP_20, alasan="x")
        assert not EntriKas.objects.filter(membalik=masuk).exists()

    def test_entry_of_a_closed_month_is_corrected_in_an_open_month(self, personas, buku):
        tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=SEP_5)
        masuk = EntriKas.objects.get(wksbm=buku, urutan=1)
        with pytest.raises(ValidationError, match="ditutup"):
            entri_kas_reverse(
                acting_user=personas.pengurus, entri=masuk, tanggal=SEP_20, alasan="x"
            )
        pembalik = entri_kas_reverse(
            acting_user=personas.pengurus, entri=masuk, tanggal=OKT_3, alasan="ganda"
        )
        assert pembalik.bulan == datetime.date(2026, 10, 1)


@pytest.mark.django_db
class TestClosing:
    def test_closed_month_refuses_entries(self, personas, buku):
        make_disbursement(acting_user=personas.pengurus, wksbm=buku, jumlah=25_000, tanggal=SEP_20)
        tutup = tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=SEP_5)
        assert (tutup.saldo_awal, tutup.total_masuk, tutup.total_keluar, tutup.saldo_akhir) == (
            0,
            100_000,
            25_000,
            75_000,
        )
        assert tutup.jumlah_entri == 2
        with pytest.raises(ValidationError, match="ditutup"):
            make_receipt(acting_user=personas.pengurus, wksbm=buku, tanggal=SEP_20)
        with pytest.raises(ValidationError, match="sudah ditutup"):
            tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=SEP_5)
        make_receipt(acting_user=personas.pengurus, wksbm=buku, jumlah=10_000, tanggal=OKT_3)
        assert saldo(buku) == 85_000

    def test_months_close_in_order(self, personas, buku):
        with pytest.raises(ValidationError, match="berurutan"):
            tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=OKT_3)
        tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=SEP_5)
        make_receipt(acting_user=personas.pengurus, wksbm=buku, jumlah=10_000, tanggal=NOV_2)
        with pytest.raises(ValidationError, match="berurutan"):
            tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=NOV_2)
        oktober = tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=OKT_10)
        assert (oktober.saldo_awal, oktober.total_masuk, oktober.saldo_akhir) == (
            100_000,
            0,
            100_000,
        )
        november = tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=NOV_2)
        assert november.saldo_akhir == 110_000
        depan = (timezone.localdate().replace(day=28) + datetime.timedelta(days=5)).replace(day=1)
        with pytest.raises(ValidationError, match="belum dimulai"):
            tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=depan)

    def test_verification_by_the_tksk(self, personas, buku):
        tutup = tutup_buku_close(acting_user=personas.operator, wksbm=buku, bulan=SEP_5)
        with pytest.raises(PermissionDenied):
            tutup_buku_verify(acting_user=personas.operator, tutup=tutup)  # who closed it
        for name in ("pengurus", "psm", "pimpinan", "tksk_lain"):
            with pytest.raises(PermissionDenied):
                tutup_buku_verify(acting_user=getattr(personas, name), tutup=tutup)
        tutup_buku_verify(acting_user=personas.tksk, tutup=tutup, catatan="cocok dengan kuitansi")
        tutup.refresh_from_db()
        assert tutup.status == TutupBuku.Status.DIVERIFIKASI
        assert tutup.diverifikasi_oleh == personas.tksk
        with pytest.raises(ValidationError):
            tutup_buku_verify(acting_user=personas.admin, tutup=tutup)

    def test_pengurus_can_close_but_not_tksk(self, personas, buku):
        with pytest.raises(PermissionDenied):
            tutup_buku_close(acting_user=personas.tksk, wksbm=buku, bulan=SEP_5)
        assert not TutupBuku.objects.exists()


@pytest.mark.django_db
def test_monthly_figures_leave_out_reversed_entries(personas, buku):
    from wahana.dana.selectors import dana_per_wksbm_bulan

    keluar = make_disbursement(
        acting_user=personas.pengurus,
        wksbm=buku,
        jumlah=30_000,
        tanggal=SEP_20,
        tujuan="operasional",
    )
    entri_kas_reverse(acting_user=personas.pengurus, entri=keluar, tanggal=OKT_3, alasan="batal")
    make_receipt(acting_user=personas.pengurus, wksbm=buku, jumlah=7_000, tanggal=OKT_10)
    rows = list(dana_per_wksbm_bulan(dari=datetime.date(2026, 9, 1)))
    assert [(r["bulan"], r["masuk"], r["keluar"]) for r in rows] == [
        (datetime.date(2026, 9, 1), 100_000, 0),
        (datetime.date(2026, 10, 1), 7_000, 0),
    ]
