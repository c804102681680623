"""What each standard report contains, read from the database for one region and period.

Every function answers an `Isi` (render.py) and reads only aggregate figures except the
profil of one WKSBM (its officers' names and roles, as on its own page; no NIK)."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.utils import formats, translation

from wahana.dana.bulan import akhir_bulan
from wahana.dana.selectors import dana_per_wksbm_bulan
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import LembagaAnggota, PengurusWksbm, RapatWksbm, TahapWksbm, Wksbm

from .kop import kop_for
from .render import Bagian, Isi

TAHAP = [(t.value, str(t.label)) for t in TahapWksbm.Tahap]


def nama_bulan(bulan: datetime.date) -> str:
    with translation.override("id"):
        return formats.date_format(bulan, "F Y")


def nama_wilayah(kode: str) -> str:
    if not kode:
        return "Seluruh Indonesia"
    wilayah = Wilayah.objects.filter(kode=kode).first()
    return wilayah.nama_lengkap if wilayah else kode


def _in_region(prefix: str, field: str = "wilayah__kode") -> Q:
    if not prefix:
        return Q()
    return Q(**{field: prefix}) | Q(**{f"{field}__startswith": prefix + "."})


def _kecamatan_of(kode: str) -> str:
    return ".".join(kode.split(".")[:3])


def _names(codes) -> dict[str, str]:
    return dict(Wilayah.objects.filter(kode__in=set(codes)).values_list("kode", "nama"))


def _status_index(wksbm_ids, bulan):
    """{wksbm_id: (status, ppks_dilayani, dana_dihimpun)} from pantau's stored index."""
    from wahana.pantau.models import IndeksBulanan

    rows = IndeksBulanan.objects.filter(wksbm_id__in=wksbm_ids, bulan=bulan).values_list(
        "wksbm_id", "status", "ppks_dilayani"
    )
    return {pk: (status, ppks) for pk, status, ppks in rows}


def _status_labels():
    from wahana.pantau.models import Status

    return [(s.value, str(s.label)) for s in Status]


# ---------------------------------------------------------------- rekap WKSBM per kecamatan


def rekap_wksbm_angka(kode: str, bulan: datetime.date) -> tuple[list[dict], bool]:
    """Figures per kecamatan (a row per kecamatan that has a WKSBM, kabupaten forums under the
    kabupaten's code), and whether the status came from pantau's index."""
    akhir = akhir_bulan(bulan)
    wksbm = list(
        Wksbm.objects.filter(_in_region(kode)).values_list("pk", "wilayah_id").order_by("pk")
    )
    ids = [pk for pk, _ in wksbm]
    kec_of = {pk: _kecamatan_of(w) for pk, w in wksbm}
    last_step = {}
    for pk, tahap in (
        TahapWksbm.objects.filter(wksbm_id__in=ids, tanggal__lte=akhir)
        .order_by("wksbm_id", "siklus", "urutan")
        .values_list("wksbm_id", "tahap")
    ):
        last_step[pk] = tahap  # ordered: the last one wins
    indeks = _status_index(ids, bulan)
    pakai_indeks = bool(indeks)
    pengurus = dict(
        PengurusWksbm.objects.filter(wksbm_id__in=ids, aktif=True)
        .values("wksbm_id")
        .annotate(n=Count("pk"))
        .values_list("wksbm_id", "n")
    )
    anggota = dict(
        LembagaAnggota.objects.filter(wksbm_id__in=ids, tanggal_bergabung__lte=akhir)
        .filter(Q(tanggal_keluar__isnull=True) | Q(tanggal_keluar__gt=akhir))
        .values("wksbm_id")
        .annotate(n=Count("pk"))
        .values_list("wksbm_id", "n")
    )
    dana = defaultdict(lambda: [0, 0])
    for row in dana_per_wksbm_bulan(dari=bulan, sampai=akhir).filter(wksbm_id__in=ids):
        dana[row["wksbm_id"]][0] += row["masuk"]
        dana[row["wksbm_id"]][1] += row["keluar"]
    ppks_layanan = _ppks_dilayani_per_kecamatan(kode, bulan, akhir) if not pakai_indeks else {}

    rows: dict[str, dict] = {}
    for pk in ids:
        kec = kec_of[pk]
        row = rows.setdefault(kec, Counter())
        row["wksbm"] += 1
        row["tahap:" + (last_step.get(pk) or "belum")] += 1
        if pakai_indeks:
            status, ppks = indeks.get(pk, ("belum", 0))
            row["status:" + status] += 1
            row["ppks"] += ppks
        row["pengurus"] += pengurus.get(pk, 0)
        row["anggota"] += anggota.get(pk, 0)
        row["dihimpun"] += dana[pk][0]
        row["disalurkan"] += dana[pk][1]
    if not pakai_indeks:
        for kec, n in ppks_layanan.items():
            if kec in rows:
                rows[kec]["ppks"] += n
    pakai_indeks = _tambah_impor(rows, kode, bulan) or pakai_indeks
    names = _names(rows)
    result = []
    for kec in sorted(rows):
        data = dict(rows[kec])
        data["kode"] = kec
        data["nama"] = names.get(kec, kec)
        if kodelib.tingkat(kec) < kodelib.TINGKAT_KECAMATAN:
            data["nama"] = f"{data['nama']} (tingkat kabupaten)"
        result.append(data)
    return result, pakai_indeks


