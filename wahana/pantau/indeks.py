"""The activity index: for a batch of WKSBM and one month, each component from recorded facts,
the score (0–100), the status, and the records behind each component.

A batch costs a fixed number of grouped queries whatever its size (one per kind of record,
grouped by WKSBM), so a whole country's month is computed in one pass; nothing loops over
WKSBM with a query inside.

Rules (the issue's components; weights from the kabupaten's `BobotIndeks` version that applies
to the month, `BOBOT_BAWAAN` otherwise). For month M, "the last 3 months" are M-2..M and "the
last 6 months" M-5..M, both up to the last day of M:
  sk        a pengesahan step (with its SK) dated on or before the end of M
  pengurus  an active ketua, sekretaris and bendahara at the end of M
  lembaga   at least 3 member institutions that joined and had not left at the end of M
  rapat     a meeting in the last 3 months
  dana      a receipt in the fund book in the last 3 months (reversed entries left out)
  bantuan   help to a registered PPKS in the last 6 months, as the WKSBM's own records show it:
            a disbursement from its fund book to a PPKS, or a verified activity naming PPKS
            among its beneficiaries (a LayananPpks service names no WKSBM, so it only feeds the
            "PPKS dilayani" figure of the roll-ups)
  kegiatan  a verified activity in the last 3 months
  laporan   the monthly report of M-1 received on time (see `laporan_bulanan`)
Score = points earned × 100 / total weight. Status: Belum terbentuk without pengesahan; else
Mati suri when the score is under 40 or nothing moved in 6 months (no meeting, verified
activity, fund entry or help); else Aktif at 70 or more, Kurang aktif from 40 to 69.

The WKSBM monthly report (for completeness and the `laporan` component) is the first meeting or
reported activity dated in the month; it is received when recorded, on time when recorded by
the kabupaten's deadline for that month (`wahana.wksbm.selectors.batas_laporan_for`).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wahana.akun.scope import region_q
from wahana.lib import kode as kodelib
from wahana.wksbm.selectors import batas_laporan_for

from .bulan import akhir_bulan, bulan_sebelum, geser
from .models import BOBOT_BAWAAN, BobotIndeks, IndeksBulanan, Status

AKTIF_MIN = 70
KURANG_MIN = 40
JABATAN_INTI = ("ketua", "sekretaris", "bendahara")
LEMBAGA_MIN = 3


@dataclass
class Bobot:
    versi: int
    nilai: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.nilai.values()) or 1


BAWAAN = Bobot(versi=0, nilai=dict(BOBOT_BAWAAN))


def bobot_for(kabupaten_codes, bulan: datetime.date) -> dict[str, Bobot]:
    """The weights that apply to `bulan` per kabupaten: the highest version starting on or
    before that month (one query)."""
    found: dict[str, Bobot] = {}
    rows = BobotIndeks.objects.filter(
        wilayah_id__in=list(kabupaten_codes), berlaku_mulai__lte=bulan
    ).order_by("wilayah_id", "-versi")
    for row in rows:
        found.setdefault(row.wilayah_id, Bobot(versi=row.versi, nilai=row.bobot))
    return found


@dataclass
class Fakta:
    """What the grouped queries found for one WKSBM."""

    sk: dict | None = None
    pengurus: dict = field(default_factory=dict)
    lembaga: dict = field(default_factory=lambda: {"jumlah": 0})
    rapat: dict = field(default_factory=lambda: {"n3": 0, "n6": 0})
    dana: dict = field(default_factory=lambda: {"n3": 0, "n6": 0, "masuk_bulan": 0})
    bantuan_kas: dict = field(default_factory=lambda: {"n6": 0})
    ppks_dilayani: int = 0
    kegiatan: dict = field(default_factory=lambda: {"n3": 0, "n6": 0, "bantuan_n6": 0})
    laporan: dict = field(default_factory=dict)  # {month: first recorded datetime}
    pendampingan: datetime.date | None = None


def _iso(value):
    return value.isoformat() if value else None


def _laporan_pertama(wksbm_ids, dari: datetime.date, sampai: datetime.date) -> dict:
    """{wksbm_id: {month: first time a meeting or reported activity dated in that month was
    recorded}} for months dari..sampai (two grouped queries)."""
    from wahana.kegiatan.models import Kegiatan
    from wahana.wksbm.models import RapatWksbm

    hasil: dict = defaultdict(dict)
    sumber = (
        (RapatWksbm.objects.all(), "dibuat"),
        (
            Kegiatan.objects.filter(
                status__in=(Kegiatan.Status.DILAPORKAN, Kegiatan.Status.DIVERIFIKASI),
                dilaporkan_pada__isnull=False,
            ),
            "dilaporkan_pada",
        ),
    )
    for qs, waktu in sumber:
        rows = (
            qs.filter(wksbm_id__in=wksbm_ids, tanggal__gte=dari, tanggal__lte=akhir_bulan(sampai))
            .order_by()
            .annotate(m=TruncMonth("tanggal"))
            .values("wksbm_id", "m")
            .annotate(pertama=Min(waktu))
        )
        for row in rows:
            m = row["m"]
            m = m.date() if isinstance(m, datetime.datetime) else m
            lama = hasil[row["wksbm_id"]].get(m)
            if lama is None or row["pertama"] < lama:
                hasil[row["wksbm_id"]][m] = row["pertama"]
    return hasil


def kumpulkan(wksbm_rows, bulan: datetime.date) -> dict[int, Fakta]:
    """The facts of each WKSBM in `wksbm_rows` ((id, kode_wilayah) pairs) for `bulan`."""
    from wahana.dana.models import EntriKas
    from wahana.dana.selectors import entri_kas_efektif
    from wahana.kegiatan.selectors import kegiatan_verified
    from wahana.ppks.models import LayananPpks
    from wahana.wksbm.models import LembagaAnggota, PengurusWksbm, RapatWksbm, TahapWksbm

    ids = [pk for pk, _kode in wksbm_rows]
    fakta = {pk: Fakta() for pk in ids}
    akhir = akhir_bulan(bulan)
    mulai3, mulai6 = geser(bulan, -2), geser(bulan, -5)
    dalam3 = Q(tanggal__gte=mulai3)
    periode = {"tanggal__gte": mulai6, "tanggal__lte": akhir}

    for row in (
        TahapWksbm.objects.filter(
            wksbm_id__in=ids, tahap=TahapWksbm.Tahap.PENGESAHAN, tanggal__lte=akhir
        )
        .order_by()
        .values("wksbm_id")
        .annotate(terakhir=Max("tanggal"), rid=Max("id"))
    ):
        fakta[row["wksbm_id"]].sk = {"id": row["rid"], "tanggal": _iso(row["terakhir"])}

    for row in (
        PengurusWksbm.objects.filter(wksbm_id__in=ids, jabatan__in=JABATAN_INTI, mulai__lte=akhir)
        .filter(Q(selesai__isnull=True, aktif=True) | Q(selesai__gte=akhir))
        .order_by()
        .values("wksbm_id", "jabatan")
        .annotate(rid=Max("id"))
    ):
        fakta[row["wksbm_id"]].pengurus[row["jabatan"]] = row["rid"]

    for row in (
        LembagaAnggota.objects.filter(wksbm_id__in=ids, tanggal_bergabung__lte=akhir)
        .filter(Q(tanggal_keluar__isnull=True) | Q(tanggal_keluar__gt=akhir))
        .order_by()
        .values("wksbm_id")
        .annotate(jumlah=Count("id"))
    ):
        fakta[row["wksbm_id"]].lembaga = {"jumlah": row["jumlah"]}

    def jendela(qs, extra=None):
        return (
            qs.filter(wksbm_id__in=ids, **periode)
            .order_by()
            .values("wksbm_id")
            .annotate(
                n3=Count("id", filter=dalam3, distinct=True),
                n6=Count("id", distinct=True),
                terakhir=Max("tanggal"),
                rid=Max("id", filter=dalam3),
                **(extra or {}),
            )
        )

    for row in jendela(RapatWksbm.objects.all()):
        fakta[row["wksbm_id"]].rapat = row
    # A verified activity that names registered PPKS among its beneficiaries is help too.
    menolong = Q(penerima__isnull=False)
    for row in jendela(
        kegiatan_verified(),
        {
            "bantuan_n6": Count("id", filter=menolong, distinct=True),
            "bantuan_terakhir": Max("tanggal", filter=menolong),
            "bantuan_id": Max("id", filter=menolong),
        },
    ):
        fakta[row["wksbm_id"]].kegiatan = row

    efektif = entri_kas_efektif(EntriKas.objects.all())
    dalam_bulan = Q(tanggal__gte=bulan)
    masuk = Q(arah=EntriKas.Arah.MASUK)
    bantuan = Q(arah=EntriKas.Arah.KELUAR, tujuan=EntriKas.Tujuan.PPKS)
    for row in (
        efektif.filter(wksbm_id__in=ids, **periode)
        .order_by()
        .values("wksbm_id")
        .annotate(
            n3=Count("id", filter=masuk & dalam3),
            n6=Count("id"),
            terakhir=Max("tanggal", filter=masuk & dalam3),
            rid=Max("id", filter=masuk & dalam3),
            masuk_bulan=Sum("jumlah", filter=masuk & dalam_bulan, default=0),
            bantuan_n6=Count("id", filter=bantuan),
            bantuan_terakhir=Max("tanggal", filter=bantuan),
            bantuan_id=Max("id", filter=bantuan),
        )
    ):
        f = fakta[row["wksbm_id"]]
        f.dana = row
        f.bantuan_kas = {
            "n6": row["bantuan_n6"],
            "terakhir": row["bantuan_terakhir"],
            "id": row["bantuan_id"],
        }

    # PPKS served in the desa this month (any provider), for the roll-ups only: a service
    # record names no WKSBM, so it does not count as the WKSBM's own help.
    desa_to_wksbm = {kode: pk for pk, kode in wksbm_rows if kodelib.tingkat(kode) == 4}
    for row in (
        LayananPpks.objects.filter(
            wilayah_id__in=list(desa_to_wksbm), tanggal__gte=bulan, tanggal__lte=akhir
        )
        .order_by()
        .values("wilayah_id")
        .annotate(jumlah=Count("ppks_id", distinct=True))
    ):
        fakta[desa_to_wksbm[row["wilayah_id"]]].ppks_dilayani = row["jumlah"]

    from wahana.pendamping.models import Kunjungan

    for row in (
        Kunjungan.objects.filter(wksbm_id__in=ids, tanggal__lte=akhir)
        .order_by()
        .values("wksbm_id")
        .annotate(terakhir=Max("tanggal"))
    ):
        fakta[row["wksbm_id"]].pendampingan = row["terakhir"]

    for pk, per_bulan in _laporan_pertama(ids, bulan_sebelum(bulan), bulan).items():
        fakta[pk].laporan = per_bulan
    return fakta


def _komponen(f: Fakta, bobot: Bobot, bulan: datetime.date, batas_lalu: datetime.date) -> dict:
    """Each component: points, max, met?, and the records behind it."""
    laporan_lalu = f.laporan.get(bulan_sebelum(bulan))
    bantuan_terakhir = max(
        filter(None, [f.bantuan_kas.get("terakhir"), f.kegiatan.get("bantuan_terakhir")]),
        default=None,
    )
    met = {
        "sk": (
            f.sk is not None,
            {"tahap_id": f.sk and f.sk["id"], "tanggal": f.sk and f.sk["tanggal"]},
        ),
        "pengurus": (
            all(j in f.pengurus for j in JABATAN_INTI),
            {"pengurus_id": f.pengurus, "kurang": [j for j in JABATAN_INTI if j not in f.pengurus]},
        ),
        "lembaga": (f.lembaga["jumlah"] >= LEMBAGA_MIN, {"jumlah": f.lembaga["jumlah"]}),
        "rapat": (
            f.rapat["n3"] > 0,
            {
                "jumlah": f.rapat["n3"],
                "rapat_id": f.rapat.get("rid"),
                "terakhir": _iso(f.rapat.get("terakhir")),
            },
        ),
        "dana": (
            f.dana["n3"] > 0,
            {
                "jumlah": f.dana["n3"],
                "entri_id": f.dana.get("rid"),
                "terakhir": _iso(f.dana.get("terakhir")),
            },
        ),
        "bantuan": (
            f.bantuan_kas["n6"] + f.kegiatan["bantuan_n6"] > 0,
            {
                "entri": f.bantuan_kas["n6"],
                "entri_id": f.bantuan_kas.get("id"),
                "kegiatan": f.kegiatan["bantuan_n6"],
                "kegiatan_id": f.kegiatan.get("bantuan_id"),
                "terakhir": _iso(bantuan_terakhir),
            },
        ),
        "kegiatan": (
            f.kegiatan["n3"] > 0,
            {
                "jumlah": f.kegiatan["n3"],
                "kegiatan_id": f.kegiatan.get("rid"),
                "terakhir": _iso(f.kegiatan.get("terakhir")),
            },
        ),
        "laporan": (
            laporan_lalu is not None and timezone.localtime(laporan_lalu).date() <= batas_lalu,
            {
                "bulan": _iso(bulan_sebelum(bulan)),
                "diterima": _iso(laporan_lalu and timezone.localtime(laporan_lalu).date()),
                "batas": _iso(batas_lalu),
            },
        ),
    }
    return {
        key: {"poin": bobot.nilai[key] if ok else 0, "maks": bobot.nilai[key], "ok": ok, **bukti}
        for key, (ok, bukti) in met.items()
    }


def nilai(
    f: Fakta, bobot: Bobot, bulan: datetime.date, *, batas_lalu: datetime.date
) -> tuple[int, str, dict]:
    """(score, status, components) of one WKSBM from its facts; `batas_lalu` is the deadline of
    its report of the month before."""
    komponen = _komponen(f, bobot, bulan, batas_lalu)
    skor = round(100 * sum(k["poin"] for k in komponen.values()) / bobot.total)
    bergerak = f.rapat["n6"] + f.kegiatan["n6"] + f.dana["n6"] > 0
    if f.sk is None:
        status = Status.BELUM
    elif skor < KURANG_MIN or not bergerak:
        status = Status.MATI_SURI
    elif skor >= AKTIF_MIN:
        status = Status.AKTIF
    else:
        status = Status.KURANG
    komponen["bergerak_6_bulan"] = bergerak
    return skor, str(status), komponen


def _dilatih(desa_codes, akhir: datetime.date) -> set[str]:
    """Desa with a participant who attended a bimtek day on or before `akhir`."""
    from wahana.bimtek.models import KehadiranBimtek

    return set(
        KehadiranBimtek.objects.filter(wilayah_id__in=list(desa_codes), hari__tanggal__lte=akhir)
        .order_by()
        .values_list("wilayah_id", flat=True)
        .distinct()
    )


KOLOM_DIHITUNG = [
    "wilayah",
    "skor",
    "status",
    "versi",
    "komponen",
    "dilatih",
    "laporan_diterima",
    "laporan_tepat",
    "ppks_dilayani",
    "dana_dihimpun",
    "status_sebelumnya",
    "pendampingan_terakhir",
    "dihitung",
]


def hitung(
    bulan: datetime.date, *, wksbm_ids=None, prefix: str | None = None
) -> list[IndeksBulanan]:
    """Compute and store the index of `bulan` for the WKSBM given by id or by region prefix
    (all when neither). Returns the stored rows (with `status_lama`: the status before, from
    the same month or else the month before, for alerts)."""
    from wahana.wksbm.models import Wksbm

    qs = Wksbm.objects.all()
    if wksbm_ids is not None:
        qs = qs.filter(pk__in=list(wksbm_ids))
    if prefix:
        qs = qs.filter(region_q(prefix))
    rows = list(qs.order_by("pk").values_list("pk", "wilayah_id"))
    sekarang = timezone.now()
    hasil = []
    for potongan in potong(rows):
        hasil += _hitung_potongan(potongan, bulan, sekarang)
    return _simpan(hasil)


def _hitung_potongan(rows, bulan: datetime.date, sekarang) -> list[IndeksBulanan]:
    """The rows of one batch of (id, region code) pairs, not stored yet."""
    ids = [pk for pk, _k in rows]
    akhir = akhir_bulan(bulan)
    fakta = kumpulkan(rows, bulan)
    bobot = bobot_for({kodelib.kabupaten_of(k) for _pk, k in rows}, bulan)
    lalu = bulan_sebelum(bulan)
    batas = batas_laporan_for((k, b) for _pk, k in rows for b in (bulan, lalu))
    dilatih = _dilatih({k for _pk, k in rows}, akhir)
    lama, sebelumnya = {}, {}
    for pk, bln, status in IndeksBulanan.objects.filter(
        wksbm_id__in=ids, bulan__in=[bulan, bulan_sebelum(bulan)]
    ).values_list("wksbm_id", "bulan", "status"):
        if bln == bulan:
            lama[pk] = status
        else:
            sebelumnya[pk] = status
    hasil = []
    for pk, kode in rows:
        f = fakta[pk]
        b = bobot.get(kodelib.kabupaten_of(kode), BAWAAN)
        skor, status, komponen = nilai(f, b, bulan, batas_lalu=batas[kode, lalu])
        diterima = f.laporan.get(bulan)
        row = IndeksBulanan(
            wksbm_id=pk,
            wilayah_id=kode,
            bulan=bulan,
            skor=skor,
            status=status,
            versi=b.versi,
            komponen=komponen,
            dilatih=kode in dilatih,
            laporan_diterima=diterima is not None,
            laporan_tepat=diterima is not None
            and timezone.localtime(diterima).date() <= batas[kode, bulan],
            ppks_dilayani=f.ppks_dilayani,
            dana_dihimpun=f.dana.get("masuk_bulan", 0),
            status_sebelumnya=sebelumnya.get(pk, ""),
            pendampingan_terakhir=f.pendampingan,
            dihitung=sekarang,
        )
        # What the alerts compare with: this month as stored before, else last month.
        row.status_lama = lama.get(pk) or sebelumnya.get(pk)
        hasil.append(row)
    return hasil


SIMPAN_PERCOBAAN = 3
# WKSBM per batch of grouped queries: a whole country is computed batch by batch, so that no
# query carries more parameters than SQLite takes (32,766) and memory stays flat.
POTONGAN = 5000


def potong(items, n: int = POTONGAN):
    """`items` (any iterable) in lists of at most `n`."""
    items = list(items)
    for start in range(0, len(items), n):
        yield items[start : start + n]


def _simpan(hasil: list[IndeksBulanan]) -> list[IndeksBulanan]:
    """Store the computed rows in one transaction. The facts were read before: a WKSBM (or its
    region) that another request deleted meanwhile would fail the whole batch on its foreign key
    (deferred, so at commit). Then the rows whose WKSBM or region is gone are left out, as their
    index went with them, and the rest is stored again. Every row is returned, `tersimpan`
    saying whether it was stored: the roll-ups of a left-out row's regions are redone too."""
    from wahana.wilayah.models import Wilayah
    from wahana.wksbm.models import Wksbm

    for r in hasil:
        r.tersimpan = True
    simpan = hasil
    for percobaan in range(1, SIMPAN_PERCOBAAN + 1):
        try:
            with transaction.atomic():
                IndeksBulanan.objects.bulk_create(
                    simpan,
                    batch_size=2000,
                    update_conflicts=True,
                    unique_fields=["wksbm", "bulan"],
                    update_fields=KOLOM_DIHITUNG,
                )
            return hasil
        except IntegrityError:
            if percobaan == SIMPAN_PERCOBAAN:
                raise
            ada_wksbm, ada_wilayah = set(), set()
            for bagian in potong(r.wksbm_id for r in hasil):
                ada_wksbm.update(Wksbm.objects.filter(pk__in=bagian).values_list("pk", flat=True))
            for bagian in potong({r.wilayah_id for r in hasil}):
                ada_wilayah.update(
                    Wilayah.objects.filter(kode__in=bagian).values_list("kode", flat=True)
                )
            for r in hasil:
                r.tersimpan = r.wksbm_id in ada_wksbm and r.wilayah_id in ada_wilayah
            simpan = [r for r in hasil if r.tersimpan]
    return hasil
