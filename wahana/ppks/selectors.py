"""Reads of PPKS data. Everything starts from the user's scope (wahana.akun.scope.visible_to)."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, QuerySet, Value, When
from django.http import Http404

from wahana.akun.scope import get_visible_or_404, region_q, scope_of, visible_to
from wahana.lib import kode as kodelib
from wahana.lib.nik import normalise

from . import crypto, rules
from .models import (
    DuplikatPpks,
    ImporBaris,
    ImporPpks,
    JenisPpks,
    LayananPpks,
    Ppks,
    RujukanPpks,
)
from .nama import kemiripan, nama_kunci

# Records that count and show in lists; merged ones live on only as history of the kept record.
STATUS_TAMPIL = (Ppks.Status.AKTIF, Ppks.Status.DIARSIPKAN, Ppks.Status.DIHAPUS)


@dataclass
class Filter:
    """The list filters of the page, the export and the API, parsed once."""

    q: str = ""
    jenis: str = ""  # JenisPpks.kode
    wilayah: str = ""  # a region code inside the user's scope (desa, kecamatan...)
    status: str = ""  # Ppks.Status, or "perlu_dicek"
    desil: int | None = None
    no_kk_indeks: str = ""

    @classmethod
    def from_params(cls, params) -> "Filter":
        desil = params.get("desil") or ""
        return cls(
            q=(params.get("q") or "").strip()[:100],
            jenis=(params.get("jenis") or "").strip()[:10],
            wilayah=(params.get("wilayah") or "").strip()[:13],
            status=(params.get("status") or "").strip()[:12],
            desil=int(desil) if str(desil).isdigit() and 1 <= int(desil) <= 10 else None,
        )

    def as_params(self) -> dict:
        values = {
            "q": self.q,
            "jenis": self.jenis,
            "wilayah": self.wilayah,
            "status": self.status,
            "desil": self.desil or "",
        }
        return {k: v for k, v in values.items() if v}


def ppks_base_visible_to(user) -> QuerySet:
    """Every PPKS row in the user's scope, merged ones included (history, duplicate pairs)."""
    return visible_to(Ppks.objects.all(), user)


def ppks_list_visible_to(user, filters: Filter | None = None) -> QuerySet:
    """The PPKS a user may list, filtered. Empty for roles that see counts only."""
    if not rules.can_see_names(user):
        return Ppks.objects.none()
    return ppks_filter(ppks_base_visible_to(user), filters or Filter())


def ppks_filter(qs: QuerySet, filters: Filter) -> QuerySet:
    if filters.status == "perlu_dicek":
        qs = qs.filter(perlu_dicek=True, status=Ppks.Status.AKTIF)
    elif filters.status in Ppks.Status.values:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.filter(status__in=STATUS_TAMPIL)
    if filters.jenis:
        # A subquery, not a join: a join repeats a person with two kinds and needs DISTINCT,
        # which makes the database sort the whole result before the first page of a 1M list.
        # The kind's id as a value, not a join to the kinds table: the planner then reads from
        # the column's statistics how many people have it and joins by hash (through the join it
        # guessed 7.5k of 200k and fetched each by primary key: 5 s at 1M PPKS).
        jenis_id = JenisPpks.objects.filter(kode=filters.jenis).values_list("pk", flat=True)
        kinds = Ppks.jenis.through.objects.filter(jenisppks_id=jenis_id.first())
        qs = qs.filter(pk__in=kinds.values("ppks_id"))
    if filters.wilayah and kodelib.is_valid(filters.wilayah):
        qs = qs.filter(region_q(filters.wilayah))
    if filters.desil:
        qs = qs.filter(desil_dtsen=filters.desil)
    if filters.q:
        key = nama_kunci(filters.q)
        if key:
            # Names that start with the words searched first, then by name. Also what keeps a
            # search off the name index: walking it in name order, the database expected the
            # matches spread evenly and read 420k rows before the 50 "maria" of a 1M list (5 s);
            # ranked, it collects the matches and sorts them.
            starts = Case(When(nama_kunci__startswith=key, then=Value(0)), default=Value(1))
            qs = qs.filter(nama_kunci__contains=key).order_by(starts, "nama_kunci", "id")
    if filters.no_kk_indeks:
        qs = qs.filter(no_kk_indeks=filters.no_kk_indeks)
    return qs


