"""Reads of bimtek events. An event is visible to the users whose scope covers its organiser's
region, and to the users whose scope covers one of its target desa; everyone else gets 404.
Inside an event, target desa and participants are narrowed to the user's own scope."""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wahana.akun.models import Peran
from wahana.akun.scope import (
    get_visible_or_404,
    in_scope,
    region_q,
    scope_field_of,
    scope_of,
    visible_to,
)
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from .models import (
    Bimtek,
    HariBimtek,
    KehadiranBimtek,
    PesertaBimtek,
    SasaranBimtek,
)


def bimtek_list_visible_to(user) -> QuerySet[Bimtek]:
    organised = visible_to(Bimtek.objects.all(), user).values("pk")
    targeted = visible_to(SasaranBimtek.objects.all(), user).values("bimtek_id")
    return (
        Bimtek.objects.filter(Q(pk__in=organised) | Q(pk__in=targeted))
        .select_related("wilayah")
        .order_by("-tanggal_mulai", "-pk")
    )


def can_manage_bimtek(user, bimtek: Bimtek) -> bool:
    """Organising (editing the event, attendance, scores, certificates) belongs to the managers
    whose scope covers the organiser's region: a province admin for province events (and the
    kabupaten events below), a kabupaten operator for its own."""
    return bool(user.is_pengelola and in_scope(user, bimtek.kode_wilayah))


def can_register(user, sasaran: SasaranBimtek) -> bool:
    """Participants of a desa are registered by a manager or the TKSK whose scope covers it."""
    return bool(
        (user.is_pengelola or user.peran == Peran.TKSK) and in_scope(user, sasaran.kode_wilayah)
    )