# Figures of an imported aggregate package (docs/agregat.md) as keys of the rekap rows.
_DARI_IMPOR = {
    "wksbm": "wksbm",
    "pengurus": "pengurus",
    "anggota": "anggota",
    "dihimpun": "dana_dihimpun",
    "disalurkan": "dana_disalurkan",
    "ppks": "ppks_dilayani",
    "tahap:belum": "tahap_belum",
    **{f"tahap:{t}": f"tahap_{t}" for t, _label in TAHAP},
}


def _tambah_impor(rows: dict, kode: str, bulan: datetime.date) -> bool:
    """Add the kecamatan of kabupaten whose records live in another instance, from their
    imported packages; answers whether those carried the activity status."""
    from .agregat import STATUS, impor_per_kecamatan

    ada_status = False
    for code, angka in impor_per_kecamatan(kode, bulan).items():
        row = rows.setdefault(code, Counter())
        for key, field in _DARI_IMPOR.items():
            row[key] += angka.get(field) or 0
        for status in STATUS:
            if angka.get(f"status_{status}") is not None:
                ada_status = True
                row[f"status:{status}"] += angka[f"status_{status}"]
    return ada_status


def _ppks_dilayani_per_kecamatan(kode, bulan, akhir) -> dict[str, int]:
    """Distinct PPKS with a service by a WKSBM in the month, per kecamatan."""
    from wahana.ppks.models import LayananPpks

    rows = (
        LayananPpks.objects.filter(
            _in_region(kode),
            tanggal__gte=bulan,
            tanggal__lte=akhir,
            penyedia=LayananPpks.Penyedia.WKSBM,
        )
        .values_list("wilayah_id", "ppks_id")
        .distinct()
    )
    counts = Counter()
    for wilayah_id, _ppks in rows:
        counts[_kecamatan_of(wilayah_id)] += 1
    return dict(counts)


def rekap_wksbm(kode: str, bulan: datetime.date) -> Isi:
    rows, pakai_indeks = rekap_wksbm_angka(kode, bulan)
    if pakai_indeks:
        status_cols = _status_labels()
        status_key = "status"
        catatan = [
            "Status WKSBM diambil dari indeks keaktifan bulanan yang tersimpan (modul Pantau)."
        ]
    else:
        status_cols = []
        status_key = ""
        catatan = [
            "Indeks keaktifan bulan ini belum dihitung: status hanya dapat dibaca dari tahap "
            "pembentukan (kolom tahap); kolom status tidak ditampilkan."
        ]
    kolom = ["Kecamatan", "WKSBM"]
    kolom += [label for _, label in status_cols]
    kolom += ["Belum ada tahap"] + [label for _, label in TAHAP]
    kolom += ["Pengurus aktif", "Lembaga anggota", "Dana dihimpun (Rp)", "Dana disalurkan (Rp)"]
    kolom += ["PPKS dilayani"]
    keys = ["wksbm"] + [f"{status_key}:{v}" for v, _ in status_cols]
    keys += ["tahap:belum"] + [f"tahap:{v}" for v, _ in TAHAP]
    keys += ["pengurus", "anggota", "dihimpun", "disalurkan", "ppks"]
    baris = [(r["nama"], *[r.get(k, 0) for k in keys]) for r in rows]
    jumlah = ("Jumlah", *[sum(r.get(k, 0) for r in rows) for k in keys])
    n = len(kolom)
    lebar_rest = (277 - 40) / (n - 1)
    return Isi(
        judul="Rekapitulasi WKSBM per Kecamatan",
        periode=nama_bulan(bulan),
        wilayah=nama_wilayah(kode),
        kop=kop_for(kode),
        landscape=True,
        bagian=[
            Bagian(
                judul="Rekap WKSBM",
                kolom=kolom,
                baris=baris,
                jumlah=jumlah,
                lebar_pdf=(40, *[lebar_rest] * (n - 1)),
                rata=("LEFT", *["RIGHT"] * (n - 1)),
                lebar_xlsx=(28, *[14] * (n - 1)),
                catatan=catatan,
                perkiraan=len(baris),
            )
        ],
    )


