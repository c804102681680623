"""Reads of the pendamping app. Every read starts from the user's scope (wahana.akun.scope).

Who sees what, beyond the scope prefix itself:
- operator, admin and pimpinan: everything inside their area;
- TKSK (a kecamatan): the pendamping, visits, tasks, programme villages and reports of that
  kecamatan (their own and their PSM's);
- PSM (a desa): the pendamping, visits and tasks of their desa, and their *own* reports only;
- pengurus WKSBM (a desa): only the visits that name a WKSBM of their desa (so they can read
  what the TKSK/PSM found at their WKSBM) and the follow-up tasks given to their own account;
  nothing else of this app (404).
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wahana.akun.models import Peran
from wahana.akun.scope import get_visible_or_404, in_scope, region_q, scope_of, visible_to
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah
from wahana.wilayah.selectors import wilayah_within
from wahana.wksbm.selectors import batas_laporan_for

from .models import (
    MASA_BERAKHIR_HARI,
    FotoKunjungan,
    Kunjungan,
    LaporanBaris,
    LaporanBulanan,
    Pendamping,
    PenugasanPsm,
    Program,
    ProgramDesa,
    TindakLanjut,
)


def pendamping_of(user) -> Pendamping | None:
    """The pendamping record linked to a login account, if any."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.pendamping
    except Pendamping.DoesNotExist:
        return None


def can_manage(user, kode_wilayah: str) -> bool:
    """Operators (and admins) manage the pendamping records inside their area."""
    return bool(user.is_authenticated and user.is_pengelola and in_scope(user, kode_wilayah))


def can_read_registry(user) -> bool:
    return scope_of(user) is not None and user.peran != Peran.PENGURUS_WKSBM


def is_own(user, pendamping: Pendamping) -> bool:
    return pendamping.akun_id is not None and pendamping.akun_id == user.pk


# Registry ---------------------------------------------------------------------------------------


def pendamping_list_visible_to(
    user, *, jenis: str = "", q: str = "", aktif: bool | None = None, kode_wilayah: str = ""
) -> QuerySet[Pendamping]:
    if not can_read_registry(user):
        return Pendamping.objects.none()
    qs = visible_to(Pendamping.objects.select_related("wilayah", "akun"), user)
    if jenis:
        qs = qs.filter(jenis=jenis)
    if aktif is not None:
        qs = qs.filter(aktif=aktif)
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(nomor_anggota__icontains=q))
    if kode_wilayah:
        qs = qs.filter(region_q(kode_wilayah))
    return qs


def pendamping_get_for(user, pk) -> tuple[Pendamping, bool]:
    obj = get_visible_or_404(pendamping_list_visible_to(user), user, pk=pk)
    return obj, can_manage(user, obj.kode_wilayah)


def penugasan_list_for(pendamping: Pendamping) -> QuerySet[PenugasanPsm]:
    return pendamping.penugasan_set.select_related("wilayah")


# Visits and follow-up tasks ---------------------------------------------------------------------


def kunjungan_list_visible_to(
    user,
    *,
    pendamping_id: int | None = None,
    kode_wilayah: str = "",
    bulan: datetime.date | None = None,
    program_id: int | None = None,
) -> QuerySet[Kunjungan]:
    if scope_of(user) is None:
        return Kunjungan.objects.none()
    qs = visible_to(
        Kunjungan.objects.select_related("pendamping", "wilayah", "wksbm", "program"), user
    )
    if user.peran == Peran.PENGURUS_WKSBM:
        qs = qs.filter(wksbm__isnull=False)
    if pendamping_id:
        qs = qs.filter(pendamping_id=pendamping_id)
    if kode_wilayah:
        qs = qs.filter(region_q(kode_wilayah))
    if bulan:
        mulai, akhir = month_range(bulan)
        qs = qs.filter(tanggal__gte=mulai, tanggal__lt=akhir)
    if program_id:
        qs = qs.filter(program_id=program_id)
    return qs


def can_write_kunjungan(user, kunjungan: Kunjungan) -> bool:
    return can_manage(user, kunjungan.kode_wilayah) or is_own(user, kunjungan.pendamping)


def kunjungan_get_for(user, pk) -> tuple[Kunjungan, bool]:
    obj = get_visible_or_404(kunjungan_list_visible_to(user), user, pk=pk)
    return obj, can_write_kunjungan(user, obj)


