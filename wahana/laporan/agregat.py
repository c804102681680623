"""The aggregate package a kabupaten sends upward (schema: docs/agregat.md, version SKEMA_VERSI).

A ZIP holding `agregat.json` (the figures) and `agregat.csv` (the same rows, flat), one row per
region code for one month: the exported region itself, each kabupaten in it (a province's
package) and each kecamatan in it. Counts and sums
only, never a name or an ID number. Importing is idempotent: the same package again changes
nothing; a package made later replaces the stored rows of that region and month."""

import csv
import datetime
import hashlib
import io
import json
import zipfile
from collections import Counter, defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from wahana.akun.models import Peran
from wahana.akun.scope import in_scope
from wahana.audit.services import audit_record
from wahana.dana.bulan import akhir_bulan
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from .isi import TAHAP, _in_region, _kecamatan_of, rekap_ppks_angka, rekap_wksbm_angka
from .models import AgregatImpor

SKEMA = "wahana-agregat"
SKEMA_VERSI = 3
# Versions this reader accepts; fields a version lacks are read as unknown (null).
VERSI_DIBACA = (1, 2, 3)
STATUS = ("belum", "aktif", "kurang", "mati_suri")
ANGKA = (
    "wksbm",
    *(f"status_{s}" for s in STATUS),
    "tahap_belum",
    *(f"tahap_{t}" for t, _label in TAHAP),
    "pengurus",
    "anggota",
    "rapat",
    "kegiatan_terverifikasi",
    "dana_dihimpun",
    "dana_disalurkan",
    "ppks_dilayani",
    "laporan_diharapkan",
    "laporan_diterima",
    "laporan_tepat",
    # Since version 2: what the province and national dashboards show besides the above.
    "skor_total",
    "dilatih",
    "dilatih_aktif",
    "belum_dilatih_aktif",
    # Since version 3: the social workers' monthly reports expected, received and on time.
    *(
        f"{jenis}_{angka}"
        for jenis in ("tksk", "psm")
        for angka in ("diharapkan", "diterima", "tepat")
    ),
)
# Fields taken as they are from Pantau's roll-up of the region: {package field: RekapWilayah field}.
DARI_REKAP = {
    **{f: f for f in ("laporan_diharapkan", "laporan_diterima", "laporan_tepat")},
    "skor_total": "total_skor",
    **{f: f for f in ("dilatih", "dilatih_aktif", "belum_dilatih_aktif")},
    **{f: f for f in ANGKA if f.startswith(("tksk_", "psm_"))},
}
# Pantau's roll-up fields filled from a package row: {RekapWilayah field: package field}.
KE_REKAP = {
    "jumlah_wksbm": "wksbm",
    "belum": "status_belum",
    "aktif": "status_aktif",
    "kurang": "status_kurang",
    "mati_suri": "status_mati_suri",
    "ppks_dilayani": "ppks_dilayani",
    "dana_dihimpun": "dana_dihimpun",
    **{attr: field for field, attr in DARI_REKAP.items()},
}


def _per_kecamatan(model, kode, bulan, akhir, **filters) -> Counter:
    counts = Counter()
    rows = (
        model.objects.filter(_in_region(kode), tanggal__gte=bulan, tanggal__lte=akhir, **filters)
        .values("wilayah_id")
        .annotate(n=Count("pk"))
        .values_list("wilayah_id", "n")
    )
    for wilayah_id, n in rows:
        counts[_kecamatan_of(wilayah_id)] += n
    return counts