def bimtek_get_for(user, pk) -> tuple[Bimtek, bool]:
    """The event and whether the user organises it; 404 when missing or not visible."""
    try:
        bimtek = bimtek_list_visible_to(user).get(pk=pk)
    except (Bimtek.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    return bimtek, can_manage_bimtek(user, bimtek)


def hari_list(bimtek: Bimtek) -> list[HariBimtek]:
    return list(bimtek.hari_set.order_by("tanggal"))


def sasaran_list_for(user, bimtek: Bimtek) -> QuerySet[SasaranBimtek]:
    """The event's target desa inside the user's scope, with their registered count."""
    return (
        visible_to(SasaranBimtek.objects.filter(bimtek=bimtek), user)
        .select_related("wilayah__induk")
        .annotate(terdaftar=Count("peserta_set"))
        .order_by("wilayah_id")
    )


def sasaran_get_for(user, bimtek: Bimtek, pk) -> SasaranBimtek:
    return get_visible_or_404(sasaran_list_for(user, bimtek), user, pk=pk)


def peserta_list_for(user, bimtek: Bimtek) -> QuerySet[PesertaBimtek]:
    """Participants inside the user's scope, each with the ids of the days attended
    (`hadir_ids`) and how many days that is (`jumlah_hadir`)."""
    return (
        visible_to(PesertaBimtek.objects.filter(bimtek=bimtek), user)
        .select_related("wilayah__induk")
        .annotate(jumlah_hadir=Count("kehadiran_set"))
        .prefetch_related(
            Prefetch("kehadiran_set", queryset=KehadiranBimtek.objects.only("peserta_id", "hari"))
        )
        .order_by("wilayah_id", "pk")
    )


def peserta_get_for(user, bimtek: Bimtek, pk) -> PesertaBimtek:
    return get_visible_or_404(
        PesertaBimtek.objects.filter(bimtek=bimtek).select_related("wilayah", "bimtek"),
        user,
        pk=pk,
    )


def peserta_layak_sertifikat(bimtek: Bimtek) -> QuerySet[PesertaBimtek]:
    """Participants present on every day of the event (none when it has no days)."""
    jumlah_hari = bimtek.hari_set.count()
    if not jumlah_hari:
        return PesertaBimtek.objects.none()
    return (
        PesertaBimtek.objects.filter(bimtek=bimtek)
        .annotate(jumlah_hadir=Count("kehadiran_set"))
        .filter(jumlah_hadir=jumlah_hari)
    )


def sertifikat_verify(kode: str) -> PesertaBimtek | None:
    """The certificate holder for a public verification code, or None. Public: callers show
    only the event, its dates, the holder's initials and desa name."""
    kode = (kode or "").strip().upper()
    if not kode:
        return None
    return (
        PesertaBimtek.objects.filter(kode_sertifikat=kode, sertifikat_terbit__isnull=False)
        .select_related("bimtek", "wilayah")
        .first()
    )


def lembar_hadir(user, bimtek: Bimtek) -> tuple[list[HariBimtek], list[dict]]:
    """The attendance sheet: the days, and per visible participant a row with one cell per day
    (`hadir` True/False) and whether every day was attended."""
    hari = hari_list(bimtek)
    rows = []
    for peserta in peserta_list_for(user, bimtek):
        present = {k.hari_id for k in peserta.kehadiran_set.all()}
        rows.append(
            {
                "peserta": peserta,
                "sel": [{"hari": h, "hadir": h.pk in present} for h in hari],
                "lengkap": bool(hari) and len(present) == len(hari),
            }
        )
    return hari, rows


# --- Impact (dampak): did the trained desa become active? -----------------------------------

WINDOWS = (
    # key, label, months, side
    ("sebelum_12", _("12 bln sebelum"), 12, "sebelum"),
    ("sebelum_6", _("6 bln sebelum"), 6, "sebelum"),
    ("sesudah_6", _("6 bln sesudah"), 6, "sesudah"),
    ("sesudah_12", _("12 bln sesudah"), 12, "sesudah"),
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Ukuran:
    """One measure of village activity: which records, their date field, what to add up."""

    key: str
    label: str
    queryset: Callable[[], QuerySet]
    tanggal: str = "tanggal"
    jumlah: str | None = None  # a field to sum; counts when None
    hitung: str = "pk"  # what to count (distinct), e.g. the person served rather than the service


def _rapat_qs():
    from wahana.wksbm.models import RapatWksbm

    return RapatWksbm.objects.all()


def _kegiatan_qs():
    from wahana.kegiatan.selectors import kegiatan_verified

    return kegiatan_verified()


def _dana_qs():
    from wahana.dana.models import EntriKas
    from wahana.dana.selectors import entri_kas_efektif

    # Receipts that still stand (a reversed receipt raised nothing).
    return entri_kas_efektif(EntriKas.objects.filter(arah=EntriKas.Arah.MASUK))


def _layanan_qs():
    from wahana.ppks.models import LayananPpks

    return LayananPpks.objects.all()


UKURAN = (
    Ukuran("rapat", _("Rapat WKSBM"), _rapat_qs),
    Ukuran("kegiatan", _("Kegiatan terverifikasi"), _kegiatan_qs),
    Ukuran("dana_rp", _("Dana dihimpun (Rp)"), _dana_qs, jumlah="jumlah"),
    Ukuran("layanan_ppks", _("PPKS dilayani"), _layanan_qs, hitung="ppks_id"),
)


def _window_bounds(acuan_mulai, acuan_selesai) -> dict[str, tuple]:
    """Each window as [from, to): before = the months up to the first day, after = the months
    from the day after the last day."""
    after = acuan_selesai + datetime.timedelta(days=1)
    bounds = {}
    for key, _label, months, side in WINDOWS:
        if side == "sebelum":
            bounds[key] = (add_months(acuan_mulai, -months), acuan_mulai)
        else:
            bounds[key] = (after, add_months(after, months))
    return bounds


def _within(qs: QuerySet, prefix: str) -> QuerySet:
    """`qs` narrowed to a region prefix (the scope of a user, or '' for the periodic job)."""
    return qs.filter(region_q(prefix, scope_field_of(qs)))


def _counts(ukuran: Ukuran, prefix: str, desa_codes, bounds) -> dict[str, dict[str, int]]:
    """{desa: {window: value}} in one grouped query for all desa and windows."""
    lo = min(b[0] for b in bounds.values())
    hi = max(b[1] for b in bounds.values())
    field = ukuran.tanggal
    qs = _within(ukuran.queryset(), prefix).filter(
        wilayah_id__in=desa_codes, **{f"{field}__gte": lo, f"{field}__lt": hi}
    )
    aggregates = {}
    for key, (start, end) in bounds.items():
        in_window = Q(**{f"{field}__gte": start, f"{field}__lt": end})
        aggregates[key] = (
            Coalesce(Sum(ukuran.jumlah, filter=in_window), 0)
            if ukuran.jumlah
            else Count(ukuran.hitung, filter=in_window, distinct=True)
        )
    rows = qs.order_by().values("wilayah_id").annotate(**aggregates)
    return {row["wilayah_id"]: {key: row[key] for key in bounds} for row in rows}


def dampak_for(user, bimtek: Bimtek, *, hari_ini: datetime.date | None = None) -> dict:
    """The impact view of an event inside the user's scope (see dampak_within)."""
    prefix = scope_of(user)
    if prefix is None:
        return {"hari": [], "kecamatan": [], "ukuran": UKURAN, "windows": WINDOWS}
    return dampak_within(prefix, bimtek, hari_ini=hari_ini)


def dampak_within(prefix: str, bimtek: Bimtek, *, hari_ini: datetime.date | None = None) -> dict:
    """The trained desa of an event beside the untrained desa of the same kecamatan, with each
    measure counted in the windows before and after the event. A desa is trained when at least
    one of its participants attended; it "woke up" when some measure rose from the 12 months
    before to the 12 months after. Once the 6 months after the event are over (`dinilai`), a
    trained desa that did not wake up needs a follow-up by its TKSK (`perlu_tindak_lanjut`);
    `tindak_lanjut` is the task already made for it, if any."""
    hari = hari_list(bimtek)
    if not hari:
        return {"hari": [], "kecamatan": [], "ukuran": UKURAN, "windows": WINDOWS}
    hari_ini = hari_ini or timezone.localdate()
    sasaran = set(
        _within(SasaranBimtek.objects.filter(bimtek=bimtek), prefix).values_list(
            "wilayah_id", flat=True
        )
    )
    dilatih = set(
        _within(KehadiranBimtek.objects.filter(peserta__bimtek=bimtek), prefix)
        .values_list("wilayah_id", flat=True)
        .distinct()
    )
    tugas = {
        link.wilayah_id: link.tindak_lanjut
        for link in _within(bimtek.tindak_lanjut_set.select_related("tindak_lanjut"), prefix)
    }
    kecamatan_codes = sorted({kodelib.induk(kode) for kode in sasaran})
    desa_list = list(
        Wilayah.objects.filter(region_q(prefix, "kode"))
        .filter(induk_id__in=kecamatan_codes, aktif=True)
        .select_related("induk")
        .order_by("induk_id", "kode")
    )
    codes = [d.kode for d in desa_list]
    bounds = _window_bounds(hari[0].tanggal, hari[-1].tanggal)
    dinilai = hari_ini >= bounds["sesudah_6"][1]
    values = {u.key: _counts(u, prefix, codes, bounds) for u in UKURAN}
    empty = dict.fromkeys(bounds, 0)
    groups: dict[str, dict] = {}
    for desa in desa_list:
        nilai = {u.key: values[u.key].get(desa.kode, empty) for u in UKURAN}
        row = {
            "desa": desa,
            "dilatih": desa.kode in dilatih,
            "sasaran": desa.kode in sasaran,
            "nilai": nilai,
            "sel": [[nilai[u.key][w[0]] for w in WINDOWS] for u in UKURAN],
            "naik": any(n["sesudah_12"] > n["sebelum_12"] for n in nilai.values()),
            "tindak_lanjut": tugas.get(desa.kode),
        }
        row["perlu_tindak_lanjut"] = dinilai and row["dilatih"] and not row["naik"]
        group = groups.setdefault(
            desa.induk_id, {"kecamatan": desa.induk, "dilatih": [], "belum": []}
        )
        group["dilatih" if row["dilatih"] else "belum"].append(row)
    for group in groups.values():
        for side in ("dilatih", "belum"):
            rows = group[side]
            group[f"rata_{side}"] = [
                [
                    round(sum(r["nilai"][u.key][w[0]] for r in rows) / len(rows), 1)
                    if rows
                    else None
                    for w in WINDOWS
                ]
                for u in UKURAN
            ]
    return {
        "hari": hari,
        "bounds": bounds,
        "dinilai": dinilai,
        "dinilai_mulai": bounds["sesudah_6"][1],
        "kecamatan": [groups[k] for k in sorted(groups)],
        "ukuran": UKURAN,
        "windows": WINDOWS,
    }