def tindak_lanjut_list_visible_to(
    user, *, status: str = "", terlambat: bool = False, kunjungan_id: int | None = None
) -> QuerySet[TindakLanjut]:
    if scope_of(user) is None:
        return TindakLanjut.objects.none()
    related = ["kunjungan__pendamping", "wilayah", "pemilik_akun", "pemilik_pendamping"]
    if apps.is_installed("wahana.bimtek"):
        # The bimtek a task came from, read through the reverse relation (bimtek depends on
        # this app), so the task list links it without a query per row.
        related.append("bimtek_asal__bimtek")
    qs = visible_to(TindakLanjut.objects.select_related(*related), user)
    if user.peran == Peran.PENGURUS_WKSBM:
        qs = qs.filter(pemilik_akun=user)
    if status:
        qs = qs.filter(status=status)
    if terlambat:
        qs = qs.filter(status=TindakLanjut.Status.TERBUKA, batas_waktu__lt=timezone.localdate())
    if kunjungan_id:
        qs = qs.filter(kunjungan_id=kunjungan_id)
    return qs


def can_write_tindak_lanjut(user, tugas: TindakLanjut) -> bool:
    """The operator, the pendamping who made the visit, and the task's owner may update it."""
    if can_manage(user, tugas.kode_wilayah):
        return True
    if tugas.kunjungan_id is not None and is_own(user, tugas.kunjungan.pendamping):
        return True
    if tugas.pemilik_akun_id == user.pk:
        return True
    return tugas.pemilik_pendamping_id is not None and is_own(user, tugas.pemilik_pendamping)


def tindak_lanjut_get_for(user, pk) -> tuple[TindakLanjut, bool]:
    obj = get_visible_or_404(tindak_lanjut_list_visible_to(user), user, pk=pk)
    return obj, can_write_tindak_lanjut(user, obj)


# Programmes -------------------------------------------------------------------------------------


def program_list_visible_to(user) -> QuerySet[Program]:
    """Programmes run inside the user's area, and programmes reaching a desa inside it."""
    if not can_read_registry(user):
        return Program.objects.none()
    reaching = visible_to(ProgramDesa.objects.all(), user).values("program_id")
    own = visible_to(Program.objects.all(), user).values("pk")
    return (
        Program.objects.filter(Q(pk__in=own) | Q(pk__in=reaching))
        .select_related("wilayah")
        .distinct()
    )


def program_get_for(user, pk) -> tuple[Program, bool]:
    # program_list_visible_to is already the scoped set (own area OR reaching into it); a
    # second visible_to would drop the programmes that only reach into the user's area.
    obj = program_list_visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj, can_manage(user, obj.kode_wilayah)


def program_desa_list_for(user, program: Program) -> QuerySet[ProgramDesa]:
    """The programme's villages the user may see, each with `ada_kunjungan` (a visit linked to
    the programme was recorded in that village)."""
    kunjungan = Kunjungan.objects.filter(program=program, wilayah_id=OuterRef("wilayah_id"))
    return (
        visible_to(program.desa_set.select_related("wilayah__induk", "pendamping"), user)
        .annotate(ada_kunjungan=Exists(kunjungan))
        .order_by("wilayah_id")
    )


def program_desa_didampingi(baris: ProgramDesa) -> bool:
    """Accompanied = a pendamping is assigned there and at least one visit was recorded."""
    return baris.pendamping_id is not None and bool(baris.ada_kunjungan)


# Coverage ---------------------------------------------------------------------------------------


@dataclass
class Cakupan:
    kecamatan_tanpa_tksk: QuerySet
    desa_tanpa_psm: QuerySet
    masa_berakhir: QuerySet
    hari: int = MASA_BERAKHIR_HARI
    tanggal: datetime.date = field(default_factory=timezone.localdate)


def cakupan_for(user, *, today: datetime.date | None = None) -> Cakupan:
    """Kecamatan without an active TKSK, desa without an active PSM assigned, and active
    pendamping whose term ends within MASA_BERAKHIR_HARI days, inside the user's area."""
    today = today or timezone.localdate()
    prefix = scope_of(user)
    if not can_read_registry(user):
        kosong = Wilayah.objects.none()
        return Cakupan(kosong, kosong, Pendamping.objects.none(), tanggal=today)
    regions = wilayah_within(prefix).filter(aktif=True).select_related("induk")
    tksk_aktif = Pendamping.objects.filter(jenis=Pendamping.Jenis.TKSK, aktif=True)
    psm_aktif = PenugasanPsm.objects.filter(
        pendamping__jenis=Pendamping.Jenis.PSM, pendamping__aktif=True, selesai__isnull=True
    )
    return Cakupan(
        kecamatan_tanpa_tksk=regions.filter(tingkat=kodelib.TINGKAT_KECAMATAN)
        .exclude(kode__in=tksk_aktif.values("wilayah_id"))
        .order_by("kode"),
        desa_tanpa_psm=regions.filter(tingkat=kodelib.TINGKAT_DESA)
        .exclude(kode__in=psm_aktif.values("wilayah_id"))
        .order_by("kode"),
        masa_berakhir=pendamping_list_visible_to(user, aktif=True)
        .filter(
            masa_selesai__gte=today,
            masa_selesai__lte=today + datetime.timedelta(MASA_BERAKHIR_HARI),
        )
        .order_by("masa_selesai"),
        tanggal=today,
    )


