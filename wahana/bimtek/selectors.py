"""Reads of bimtek events. An event is visible to the users whose scope covers its organiser's
region, and to the users whose scope covers one of its target desa; everyone else gets 404.
Inside an event, target desa and participants are narrowed to the user's own scope."""

from django.db.models import Count, Prefetch, Q, QuerySet

from wahana.akun.models import Peran
from wahana.akun.scope import get_visible_or_404, in_scope, visible_to

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
    bimtek = get_visible_or_404(bimtek_list_visible_to(user), user, pk=pk)
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