class PeringkatNama:
    """The page of a name search read in two ordered walks instead of one sort of every match:
    first the names that start with the words, then the others containing them, each by name
    and id — the order of `ppks_filter`'s ranking. A page needs only as many rows of each as it
    shows: the starting names are a range of the name index (key <= name < key with its last
    letter raised, in any collation, then the exact prefix test), walked in order; the others
    are walked in name order or read through the trigram index, as the planner sees fit. At 1M
    PPKS the ranked sort read every match (121k for "lambung") for each page.
    For Paginator: the slices of a page; the count is the caller's (`PaginatorTerbatas`)."""

    def __init__(self, qs: QuerySet, key: str):
        awal = qs.filter(nama_kunci__gte=key, nama_kunci__startswith=key)
        # The bound above: the key without its trailing z and spaces, its last letter raised
        # ("lambung" -> "lambunh", "abz" -> "ac"). A letter, never punctuation, which a
        # linguistic collation ignores; without a bound ("zz") the walk ends with the index.
        stem = key.rstrip("z ")
        if stem:
            awal = awal.filter(nama_kunci__lt=stem[:-1] + chr(ord(stem[-1]) + 1))
        self.awal = awal.order_by("nama_kunci", "id")
        self.lain = qs.exclude(nama_kunci__startswith=key).order_by("nama_kunci", "id")

    def __getitem__(self, page: slice) -> list:
        start, stop = page.start or 0, page.stop
        # How many starting names come before the end of this page (bounded by it).
        awal = self.awal.order_by()[:stop].count()
        rows = list(self.awal[start:stop]) if start < awal else []
        if len(rows) < stop - start:
            skip = max(0, start - awal)
            rows += list(self.lain[skip : skip + stop - start - len(rows)])
        return rows


def ppks_list_pages(qs: QuerySet, filters: Filter):
    """What a list pages through: the filtered queryset, or for a name search its two ordered
    walks (`PeringkatNama`), which give the same rows in the same order."""
    key = nama_kunci(filters.q) if filters.q else ""
    return PeringkatNama(qs, key) if key else qs


def ppks_counts_for(user, filters: Filter | None = None) -> dict:
    """Aggregate counts only (what Pimpinan sees): total, per kind and per kecamatan/desa.
    No name, NIK or any personal field leaves this function, and no name goes in: counting by
    a searched name would tell whether a given person is on the list."""
    filters = filters or Filter()
    filters.q = ""
    qs = ppks_filter(ppks_base_visible_to(user), filters)
    jumlah_jenis = dict(
        qs.values_list("jenis__kode").annotate(n=Count("id", distinct=True)).order_by()
    )
    per_jenis = [(j, jumlah_jenis.get(j.kode, 0)) for j in JenisPpks.objects.order_by("kode")]
    return {
        "total": qs.count(),
        "per_jenis": [(j, n) for j, n in per_jenis if n],
        "per_wilayah": list(
            qs.values("wilayah", "wilayah__nama")
            .annotate(jumlah=Count("id"))
            .order_by("wilayah")[:500]
        ),
    }


def ppks_get_for(user, pk) -> tuple[Ppks, bool]:
    """One PPKS and whether the user may change it. 404 outside scope and for count-only roles."""
    if not rules.can_see_names(user):
        raise Http404
    ppks = get_visible_or_404(
        Ppks.objects.select_related("wilayah", "ditemukan_oleh", "digabung_ke"), user, pk=pk
    )
    return ppks, rules.can_write(user, ppks.kode_wilayah) and ppks.status == Ppks.Status.AKTIF


def ppks_find_by_nik(user, nik: str) -> Ppks | None:
    """Exact lookup by NIK through the blind index, inside the user's scope."""
    if not rules.can_see_names(user):
        return None
    index = crypto.blind_index(normalise(nik), purpose="nik")
    if index is None:
        return None
    return ppks_base_visible_to(user).filter(nik_indeks=index).first()


def ppks_household(user, ppks: Ppks) -> QuerySet:
    """The other members of the same family card (No KK) the user may see."""
    if not ppks.no_kk_indeks:
        return Ppks.objects.none()
    return (
        ppks_base_visible_to(user)
        .filter(no_kk_indeks=ppks.no_kk_indeks, status__in=STATUS_TAMPIL)
        .exclude(pk=ppks.pk)
    )


def layanan_list_for(user, ppks: Ppks) -> QuerySet:
    return visible_to(LayananPpks.objects.filter(ppks=ppks), user).select_related("dicatat_oleh")


def rujukan_list_for(user, ppks: Ppks) -> QuerySet:
    return (
        visible_to(RujukanPpks.objects.filter(ppks=ppks), user)
        .select_related("dicatat_oleh")
        .prefetch_related("riwayat__oleh")
    )


def rujukan_get_for(user, pk) -> tuple[RujukanPpks, bool]:
    if not rules.can_see_names(user):
        raise Http404
    rujukan = get_visible_or_404(RujukanPpks.objects.select_related("ppks"), user, pk=pk)
    return rujukan, rules.can_write(user, rujukan.kode_wilayah)