# Monthly reports --------------------------------------------------------------------------------


def month_start(tanggal: datetime.date) -> datetime.date:
    return tanggal.replace(day=1)


def month_range(bulan: datetime.date) -> tuple[datetime.date, datetime.date]:
    """[first day, first day of the next month)."""
    mulai = month_start(bulan)
    akhir = (mulai + datetime.timedelta(days=32)).replace(day=1)
    return mulai, akhir


def laporan_list_visible_to(
    user, *, bulan: datetime.date | None = None, status: str = "", pendamping_id=None
) -> QuerySet[LaporanBulanan]:
    if not can_read_registry(user):
        return LaporanBulanan.objects.none()
    qs = visible_to(LaporanBulanan.objects.select_related("pendamping", "wilayah", "asal"), user)
    if user.peran == Peran.PSM:
        qs = qs.filter(pendamping__akun=user)
    if bulan:
        qs = qs.filter(bulan=month_start(bulan))
    if status:
        qs = qs.filter(status=status)
    if pendamping_id:
        qs = qs.filter(pendamping_id=pendamping_id)
    return qs


def laporan_batas_set(laporan_list) -> list[LaporanBulanan]:
    """Set the deadline (`LaporanBulanan.batas`) of many reports with one query, so that a list
    showing whether each came on time does not ask once per row. Answers the reports."""
    laporan_list = [lap for lap in laporan_list if lap is not None]
    batas = batas_laporan_for((lap.wilayah_id, lap.bulan) for lap in laporan_list)
    for lap in laporan_list:
        lap.batas = batas[lap.wilayah_id, lap.bulan]
    return laporan_list


def can_write_laporan(user, laporan: LaporanBulanan) -> bool:
    return can_manage(user, laporan.kode_wilayah) or is_own(user, laporan.pendamping)


def laporan_get_for(user, pk) -> tuple[LaporanBulanan, bool]:
    obj = get_visible_or_404(laporan_list_visible_to(user), user, pk=pk)
    return obj, can_write_laporan(user, obj)


@dataclass
class BarisLaporan:
    """One row of a report's activity table, whatever recorded it."""

    tanggal: datetime.date
    tempat: str
    kegiatan: str
    masalah: str
    sumber: str
    kode_wilayah: str
    kunjungan_id: int | None = None


def _baris_dari_kunjungan(pendamping: Pendamping, bulan: datetime.date) -> list[BarisLaporan]:
    mulai, akhir = month_range(bulan)
    rows = []
    for k in (
        Kunjungan.objects.filter(pendamping=pendamping, tanggal__gte=mulai, tanggal__lt=akhir)
        .select_related("wilayah", "wksbm", "program")
        .order_by("tanggal", "pk")
    ):
        tempat = k.wilayah.nama
        if k.wksbm_id:
            tempat += f" — {k.wksbm.nama}"
        kegiatan = f"{k.get_jenis_display()}: {k.uraian}"
        if k.program_id:
            kegiatan += f" (program {k.program.nama})"
        rows.append(
            BarisLaporan(
                tanggal=k.tanggal,
                tempat=tempat,
                kegiatan=kegiatan,
                masalah=k.temuan,
                sumber="kunjungan",
                kode_wilayah=k.wilayah_id,
                kunjungan_id=k.pk,
            )
        )
    return rows