# ---------------------------------------------------------------- profil WKSBM


def profil_wksbm(wksbm: Wksbm, bulan: datetime.date) -> Isi:
    akhir = akhir_bulan(bulan)
    wilayah = wksbm.wilayah
    identitas = [
        ("Nama", wksbm.nama),
        ("Tingkat", wksbm.get_tingkat_display()),
        ("Wilayah", f"{wilayah.nama_lengkap} ({wilayah.kode})"),
        ("Alamat sekretariat", wksbm.alamat_sekretariat or "-"),
        ("Kontak", f"{wksbm.kontak_nama} {wksbm.kontak_telepon}".strip() or "-"),
        (
            "Tanggal dibentuk",
            wksbm.tanggal_dibentuk.strftime("%d/%m/%Y") if wksbm.tanggal_dibentuk else "-",
        ),
    ]
    indeks = _status_index([wksbm.pk], bulan).get(wksbm.pk)
    labels = dict(_status_labels())
    identitas.append(
        (
            "Status bulan ini",
            labels.get(indeks[0], indeks[0]) if indeks else "Belum dihitung (lihat tahap)",
        )
    )
    tahap = [
        (
            t.siklus,
            t.get_tahap_display(),
            t.tanggal,
            t.sk_nomor or "-",
            t.keterangan or "-",
        )
        for t in TahapWksbm.objects.filter(wksbm=wksbm).order_by("siklus", "urutan")
    ]
    pengurus = [
        (p.nama, p.get_jabatan_display(), p.bidang or "-", p.telepon or "-")
        for p in PengurusWksbm.objects.filter(wksbm=wksbm, aktif=True).order_by("jabatan", "nama")
    ]
    lembaga = [
        (item.nama, str(item.jenis), item.tanggal_bergabung, item.tanggal_keluar)
        for item in LembagaAnggota.objects.filter(wksbm=wksbm).select_related("jenis")
    ]
    rapat = [
        (r.tanggal, r.tempat, r.agenda[:120])
        for r in RapatWksbm.objects.filter(wksbm=wksbm, tanggal__lte=akhir).order_by("-tanggal")[
            :24
        ]
    ]
    dana = [
        (nama_bulan(row["bulan"]), row["masuk"], row["keluar"])
        for row in dana_per_wksbm_bulan(sampai=akhir).filter(wksbm_id=wksbm.pk)
    ]
    kegiatan = _kegiatan_wksbm(wksbm, akhir)
    return Isi(
        judul=f"Profil {wksbm.nama}",
        periode=f"Keadaan sampai akhir {nama_bulan(bulan)}",
        wilayah=wilayah.nama_lengkap,
        kop=kop_for(wksbm.wilayah_id),
        bagian=[
            Bagian("Identitas", ["Butir", "Keterangan"], identitas, lebar_pdf=(50, 130)),
            Bagian(
                "Tahap pembentukan",
                ["Siklus", "Tahap", "Tanggal", "Nomor SK", "Keterangan"],
                tahap,
                lebar_pdf=(15, 40, 25, 40, 60),
            ),
            Bagian(
                "Pengurus aktif",
                ["Nama", "Jabatan", "Bidang", "Telepon"],
                pengurus,
                lebar_pdf=(60, 40, 45, 35),
            ),
            Bagian(
                "Lembaga anggota",
                ["Nama", "Jenis", "Bergabung", "Keluar"],
                lembaga,
                lebar_pdf=(70, 50, 30, 30),
            ),
            Bagian(
                "Rapat (24 terakhir)",
                ["Tanggal", "Tempat", "Agenda"],
                rapat,
                lebar_pdf=(25, 55, 100),
            ),
            Bagian(
                "Dana per bulan",
                ["Bulan", "Dihimpun (Rp)", "Disalurkan (Rp)"],
                dana,
                rata=("LEFT", "RIGHT", "RIGHT"),
                jumlah=("Jumlah", sum(r[1] for r in dana), sum(r[2] for r in dana)),
                lebar_pdf=(60, 60, 60),
            ),
            Bagian(
                "Kegiatan",
                ["Tanggal", "Jenis", "Judul", "Status"],
                kegiatan,
                lebar_pdf=(25, 40, 85, 30),
            ),
        ],
    )


def _kegiatan_wksbm(wksbm, akhir):
    from wahana.kegiatan.models import Kegiatan

    return [
        (k.tanggal, k.get_jenis_display(), k.judul, k.get_status_display())
        for k in Kegiatan.objects.filter(wksbm=wksbm, tanggal__lte=akhir).order_by("-tanggal")[:100]
    ]


# ---------------------------------------------------------------- rekap PPKS per jenis per desa