def ppks_audit_for(user, ppks: Ppks) -> QuerySet:
    """The audit trail of one PPKS (changes, NIK views, exports naming it)."""
    from wahana.audit.models import AuditLog

    return visible_to(AuditLog.objects.filter(objek_tipe="ppks.ppks", objek_id=str(ppks.pk)), user)[
        :200
    ]


@dataclass
class Kandidat:
    """A record that may be the same person as the one being entered."""

    ppks: Ppks
    skor: int
    alasan: list[str] = field(default_factory=list)
    terlihat: bool = True  # whether the entering user may see this record (else only the reason)


AMBANG_KK = 0.8
AMBANG_NAMA = 0.85


def ppks_duplicate_candidates(
    *,
    nik_indeks: str | None,
    no_kk_indeks: str | None,
    nama: str,
    tanggal_lahir,
    kode_wilayah: str,
    exclude_pk=None,
    user=None,
) -> list[Kandidat]:
    """Records that may be the same person: same NIK; same No KK with a similar name; a similar
    name with the same birth date in the same kabupaten. Searched across the kabupaten, beyond the
    user's own scope (a person moving between desa is the commonest duplicate); records the user
    cannot see are reported without their personal data."""
    base = Ppks.objects.exclude(status__in=(Ppks.Status.DIGABUNG, Ppks.Status.DIHAPUS))
    if exclude_pk:
        base = base.exclude(pk=exclude_pk)
    key = nama_kunci(nama)
    found: dict[int, Kandidat] = {}

    def add(ppks: Ppks, skor: int, alasan: str) -> None:
        kandidat = found.setdefault(ppks.pk, Kandidat(ppks=ppks, skor=0))
        kandidat.skor = min(100, max(kandidat.skor, skor))
        kandidat.alasan.append(alasan)

    if nik_indeks:
        for ppks in base.filter(nik_indeks=nik_indeks).select_related("wilayah"):
            add(ppks, 100, "NIK sama")
    if no_kk_indeks and key:
        for ppks in base.filter(no_kk_indeks=no_kk_indeks).select_related("wilayah")[:50]:
            mirip = kemiripan(key, ppks.nama_kunci)
            if mirip >= AMBANG_KK:
                add(ppks, 50 + int(45 * mirip), f"No KK sama dan nama mirip ({mirip:.0%})")
    kabupaten = kodelib.leluhur(kode_wilayah)[1] if kodelib.tingkat(kode_wilayah) >= 2 else ""
    if tanggal_lahir and key and kabupaten:
        nearby = base.filter(tanggal_lahir=tanggal_lahir).filter(region_q(kabupaten))
        for ppks in nearby.select_related("wilayah")[:200]:
            mirip = kemiripan(key, ppks.nama_kunci)
            if mirip >= AMBANG_NAMA:
                add(
                    ppks,
                    30 + int(60 * mirip),
                    f"Nama mirip ({mirip:.0%}) dan tanggal lahir sama di kabupaten yang sama",
                )
    candidates = sorted(found.values(), key=lambda k: (-k.skor, k.ppks.pk))
    if user is not None:
        prefix = scope_of(user)
        for kandidat in candidates:
            kandidat.terlihat = (
                prefix is not None
                and rules.can_see_names(user)
                and kodelib.covers(prefix, kandidat.ppks.kode_wilayah)
            )
    return candidates


def duplikat_list_visible_to(user, status: str = DuplikatPpks.Status.TERBUKA) -> QuerySet:
    if not rules.can_review(user):
        return DuplikatPpks.objects.none()
    qs = visible_to(DuplikatPpks.objects.all(), user)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("utama__wilayah", "duplikat__wilayah")


def duplikat_get_for(user, pk) -> DuplikatPpks:
    if not rules.can_review(user):
        raise Http404
    return get_visible_or_404(
        DuplikatPpks.objects.select_related("utama__wilayah", "duplikat__wilayah"), user, pk=pk
    )


def impor_list_visible_to(user) -> QuerySet:
    if not rules.can_import(user):
        return ImporPpks.objects.none()
    qs = visible_to(ImporPpks.objects.all(), user)
    return qs.select_related("dibuat_oleh")


def impor_get_for(user, pk) -> ImporPpks:
    if not rules.can_import(user):
        raise Http404
    try:
        return impor_list_visible_to(user).get(pk=pk)
    except (ImporPpks.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def impor_baris_for(impor: ImporPpks, aksi: str = "") -> QuerySet:
    qs = ImporBaris.objects.filter(impor=impor)
    return qs.filter(aksi=aksi) if aksi else qs