def _baris_dari_kegiatan(pendamping: Pendamping, bulan: datetime.date) -> list[BarisLaporan]:
    """Activities (wahana.kegiatan) led by the pendamping, read through the reverse relation
    so this app does not import the app that depends on it."""
    if not apps.is_installed("wahana.kegiatan"):
        return []
    mulai, akhir = month_range(bulan)
    rows = []
    for k in (
        pendamping.kegiatan_set.filter(tanggal__gte=mulai, tanggal__lt=akhir)
        .select_related("wilayah", "program")
        .order_by("tanggal", "pk")
    ):
        kegiatan = f"{k.get_jenis_display()}: {k.judul}"
        if k.jumlah_peserta:
            kegiatan += f" ({k.jumlah_peserta} peserta)"
        if k.program_id:
            kegiatan += f" (program {k.program.nama})"
        rows.append(
            BarisLaporan(
                tanggal=k.tanggal,
                tempat=f"{k.wilayah.nama} — {k.tempat}" if k.tempat else k.wilayah.nama,
                kegiatan=kegiatan,
                masalah=k.uraian,
                sumber="kegiatan",
                kode_wilayah=k.wilayah_id,
            )
        )
    return rows


# Where a monthly report's rows come from: each source takes (pendamping, month) and answers
# BarisLaporan rows. Another source of recorded work is added by appending its function here.
SUMBER_BARIS = [_baris_dari_kunjungan, _baris_dari_kegiatan]


def laporan_baris_gather(pendamping: Pendamping, bulan: datetime.date) -> list[BarisLaporan]:
    """The rows a report for `bulan` would have now, from every source, by date."""
    rows = [row for source in SUMBER_BARIS for row in source(pendamping, month_start(bulan))]
    return sorted(rows, key=lambda row: row.tanggal)


def laporan_baris(laporan: LaporanBulanan) -> list[BarisLaporan]:
    """The report's rows: live while it is being written, the copy taken at submission after."""
    if laporan.dapat_diubah:
        return laporan_baris_gather(laporan.pendamping, laporan.bulan)
    return [
        BarisLaporan(
            tanggal=b.tanggal,
            tempat=b.tempat,
            kegiatan=b.kegiatan,
            masalah=b.masalah,
            sumber=b.sumber,
            kode_wilayah=b.wilayah_id,
            kunjungan_id=b.kunjungan_id,
        )
        for b in LaporanBaris.objects.filter(laporan=laporan).order_by("urutan")
    ]


def laporan_foto(laporan: LaporanBulanan, baris: list[BarisLaporan] | None = None):
    """The photos of the visits in the report's rows."""
    baris = laporan_baris(laporan) if baris is None else baris
    ids = [b.kunjungan_id for b in baris if b.kunjungan_id]
    return list(
        FotoKunjungan.objects.filter(kunjungan_id__in=ids)
        .select_related("berkas", "kunjungan__wilayah")
        .order_by("kunjungan__tanggal", "pk")
    )


def laporan_versi_list(laporan: LaporanBulanan) -> QuerySet[LaporanBulanan]:
    """Every version of the same month's report, oldest first."""
    return LaporanBulanan.objects.filter(
        pendamping_id=laporan.pendamping_id, bulan=laporan.bulan
    ).order_by("versi")


@dataclass
class RekapBaris:
    pendamping: Pendamping
    laporan: LaporanBulanan | None
    batas: datetime.date  # the deadline of the worker's report for the month

    @property
    def status(self) -> str:
        return self.laporan.status if self.laporan else ""


def laporan_rekap(user, *, bulan: datetime.date) -> list[RekapBaris]:
    """For a month: every TKSK and PSM in the user's area (active, or with a report that
    month) and their latest report version, so the operator sees who reported and when, and
    the deadline of each worker's report."""
    bulan = month_start(bulan)
    laporan_qs = LaporanBulanan.objects.filter(bulan=bulan).order_by("-versi")
    workers = (
        pendamping_list_visible_to(user)
        .filter(jenis__in=[Pendamping.Jenis.TKSK, Pendamping.Jenis.PSM])
        .filter(Q(aktif=True) | Q(laporan_set__bulan=bulan))
        .distinct()
        .order_by("-jenis", "wilayah_id", "nama")  # TKSK before PSM
        .prefetch_related(Prefetch("laporan_set", queryset=laporan_qs, to_attr="laporan_bulan"))
    )
    if user.peran == Peran.PSM:
        workers = workers.filter(akun=user)
    workers = list(workers)
    batas = batas_laporan_for(
        {(p.wilayah_id, bulan) for p in workers}
        | {(lap.wilayah_id, bulan) for p in workers for lap in p.laporan_bulan[:1]}
    )
    rows = []
    for p in workers:
        laporan = p.laporan_bulan[0] if p.laporan_bulan else None
        if laporan is not None:
            laporan.batas = batas[laporan.wilayah_id, bulan]
        rows.append(RekapBaris(p, laporan, batas[p.wilayah_id, bulan]))
    return rows