def hitung(kode: str, bulan: datetime.date) -> dict:
    """{region code: figures} for `kode` (a kabupaten, or any region), each kecamatan in it
    and, when `kode` is a province, each kabupaten."""
    from wahana.kegiatan.models import Kegiatan
    from wahana.pantau.models import RekapWilayah
    from wahana.wksbm.models import RapatWksbm

    akhir = akhir_bulan(bulan)
    rekap, pakai_indeks = rekap_wksbm_angka(kode, bulan)
    rapat = _per_kecamatan(RapatWksbm, kode, bulan, akhir)
    kegiatan = _per_kecamatan(Kegiatan, kode, bulan, akhir, status=Kegiatan.Status.DIVERIFIKASI)
    ppks = defaultdict(Counter)
    for desa, jenis_kode, _nama, n in rekap_ppks_angka(kode):
        ppks[_kecamatan_of(desa)][jenis_kode] += n
    # Kabupaten whose records live in another instance: their imported figures.
    for code, angka in impor_per_kecamatan(kode, bulan).items():
        rapat[code] += angka.get("rapat") or 0
        kegiatan[code] += angka.get("kegiatan_terverifikasi") or 0
        ppks[code].update(angka.get("ppks_per_jenis") or {})
    laporan = {
        r.kode: r
        for r in RekapWilayah.objects.filter(_in_region(kode, "kode"), bulan=bulan, tingkat__lte=3)
    }

    rows: dict[str, dict] = {}
    codes = {r["kode"] for r in rekap} | set(rapat) | set(kegiatan) | set(ppks)
    by_code = {r["kode"]: r for r in rekap}
    for code in codes:
        r = by_code.get(code, {})
        row = {
            "wksbm": r.get("wksbm", 0),
            **{f"status_{s}": (r.get(f"status:{s}", 0) if pakai_indeks else None) for s in STATUS},
            "tahap_belum": r.get("tahap:belum", 0),
            **{f"tahap_{t}": r.get(f"tahap:{t}", 0) for t, _label in TAHAP},
            "pengurus": r.get("pengurus", 0),
            "anggota": r.get("anggota", 0),
            "rapat": rapat.get(code, 0),
            "kegiatan_terverifikasi": kegiatan.get(code, 0),
            "dana_dihimpun": r.get("dihimpun", 0),
            "dana_disalurkan": r.get("disalurkan", 0),
            "ppks_dilayani": r.get("ppks", 0),
            "ppks_per_jenis": dict(sorted(ppks.get(code, Counter()).items())),
        }
        rows[code] = row
    total = _sum(rows.values(), pakai_indeks)
    result = {
        code: rows[code] for code in sorted(rows) if code != kode and kodelib.tingkat(code) == 3
    }
    result[kode] = total
    if kodelib.tingkat(kode) < kodelib.TINGKAT_KABUPATEN:
        # A province's package carries its kabupaten as well (their forums and kecamatan summed),
        # so a nation importing it drills down through every level.
        per_kabupaten = defaultdict(list)
        for code, row in rows.items():
            if kodelib.tingkat(code) >= kodelib.TINGKAT_KABUPATEN:
                per_kabupaten[".".join(code.split(".")[:2])].append(row)
        for code, group in per_kabupaten.items():
            result[code] = _sum(group, pakai_indeks)
    for code, row in result.items():
        rekap_wilayah = laporan.get(code)
        for field, attr in DARI_REKAP.items():
            row[field] = getattr(rekap_wilayah, attr) if rekap_wilayah else None
    return dict(sorted(result.items()))


def _sum(rows, pakai_indeks: bool) -> dict:
    total: dict = {}
    ppks = Counter()
    for row in rows:
        for key, value in row.items():
            if key == "ppks_per_jenis":
                ppks.update(value)
            elif value is not None:
                total[key] = total.get(key, 0) + value
    for key in ANGKA:
        total.setdefault(key, 0)
    if not pakai_indeks:
        for s in STATUS:
            total[f"status_{s}"] = None
    total["ppks_per_jenis"] = dict(sorted(ppks.items()))
    return total


