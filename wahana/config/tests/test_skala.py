"""`wahana demo --scale`: the synthetic data is what the app itself would hold (encrypted and
blind-indexed NIK, fund books the triggers accept, a mix of index states), leaves existing
WKSBM alone and adds nothing on a second run. Built here for one kecamatan (Sepang, 7 desa):
the sizes themselves are timed by `make bench` / docs/scaling.md, not in tests."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max
from django.utils import timezone

from wahana.config import skala
from wahana.conftest import DESA_B, KECAMATAN_B
from wahana.dana.models import BukuKas, EntriKas
from wahana.kegiatan.models import Kegiatan
from wahana.lib import nik as niklib
from wahana.pantau import services as pantau_services
from wahana.pantau.bulan import bulan_ini
from wahana.pantau.models import IndeksBulanan
from wahana.pendamping.models import Pendamping
from wahana.ppks import crypto
from wahana.ppks.models import Ppks
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import TahapWksbm, Wksbm
from wahana.wksbm.tests.factories import make_wksbm

PPKS_PER_DESA = 20  # the real size (120) only changes how long it takes


@pytest.fixture
def built(personas):
    # A bystander: Sepang Kota already has its WKSBM, which the build must leave as it is.
    bystander = make_wksbm(user=personas.operator, kode_wilayah=DESA_B, nama="WKSBM Asli")
    laporan = skala.build(ukuran="kabupaten", kode=KECAMATAN_B, ppks_per_desa=PPKS_PER_DESA)
    return bystander, laporan


def desa_codes():
    return set(
        Wilayah.objects.filter(induk_id=KECAMATAN_B, tingkat=4).values_list("kode", flat=True)
    )


@pytest.mark.django_db
def test_every_desa_gets_one_wksbm_and_the_existing_one_is_left_alone(built):
    bystander, laporan = built
    desa = desa_codes()
    assert laporan.desa == len(desa) - 1 and laporan.dilewati == 1
    per_desa = dict(
        Wksbm.objects.filter(wilayah_id__in=desa)
        .values_list("wilayah_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert per_desa == dict.fromkeys(desa, 1)
    bystander.refresh_from_db()
    assert bystander.nama == "WKSBM Asli" and bystander.catatan == ""
    assert not Ppks.objects.filter(wilayah_id=DESA_B).exists()
    assert Wksbm.objects.filter(catatan=skala.PENANDA).count() == len(desa) - 1
    # One TKSK for the kecamatan, one PSM per built desa, each with an account in scope.
    tksk = Pendamping.objects.get(jenis="tksk", wilayah_id=KECAMATAN_B)
    assert tksk.akun.username == f"tksk.{KECAMATAN_B}" and tksk.akun.kode_wilayah == KECAMATAN_B
    psm = Pendamping.objects.filter(jenis="psm", wilayah_id__in=desa)
    assert psm.count() == len(desa) - 1
    assert all(p.akun.kode_wilayah == p.wilayah_id for p in psm.select_related("akun"))


@pytest.mark.django_db
def test_nik_and_no_kk_are_sealed_and_indexed_as_the_app_does(built):
    people = Ppks.objects.filter(wilayah__kode__startswith=KECAMATAN_B + ".")
    assert people.count() == (len(desa_codes()) - 1) * PPKS_PER_DESA
    for person in people:
        nik = crypto.decrypt(person.nik_sandi, purpose="nik")
        check = niklib.nik_check(nik, birth_date=person.tanggal_lahir, sex=person.jenis_kelamin)
        assert check.ok and not check.warnings, (nik, check.errors, check.warnings)
        assert nik.startswith(KECAMATAN_B.replace(".", ""))
        assert person.nik_indeks == crypto.blind_index(nik, purpose="nik")
        assert person.nik_samaran == niklib.mask(nik)
        no_kk = crypto.decrypt(person.no_kk_sandi, purpose="no_kk")
        assert person.no_kk_indeks == crypto.blind_index(no_kk, purpose="no_kk")
        assert person.jenis.exists()


@pytest.mark.django_db
def test_fund_books_add_up(built):
    books = BukuKas.objects.filter(wilayah__kode__startswith=KECAMATAN_B + ".")
    assert books.exists()
    for book in books:
        entries = list(EntriKas.objects.filter(buku=book).order_by("urutan"))
        saldo = 0
        for number, entry in enumerate(entries, start=1):
            saldo += entry.jumlah if entry.arah == "masuk" else -entry.jumlah
            assert (entry.urutan, entry.saldo_setelah) == (number, saldo)
            assert entry.bulan == entry.tanggal.replace(day=1)
        assert (book.saldo, book.jumlah_entri) == (saldo, len(entries))
        assert book.tanggal_terakhir == entries[-1].tanggal


@pytest.mark.django_db
def test_a_second_run_adds_nothing(built):
    counts = (Wksbm.objects.count(), Ppks.objects.count(), Kegiatan.objects.count())
    again = skala.build(ukuran="kabupaten", kode=KECAMATAN_B, ppks_per_desa=PPKS_PER_DESA)
    assert again.desa == 0 and again.total == 0
    assert (Wksbm.objects.count(), Ppks.objects.count(), Kegiatan.objects.count()) == counts


@pytest.mark.django_db
def test_states_mix_as_the_activity_index_reads_them(built):
    pantau_services.indeks_refresh(bulan=bulan_ini(), prefix=KECAMATAN_B)
    built_ids = Wksbm.objects.filter(catatan=skala.PENANDA).values("id")
    statuses = set(
        IndeksBulanan.objects.filter(wksbm_id__in=built_ids, bulan=bulan_ini()).values_list(
            "status", flat=True
        )
    )
    # Seeded by desa code: the 6 desa of Sepang built here come out in at least three states.
    assert len(statuses) >= 3, statuses
    # Activities verified carry who verified them; no SK without its scanned decree.
    assert not Kegiatan.objects.filter(status="diverifikasi", diverifikasi_oleh=None).exists()
    assert not TahapWksbm.objects.filter(tahap="pengesahan", sk_berkas=None).exists()
    assert Kegiatan.objects.aggregate(Max("tanggal"))["tanggal__max"] <= timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["--scale", "kabupaten", "--wilayah", "62.10.02"], "bukan sebuah kabupaten"),
        (["--scale", "provinsi", "--wilayah", "62.10"], "bukan sebuah provinsi"),
        (["--scale", "kabupaten", "--wilayah", "xx"], "bukan sebuah kabupaten"),
        (["--wilayah", "62.10"], "hanya berlaku bersama --scale"),
    ],
)
def test_demo_scale_refuses_an_area_of_the_wrong_size(args, message):
    before = Wksbm.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("demo", *args)
    assert Wksbm.objects.count() == before