def rekap_ppks_angka(kode: str):
    """[(desa code, jenis kode, jenis nama, count)] of active PPKS records (counts only)."""
    from wahana.ppks.models import Ppks

    through = Ppks.jenis.through
    rows = (
        through.objects.filter(
            _in_region(kode, "ppks__wilayah__kode"), ppks__status=Ppks.Status.AKTIF
        )
        .values_list("ppks__wilayah_id", "jenisppks__kode", "jenisppks__nama")
        .annotate(n=Count("ppks_id", distinct=True))
        .order_by("ppks__wilayah_id", "jenisppks__kode")
    )
    return list(rows)


def rekap_ppks(kode: str) -> Isi:
    rows = rekap_ppks_angka(kode)
    names = _names({r[0] for r in rows} | {_kecamatan_of(r[0]) for r in rows})
    baris = [
        (names.get(_kecamatan_of(desa), ""), names.get(desa, desa), desa, jenis_nama, n)
        for desa, _kode, jenis_nama, n in rows
    ]
    return Isi(
        judul="Rekapitulasi PPKS per Jenis per Desa",
        periode="Keadaan data saat laporan dibuat",
        wilayah=nama_wilayah(kode),
        kop=kop_for(kode),
        bagian=[
            Bagian(
                "Rekap PPKS",
                ["Kecamatan", "Desa/Kelurahan", "Kode", "Jenis PPKS", "Jumlah"],
                baris,
                jumlah=("Jumlah", "", "", "", sum(r[-1] for r in baris)),
                lebar_pdf=(32, 36, 26, 70, 16),
                rata=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"),
                lebar_xlsx=(22, 26, 16, 50, 10),
                catatan=[
                    "Hanya jumlah: tidak memuat data pribadi. Satu orang dengan beberapa jenis "
                    "PPKS dihitung pada setiap jenisnya; rekaman diarsipkan tidak dihitung."
                ],
                perkiraan=len(baris),
            )
        ],
    )


# ---------------------------------------------------------------- rekap PSKS


def rekap_psks_angka(kode: str) -> list[tuple[str, str, int | None, str]]:
    """The 12 PSKS kinds: (kode, nama, count or None when Wahana holds no such record, source)."""
    from wahana.pendamping.models import Pendamping
    from wahana.ppks.models import JenisPsks

    region = _in_region(kode)
    lembaga = dict(
        LembagaAnggota.objects.filter(region, tanggal_keluar__isnull=True)
        .values("jenis__kode")
        .annotate(n=Count("pk"))
        .values_list("jenis__kode", "n")
    )
    pendamping = dict(
        Pendamping.objects.filter(region, aktif=True)
        .values("jenis")
        .annotate(n=Count("pk"))
        .values_list("jenis", "n")
    )
    wksbm_terbentuk = (
        Wksbm.objects.filter(region, tahap_set__tahap=TahapWksbm.Tahap.PENGESAHAN)
        .distinct()
        .count()
    )
    sumber = {
        "02": (pendamping.get("psm", 0), "Pendamping jenis PSM yang aktif"),
        "04": (lembaga.get("lks", 0), "Lembaga anggota WKSBM berjenis LKS yang masih bergabung"),
        "05": (
            lembaga.get("karang-taruna", 0),
            "Lembaga anggota WKSBM berjenis Karang Taruna yang masih bergabung",
        ),
        "08": (wksbm_terbentuk, "WKSBM yang telah disahkan dengan SK (modul WKSBM)"),
        "11": (pendamping.get("tksk", 0), "Pendamping jenis TKSK yang aktif"),
    }
    rows = []
    for jenis in JenisPsks.objects.order_by("kode"):
        n, asal = sumber.get(jenis.kode, (None, "Tidak dicatat di Wahana"))
        rows.append((jenis.kode, jenis.nama, n, asal))
    return rows


def rekap_psks(kode: str) -> Isi:
    rows = rekap_psks_angka(kode)
    return Isi(
        judul="Rekapitulasi PSKS (Potensi dan Sumber Kesejahteraan Sosial)",
        periode="Keadaan data saat laporan dibuat",
        wilayah=nama_wilayah(kode),
        kop=kop_for(kode),
        bagian=[
            Bagian(
                "Rekap PSKS",
                ["Kode", "Jenis PSKS", "Jumlah", "Sumber data di Wahana"],
                rows,
                lebar_pdf=(12, 70, 18, 80),
                rata=("LEFT", "LEFT", "RIGHT", "LEFT"),
                lebar_xlsx=(8, 55, 10, 60),
                catatan=[
                    "Jenis yang tidak dicatat di Wahana ditandai '-': jumlahnya perlu diisi "
                    "dari sumber lain (mis. data Tagana, Pekerja Sosial Profesional, dunia usaha)."
                ],
            )
        ],
    )