def paket(kode: str, bulan: datetime.date, *, dibuat=None) -> bytes:
    """The ZIP package of `kode` for `bulan`."""
    if not kodelib.is_valid(kode):
        raise ValidationError(_("Kode wilayah tidak sah."))
    dibuat = dibuat or timezone.now()
    names = dict(Wilayah.objects.filter(kode__startswith=kode).values_list("kode", "nama"))
    figures = hitung(kode, bulan)
    doc = {
        "skema": SKEMA,
        "versi": SKEMA_VERSI,
        "kode": kode,
        "bulan": f"{bulan:%Y-%m}",
        "dibuat": dibuat.isoformat(),
        "sumber": getattr(settings, "WAHANA_NAMA_SITUS", "Wahana"),
        "wilayah": [
            {"kode": code, "nama": names.get(code, ""), "tingkat": kodelib.tingkat(code), **row}
            for code, row in figures.items()
        ],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("agregat.json", json.dumps(doc, ensure_ascii=False, indent=1))
        archive.writestr("agregat.csv", _csv(doc))
    return out.getvalue()


def _csv(doc) -> str:
    jenis = sorted({k for row in doc["wilayah"] for k in row["ppks_per_jenis"]})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["versi", "bulan", "kode", "nama", "tingkat", *ANGKA, *(f"ppks_jenis_{j}" for j in jenis)]
    )
    for row in doc["wilayah"]:
        writer.writerow(
            [
                doc["versi"],
                doc["bulan"],
                row["kode"],
                row["nama"],
                row["tingkat"],
                *("" if row[k] is None else row[k] for k in ANGKA),
                *(row["ppks_per_jenis"].get(j, 0) for j in jenis),
            ]
        )
    return out.getvalue()


def baca(data: bytes) -> tuple[dict, str]:
    """The package's JSON document, checked, and its SHA-256."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            raw = archive.read("agregat.json")
        doc = json.loads(raw)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValidationError(_("Berkas bukan paket agregat Wahana.")) from error
    if doc.get("skema") != SKEMA:
        raise ValidationError(_("Berkas bukan paket agregat Wahana."))
    if doc.get("versi") not in VERSI_DIBACA:
        raise ValidationError(
            _("Versi skema %(v)s tidak didukung (didukung: %(ok)s).")
            % {"v": doc.get("versi"), "ok": ", ".join(map(str, VERSI_DIBACA))}
        )
    try:
        doc["_bulan"] = datetime.date.fromisoformat(doc["bulan"] + "-01")
        doc["_dibuat"] = datetime.datetime.fromisoformat(doc["dibuat"])
        kode = doc["kode"]
        rows = doc["wilayah"]
        assert kodelib.is_valid(kode) and isinstance(rows, list)
        for row in rows:
            assert kodelib.covers(kode, row["kode"])
            assert all(row.get(k) is None or isinstance(row.get(k), int) for k in ANGKA)
    except (KeyError, ValueError, TypeError, AssertionError) as error:
        raise ValidationError(_("Isi paket agregat tidak sah.")) from error
    return doc, hashlib.sha256(raw).hexdigest()


def can_import(user, kode: str) -> bool:
    """Province and system admins gather the packages of the kabupaten in their scope."""
    if user is None:
        return True  # the command line, run by the server's administrator
    return user.peran in (Peran.ADMIN_SISTEM, Peran.ADMIN_PROVINSI) and in_scope(user, kode)


@transaction.atomic
def agregat_import(*, acting_user, data: bytes) -> dict:
    """Store a package's rows. Answers {"hasil": "baru"|"diganti"|"sama"|"lebih_lama", ...}."""
    doc, sha = baca(data)
    kode, bulan, dibuat = doc["kode"], doc["_bulan"], doc["_dibuat"]
    if not can_import(acting_user, kode):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor agregat wilayah ini."))
    stored = AgregatImpor.objects.select_for_update().filter(kode=kode, bulan=bulan).first()
    if stored is not None and stored.sha256 == sha:
        return {"hasil": "sama", "kode": kode, "bulan": doc["bulan"], "baris": 0}
    if stored is not None and stored.dibuat >= dibuat:
        return {"hasil": "lebih_lama", "kode": kode, "bulan": doc["bulan"], "baris": 0}
    AgregatImpor.objects.filter(_in_region(kode, "kode"), bulan=bulan).delete()
    now = timezone.now()
    AgregatImpor.objects.bulk_create(
        AgregatImpor(
            kode=row["kode"],
            bulan=bulan,
            versi_skema=doc["versi"],
            dibuat=dibuat,
            sumber=str(doc.get("sumber", ""))[:150],
            sha256=sha,
            angka={k: v for k, v in row.items() if k not in ("kode",)},
            diimpor=now,
            diimpor_oleh=acting_user,
        )
        for row in doc["wilayah"]
    )
    ke_pantau(kode, bulan)
    hasil = "diganti" if stored is not None else "baru"
    audit_record(
        actor=acting_user,
        aksi="agregat_diimpor",
        kode_wilayah=kode,
        keterangan=f"{kode} {doc['bulan']} ({hasil}, {len(doc['wilayah'])} wilayah)",
    )
    return {"hasil": hasil, "kode": kode, "bulan": doc["bulan"], "baris": len(doc["wilayah"])}


def _punya_data_sendiri(kode: str) -> bool:
    """Whether this database holds the region's own records (then its figures are computed
    here, and an imported package only stands beside them)."""
    from wahana.wksbm.models import Wksbm

    return Wksbm.objects.filter(_in_region(kode)).exists()


def ke_pantau(kode: str, bulan: datetime.date) -> int:
    """Make the imported figures of `kode` what the dashboards read: its roll-up rows and its
    kecamatan's in Pantau's `RekapWilayah`, then the regions above it (province, nation)
    summed again. Skipped for a region whose own records are in this database."""
    from wahana.pantau import rekap
    from wahana.pantau.models import RekapWilayah

    if _punya_data_sendiri(kode):
        return 0
    rows = list(AgregatImpor.objects.filter(_in_region(kode, "kode"), bulan=bulan))
    sekarang = timezone.now()
    RekapWilayah.objects.filter(_in_region(kode, "kode"), bulan=bulan).delete()
    RekapWilayah.objects.bulk_create(
        RekapWilayah(
            kode=row.kode,
            induk=kodelib.induk(row.kode),
            tingkat=kodelib.tingkat(row.kode),
            bulan=bulan,
            diperbarui=sekarang,
            **{field: row.angka.get(key) or 0 for field, key in KE_REKAP.items()},
        )
        for row in rows
    )
    # Above the package's region: sums of their children (and of their own WKSBM).
    return rekap.perbarui(bulan, rekap.leluhur_dan_diri(kodelib.induk(kode)))


def impor_per_kecamatan(kode: str, bulan: datetime.date) -> dict[str, dict]:
    """{kecamatan code: imported figures} inside `kode` for the kabupaten whose records live
    in another instance (their packages were imported here); a kabupaten's forums (figures
    at the kabupaten itself) come under the kabupaten's code."""
    rows = {
        r.kode: r.angka
        for r in AgregatImpor.objects.filter(_in_region(kode, "kode"), bulan=bulan)
        if kodelib.tingkat(r.kode) >= kodelib.TINGKAT_KABUPATEN
    }
    hasil: dict[str, dict] = {}
    for kabupaten in sorted(c for c in rows if kodelib.tingkat(c) == kodelib.TINGKAT_KABUPATEN):
        if _punya_data_sendiri(kabupaten):
            continue
        kecamatan = {c: a for c, a in rows.items() if kodelib.induk(c) == kabupaten}
        hasil.update(kecamatan)
        sisa = {
            key: value - sum(a.get(key) or 0 for a in kecamatan.values())
            for key, value in rows[kabupaten].items()
            if isinstance(value, int)
        }
        if sisa.get("wksbm"):
            hasil[kabupaten] = sisa
    return hasil


def agregat_for(kode: str, bulan: datetime.date) -> dict | None:
    """Figures of one region and month from imported packages (for dashboards without the
    region's own records)."""
    row = AgregatImpor.objects.filter(kode=kode, bulan=bulan).first()
    return row.angka if row else None
