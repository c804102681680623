"""Synthetic data at scale (`wahana demo --scale kabupaten|provinsi|nasional`).

Every desa/kelurahan of the chosen area that has no WKSBM yet gets a clearly fictional one in a
realistic mix of states, with its growth steps and SK, pengurus, member institutions, meetings
and attendance, activities and their PPKS beneficiaries, a fund book, a PSM with an account, a
TKSK per kecamatan who visits, and about 120 PPKS with encrypted NIK/No KK (83,762 villages ×
120 ≈ 10 million PPKS, × ~37 activities ≈ 3 million activities for the nation).

Why not the services: they write one row at a time with an audit row each, about a thousand
times slower than needed here. This module writes straight into the tables (COPY on
PostgreSQL, executemany on SQLite) the same values the services would, and the database still
checks them: constraints, and the fund-book triggers of dana/migrations/0002. NIK and No KK are
sealed and blind-indexed with the app's own functions (wahana/ppks/crypto.py).

Deterministic: each desa draws from its own generator seeded by its code, anchored on the
current month (so the activity index shows the intended mix today). Idempotent: a desa that
already has a WKSBM is left alone (so the Gunung Mas story survives and a re-run adds nothing);
one kabupaten is one transaction, so an interrupted run leaves whole kabupaten behind.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone

from wahana.akun.demo import DEMO_PASSWORD
from wahana.akun.models import Peran, User
from wahana.akun.scope import region_q
from wahana.berkas.models import Berkas
from wahana.dana.models import BukuKas, EntriKas
from wahana.kegiatan.models import Kegiatan, PenerimaKegiatan
from wahana.lib import kode as kodelib
from wahana.lib.nik import mask
from wahana.pendamping.models import Kunjungan, Pendamping, PenugasanPsm
from wahana.ppks import crypto
from wahana.ppks.models import JenisPpks, LayananPpks, Ppks
from wahana.ppks.nama import nama_kunci
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import (
    JenisLembaga,
    KehadiranRapat,
    LembagaAnggota,
    PengurusWksbm,
    RapatWksbm,
    TahapWksbm,
    Wksbm,
)

# The areas of each size when no region is given: Gunung Mas, Kalimantan Tengah, Indonesia.
UKURAN = {"kabupaten": "62.10", "provinsi": "62", "nasional": ""}
UKURAN_TINGKAT = {"kabupaten": kodelib.TINGKAT_KABUPATEN, "provinsi": 1, "nasional": 0}

PPKS_PER_DESA = 120  # 10 million PPKS over 83,762 desa/kelurahan
BULAN_RIWAYAT = 24  # activity history kept, in months
# The mix of states: share of desa, meetings, activities and fund entries per month while
# active, and how many months ago the activity stopped. The activity index (wahana/pantau)
# then reads them as Aktif; Kurang aktif (quiet for 3-5 months: only the older facts count);
# Mati suri (legalised, silent for over 6 months); Belum terbentuk (no SK).
KEADAAN = (
    ("belum", 0.12, 0.0, 0.0, 0.0, (0, 0)),
    ("aktif", 0.38, 0.85, 2.9, 2.0, (0, 0)),
    ("kurang", 0.25, 0.6, 1.8, 1.2, (3, 5)),
    ("mati_suri", 0.25, 0.4, 1.2, 0.8, (7, 20)),
)
PENANDA = "Data fiktif (wahana demo --scale)."
NIK_SERI_AWAL = 7001  # serials from here on: the Gunung Mas story draws its own at random

DEPAN_L = ["Agustinus", "Yohanes", "Markus", "Natalis", "Rinto", "Ahmad", "Muhammad", "Sabran",
           "Hendra", "Yusuf", "Petrus", "Tingang", "Ulin", "Dehen", "Bajik", "Elias", "Made",
           "Wayan", "Budi", "Andi", "Rahmat", "Frans", "Daniel", "Ketut"]  # fmt: skip
DEPAN_P = ["Maria", "Yohana", "Siti", "Natalia", "Rini", "Yuliana", "Elisabet", "Marlina",
           "Lusiana", "Salmah", "Kristina", "Agnes", "Ester", "Inang", "Dewi", "Nyoman",
           "Fitri", "Sri", "Wulan", "Hartini", "Nurul", "Ayu"]  # fmt: skip
KELUARGA = ["Lambung", "Nyahu", "Pahu", "Ambun", "Tundan", "Rangka", "Dagang", "Riwut",
            "Bungai", "Tuah", "Usup", "Asang", "Sanden", "Mihing", "Tarung", "Rahan", "Saputra",
            "Wijaya", "Siregar", "Hasibuan", "Pratama", "Lestari", "Hidayat",
            "Manurung"]  # fmt: skip
JENIS_PPKS = (("24",), ("08",), ("09",), ("02",), ("23",), ("21",), ("26",), ("19",),
              ("24", "23"), ("08", "09"))  # fmt: skip
KEGIATAN = (
    ("pemberdayaan", "Pelatihan usaha ekonomi produktif"),
    ("perlindungan", "Bantuan sembako bagi lansia terlantar"),
    ("rehabilitasi", "Kunjungan rumah penyandang disabilitas"),
    ("jaminan_sosial", "Pendampingan pendaftaran jaminan kesehatan"),
    ("penggalangan_dana", "Penggalangan dana jimpitan"),
    ("sosialisasi", "Sosialisasi pencegahan perkawinan anak"),
    ("pencegahan", "Penyuluhan pencegahan kekerasan dalam rumah tangga"),
    ("rapat_koordinasi", "Rapat koordinasi dengan pemerintah desa"),
    ("rujukan", "Rujukan warga sakit ke puskesmas"),
)
MENOLONG = {"pemberdayaan", "perlindungan", "rehabilitasi", "jaminan_sosial", "rujukan"}
AGENDA = ("Pendataan PPKS", "Rencana kegiatan bulanan", "Laporan kas", "Persiapan Musdes",
          "Evaluasi bantuan")  # fmt: skip
SUMBER_MASUK = ("iuran", "jimpitan", "donasi", "dana_desa", "add", "beras_perelek", "csr")


@dataclass
class Laporan:
    """What a run wrote: rows per table and seconds."""

    desa: int = 0
    dilewati: int = 0
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    tables: set[str] = field(default_factory=set)
    detik: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


class Penulis:
    """Writes plain rows into a model's table fast: ids handed out here (so children can point
    at parents before anything is written), COPY on PostgreSQL, executemany on SQLite. Rows are
    dicts by attname; missing fields take the model's default (auto_now* fields: now)."""

    BATCH = 20_000

    def __init__(self, model: type[models.Model], now: datetime.datetime) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.pending: list[list] = []
        self.written = 0
        self.defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            elif f.get_internal_type() in ("CharField", "TextField", "SlugField", "FileField"):
                self.defaults[f.attname] = ""
        self.sqlite = connection.vendor == "sqlite"
        # SQLite stores dates, times, UUIDs and decimals as text: Django's own conversions.
        self.adapt = [_sqlite_adapter(f) if self.sqlite else None for f in self.fields]
        # Writers whose rows must be in the table first (the fund book's triggers look up the
        # book; foreign keys themselves are checked at commit).
        self.before: list[Penulis] = []
        self.next_id = None
        if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField"):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")  # noqa: S608
                self.next_id = cursor.fetchone()[0] + 1

    def add(self, **values) -> int | None:
        if self.next_id is not None and "id" not in values:
            values["id"] = self.next_id
            self.next_id += 1
        row = {**self.defaults, **values}
        self.pending.append([row[f.attname] for f in self.fields])
        if len(self.pending) >= self.BATCH:
            self.flush()
        return values.get("id")

    def flush(self) -> None:
        if not self.pending:
            return
        for other in self.before:
            other.flush()
        with connection.cursor() as cursor:
            if self.sqlite:
                rows = [
                    [
                        v if a is None or v is None else a(v)
                        for v, a in zip(r, self.adapt, strict=True)
                    ]
                    for r in self.pending
                ]
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({marks})",  # noqa: S608
                    rows,
                )
            else:
                sql = f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in self.pending:
                        copy.write_row(row)
        self.written += len(self.pending)
        self.pending.clear()

    def finish(self) -> None:
        self.flush()
        if self.next_id is not None and not self.sqlite and self.written:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{self.table}', 'id'), MAX(id)) "  # noqa: S608
                    f"FROM {self.table}"
                )


def _sqlite_adapter(f: models.Field):
    """How SQLite receives a value of field `f` (None: as it is). Dates and UTC datetimes
    written as Django writes them, without its per-value settings lookups (a third of the
    time of a build on SQLite); other text-stored types through Django itself."""
    kind = (f.target_field if f.is_relation else f).get_internal_type()
    if kind == "DateField":
        return datetime.date.isoformat
    if kind == "DateTimeField":
        # Django keeps aware datetimes in SQLite as naive UTC text ("YYYY-MM-DD HH:MM:SS").
        return lambda v: str(v.astimezone(datetime.UTC).replace(tzinfo=None))
    if kind == "UUIDField":
        return lambda v: v.hex
    if kind == "DecimalField":
        return lambda v: f.get_db_prep_save(v, connection)
    return None


def _nama(rng: random.Random, perempuan: bool | None = None) -> tuple[str, bool]:
    if perempuan is None:
        perempuan = rng.random() < 0.5
    depan = rng.choice(DEPAN_P if perempuan else DEPAN_L)
    return f"{depan} {rng.choice(KELUARGA)}", perempuan


def _geser(bulan: datetime.date, n: int) -> datetime.date:
    month = bulan.year * 12 + bulan.month - 1 + n
    return datetime.date(month // 12, month % 12 + 1, 1)


def _hari(rng: random.Random, bulan: datetime.date, sampai: datetime.date) -> datetime.date:
    """A day in `bulan`, not after `sampai`."""
    hari = bulan.replace(day=rng.randint(1, 28))
    return min(hari, sampai)


def _saat(tanggal: datetime.date, jam: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(tanggal, datetime.time(jam, 0)))


def _contoh_sk() -> tuple[str, int, str]:
    """One stored scan of a fictional SK that every generated pengesahan points to: (storage
    name, size, sha256). A tiny valid PDF, written once."""
    import hashlib

    data = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    name = "demo/sk-wksbm-fiktif.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name, len(data), hashlib.sha256(data).hexdigest()


class Pembangun:
    """Builds one kabupaten at a time (one transaction each)."""

    def __init__(self, *, hari_ini: datetime.date, ppks_per_desa: int = PPKS_PER_DESA) -> None:
        self.hari_ini = hari_ini
        self.ppks_per_desa = ppks_per_desa
        self.bulan_ini = hari_ini.replace(day=1)
        self.now = timezone.now()
        self.sandi = make_password(DEMO_PASSWORD)
        self.jenis_ppks = dict(JenisPpks.objects.values_list("kode", "pk"))
        self.jenis_lembaga = list(JenisLembaga.objects.filter(aktif=True).values_list("pk", "nama"))
        self.sk = _contoh_sk()
        self.laporan = Laporan()
        self._kk: str | None = None

    def kabupaten(self, kode_kab: str, desa_list: list[Wilayah], nama: dict[str, str]) -> None:
        with transaction.atomic():
            self._kabupaten(kode_kab, desa_list, nama)

    def _kabupaten(self, kode_kab: str, desa_list: list[Wilayah], nama: dict[str, str]) -> None:
        sudah = set(
            Wksbm.objects.filter(region_q(kode_kab), tingkat=Wksbm.Tingkat.DESA).values_list(
                "wilayah_id", flat=True
            )
        )
        baru = [d for d in desa_list if d.kode not in sudah]
        self.laporan.dilewati += len(desa_list) - len(baru)
        if not baru:
            return
        self.laporan.desa += len(baru)
        w = {
            m: Penulis(m, self.now)
            for m in (User, Pendamping, PenugasanPsm, Berkas, Wksbm, TahapWksbm, PengurusWksbm,
                      LembagaAnggota, RapatWksbm, KehadiranRapat, Ppks, Ppks.jenis.through,
                      LayananPpks, Kegiatan, PenerimaKegiatan, BukuKas, EntriKas, Kunjungan)
        }  # fmt: skip
        w[EntriKas].before.append(w[BukuKas])
        self.w = w
        self.nik_ada = set(
            Ppks.objects.filter(region_q(kode_kab)).values_list("nik_indeks", flat=True)
        )
        self.seri: dict[tuple, int] = defaultdict(lambda: NIK_SERI_AWAL)
        tksk = {
            p.wilayah_id: (p.pk, p.akun_id)
            for p in Pendamping.objects.filter(
                region_q(kode_kab), jenis=Pendamping.Jenis.TKSK, aktif=True
            )
        }
        usernames = set(User.objects.filter(region_q(kode_kab)).values_list("username", flat=True))
        for kecamatan in sorted({d.induk_id for d in baru}):
            if kecamatan not in tksk:
                tksk[kecamatan] = self._tksk(kecamatan, nama.get(kecamatan, kecamatan), usernames)
        for desa in baru:
            self._desa(desa, tksk[desa.induk_id], usernames)
        # Parents before children: the order the foreign keys need.
        for penulis in w.values():
            penulis.finish()
            self.laporan.rows[penulis.model._meta.label] += penulis.written
            if penulis.written:
                self.laporan.tables.add(penulis.table)

    def _user(self, username, nama, peran, kode, usernames) -> int | None:
        if username in usernames:
            return None
        usernames.add(username)
        depan, _sep, belakang = nama.partition(" ")
        return self.w[User].add(
            username=username,
            password=self.sandi,
            first_name=depan,
            last_name=belakang,
            peran=peran,
            wilayah_id=kode,
            is_active=True,
            date_joined=self.now,
        )

    def _tksk(self, kecamatan: str, nama_kecamatan: str, usernames) -> tuple[int, int | None]:
        rng = random.Random(f"skala-tksk-{kecamatan}")
        nama, perempuan = _nama(rng)
        akun = self._user(f"tksk.{kecamatan}", nama, Peran.TKSK, kecamatan, usernames)
        pk = self.w[Pendamping].add(
            jenis=Pendamping.Jenis.TKSK,
            nama=nama,
            jenis_kelamin="P" if perempuan else "L",
            pendidikan=rng.choice(["sma", "d3", "s1"]),
            tahun_diangkat=rng.randint(2012, 2022),
            nomor_sk=f"460/{rng.randint(10, 999)}/Dinsos/{rng.randint(2019, 2025)}",
            alamat=f"Kecamatan {nama_kecamatan}",
            aktif=True,
            akun_id=akun,
            wilayah_id=kecamatan,
        )
        return pk, akun

    def _desa(self, desa: Wilayah, tksk: tuple[int, int | None], usernames) -> None:
        rng = random.Random(f"skala-{desa.kode}")
        w, hari_ini = self.w, self.hari_ini
        kode = desa.kode
        kelurahan = kodelib.is_kelurahan(kode)
        sebutan = "Kelurahan" if kelurahan else "Desa"
        tksk_pk, tksk_akun = tksk

        # The PSM of the desa, with an account (password wahana-demo) as in the story demo.
        psm_nama, psm_p = _nama(rng)
        psm_akun = self._user(f"psm.{kode}", psm_nama, Peran.PSM, kode, usernames)
        psm = w[Pendamping].add(
            jenis=Pendamping.Jenis.PSM,
            nama=psm_nama,
            jenis_kelamin="P" if psm_p else "L",
            pendidikan=rng.choice(["smp", "sma", "sma", "d3"]),
            tahun_diangkat=rng.randint(2015, 2024),
            aktif=True,
            akun_id=psm_akun,
            wilayah_id=kode,
        )
        w[PenugasanPsm].add(pendamping_id=psm, wilayah_id=kode, mulai=datetime.date(2024, 1, 2))
        pencatat = psm_akun or tksk_akun
        if pencatat is None:  # both accounts already taken by hand: the TKSK's one of record
            pencatat = (
                User.objects.filter(username=f"tksk.{desa.induk_id}")
                .values_list("pk", flat=True)
                .first()
            )

        keadaan, _share, rapat_bln, kegiatan_bln, kas_bln, berhenti = self._keadaan(rng)
        dibentuk = datetime.date(rng.randint(2014, 2023), rng.randint(1, 12), rng.randint(1, 28))
        wksbm = w[Wksbm].add(
            tingkat=Wksbm.Tingkat.DESA,
            wilayah_id=kode,
            nama=f"WKSBM {sebutan} {desa.nama}",
            alamat_sekretariat=f"{'Kantor Lurah' if kelurahan else 'Balai Desa'} {desa.nama}",
            kontak_nama=psm_nama,
            tanggal_dibentuk=dibentuk,
            catatan=PENANDA,
        )
        # Growth steps: the `belum` ones stop before the SK.
        langkah = list(TahapWksbm.Tahap)
        if keadaan == "belum":
            langkah = langkah[: rng.randint(1, 3)]
        tanggal = dibentuk
        for tahap in langkah:
            values = {
                "wksbm_id": wksbm,
                "wilayah_id": kode,
                "siklus": 1,
                "tahap": tahap,
                "urutan": TahapWksbm.URUTAN[tahap],
                "tanggal": tanggal,
                "dicatat_oleh_id": pencatat,
                "dicatat_pada": _saat(tanggal, 10),
            }
            if tahap == TahapWksbm.Tahap.PENGESAHAN:
                kepala, _p = _nama(rng)
                name, size, sha = self.sk
                berkas = w[Berkas].add(
                    id=uuid.UUID(bytes=random.Random(f"sk-{kode}").randbytes(16)),
                    wilayah_id=kode,
                    jenis=Berkas.Jenis.DOKUMEN,
                    nama_asli=f"SK WKSBM {desa.nama}.pdf",
                    tipe_mime="application/pdf",
                    ekstensi=".pdf",
                    ukuran=size,
                    sha256=sha,
                    berkas=name,
                    diunggah_oleh_id=pencatat,
                    diunggah=_saat(tanggal, 11),
                )
                values.update(
                    sk_nomor=f"141/{rng.randint(1, 99):02d}/SK/{tanggal.year}",
                    sk_tanggal=tanggal,
                    sk_penandatangan_nama=kepala,
                    sk_penandatangan_jabatan=f"{'Lurah' if kelurahan else 'Kepala Desa'} "
                    f"{desa.nama}",
                    sk_berkas_id=berkas,
                )
            w[TahapWksbm].add(**values)
            tanggal += datetime.timedelta(days=rng.randint(14, 90))
        tanggal = min(tanggal, hari_ini)
        ada_sk = keadaan != "belum"

        # Pengurus and member institutions once the pengurus were formed.
        pengurus = []
        if len(langkah) >= 3:
            jabatan = ["pelindung", "ketua", "sekretaris", "bendahara", "seksi", "seksi"]
            for j in jabatan[: rng.randint(4, 6)]:
                nama, _p = _nama(rng)
                pengurus.append(
                    w[PengurusWksbm].add(
                        wksbm_id=wksbm,
                        wilayah_id=kode,
                        nama=nama,
                        jabatan=j,
                        bidang="Pendataan PPKS" if j == "seksi" else "",
                        mulai=dibentuk,
                        aktif=True,
                    )
                )
            for jenis_pk, jenis_nama in rng.sample(
                self.jenis_lembaga, min(len(self.jenis_lembaga), rng.randint(2, 7))
            ):
                w[LembagaAnggota].add(
                    wksbm_id=wksbm,
                    wilayah_id=kode,
                    jenis_id=jenis_pk,
                    nama=f"{jenis_nama} {desa.nama}",
                    tanggal_bergabung=dibentuk,
                )

        # The PPKS of the desa.
        self._kk = None
        ppks_ids = [self._ppks(rng, desa, pencatat) for _ in range(self.ppks_per_desa)]
        ppks_ids = [pk for pk in ppks_ids if pk is not None]

        if not ada_sk:
            return
        # Months with activity, up to the month it stopped.
        awal = max(_geser(self.bulan_ini, -BULAN_RIWAYAT + 1), tanggal.replace(day=1))
        akhir = _geser(self.bulan_ini, -rng.randint(*berhenti))
        bulan_list = []
        bulan = awal
        while bulan <= akhir:
            bulan_list.append(bulan)
            bulan = _geser(bulan, 1)

        inti = pengurus[1:]
        for bulan in bulan_list:
            if rng.random() < rapat_bln:
                hari = _hari(rng, bulan, hari_ini)
                rapat = w[RapatWksbm].add(
                    wksbm_id=wksbm,
                    wilayah_id=kode,
                    tanggal=hari,
                    tempat=f"Balai {sebutan} {desa.nama}",
                    agenda=rng.choice(AGENDA),
                    notulen="Rapat dibuka oleh ketua; peserta menyepakati tindak lanjut.",
                    jumlah_hadir_lain=rng.randint(2, 15),
                    dicatat_oleh_id=pencatat,
                    dibuat=_saat(min(hari + datetime.timedelta(days=rng.randint(0, 6)),
                                     hari_ini), 19),
                )  # fmt: skip
                for p in inti:
                    if rng.random() < 0.8:
                        w[KehadiranRapat].add(rapat_id=rapat, pengurus_id=p, wilayah_id=kode)

        kegiatan_ids = self._kegiatan(rng, kode, wksbm, bulan_list, kegiatan_bln, pencatat,
                                      tksk_akun, ppks_ids)  # fmt: skip
        self._kas(rng, kode, wksbm, bulan_list, kas_bln, pencatat, ppks_ids, kegiatan_ids)
        for bulan in bulan_list[::3]:
            w[Kunjungan].add(
                pendamping_id=tksk_pk,
                wilayah_id=kode,
                wksbm_id=wksbm,
                tanggal=_hari(rng, bulan, hari_ini),
                jenis=rng.choice(["kunjungan", "verifikasi", "rapat"]),
                uraian=f"Pendampingan WKSBM {sebutan} {desa.nama}",
                dibuat_oleh_id=tksk_akun,
            )

    def _keadaan(self, rng: random.Random):
        pick, total = rng.random(), 0.0
        for row in KEADAAN:
            total += row[1]
            if pick < total:
                return row
        return KEADAAN[-1]

    def _ppks(self, rng: random.Random, desa: Wilayah, pencatat) -> int | None:
        w = self.w
        kec = desa.kode[:8].replace(".", "")
        nama, perempuan = _nama(rng)
        nama = f"{nama} {rng.choice(KELUARGA)}"
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 29000))
        seri = self.seri[kec, born]
        self.seri[kec, born] = seri + 1
        nik = f"{kec}{born.day + (40 if perempuan else 0):02d}{born:%m%y}{seri:04d}"
        indeks = crypto.blind_index(nik, purpose="nik")
        if seri > 9999 or indeks in self.nik_ada:
            return None
        # Households of about three share a family card.
        if self._kk is None or rng.random() < 0.35:
            terbit = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(0, 5000))
            self.seri["kk", kec, terbit] += 1
            self._kk = f"{kec}{terbit:%d%m%y}{self.seri['kk', kec, terbit]:04d}"
        no_kk = self._kk
        jenis = rng.choice(JENIS_PPKS)
        perlu_dicek = rng.random() < 0.04
        pk = w[Ppks].add(
            nik_sandi=crypto.encrypt(nik, purpose="nik"),
            nik_indeks=indeks,
            nik_samaran=mask(nik),
            no_kk_sandi=crypto.encrypt(no_kk, purpose="no_kk"),
            no_kk_indeks=crypto.blind_index(no_kk, purpose="no_kk"),
            no_kk_samaran=mask(no_kk),
            nama=nama,
            nama_kunci=nama_kunci(nama),
            jenis_kelamin="P" if perempuan else "L",
            tempat_lahir=desa.nama,
            tanggal_lahir=born,
            wilayah_id=desa.kode,
            dusun=f"Dusun {rng.choice(['I', 'II', 'III'])}",
            rt=str(rng.randint(1, 12)),
            rw=str(rng.randint(1, 4)),
            status_dtsen=rng.choice(["terdaftar", "terdaftar", "tidak_terdaftar", "belum_dicek"]),
            desil_dtsen=rng.randint(1, 5),
            ditemukan_oleh_id=pencatat,
            tanggal_ditemukan=self.hari_ini - datetime.timedelta(days=rng.randint(0, 900)),
            perlu_dicek=perlu_dicek,
            alasan_dicek="Nama berbeda dengan KK; mohon dicek." if perlu_dicek else "",
        )
        self.nik_ada.add(indeks)
        for kode_jenis in jenis:
            w[Ppks.jenis.through].add(ppks_id=pk, jenisppks_id=self.jenis_ppks[kode_jenis])
        if rng.random() < 0.2:
            w[LayananPpks].add(
                ppks_id=pk,
                wilayah_id=desa.kode,
                jenis=rng.choice(list(LayananPpks.Jenis)),
                tanggal=self.hari_ini - datetime.timedelta(days=rng.randint(0, 400)),
                penyedia=rng.choice(["wksbm", "psm", "dinsos"]),
                dicatat_oleh_id=pencatat,
            )
        return pk

    def _kegiatan(self, rng, kode, wksbm, bulan_list, per_bulan, pencatat, tksk_akun, ppks_ids):
        w, hari_ini = self.w, self.hari_ini
        lalu = _geser(self.bulan_ini, -1)
        dibuat = []
        for bulan in bulan_list:
            n = int(per_bulan) + (rng.random() < per_bulan % 1)
            for _ in range(n):
                jenis, judul = rng.choice(KEGIATAN)
                tanggal = _hari(rng, bulan, hari_ini)
                baru = bulan >= lalu
                pick = rng.random()
                if baru:
                    status = (
                        "draft" if pick < 0.2 else "dilaporkan" if pick < 0.6 else "diverifikasi"
                    )
                else:
                    status = (
                        "dikembalikan" if pick < 0.03 else "dilaporkan" if pick < 0.1
                        else "diverifikasi"
                    )  # fmt: skip
                if status == "diverifikasi" and tksk_akun is None:
                    status = "dilaporkan"
                lapor = _saat(min(tanggal + datetime.timedelta(days=rng.randint(0, 6)), hari_ini),
                              18)  # fmt: skip
                pk = w[Kegiatan].add(
                    wksbm_id=wksbm,
                    wilayah_id=kode,
                    judul=judul,
                    jenis=jenis,
                    tanggal=tanggal,
                    tempat="Balai desa",
                    jumlah_peserta=rng.randint(8, 60),
                    sumber_dana=rng.choice(
                        ["kas_wksbm", "dana_desa", "add", "donasi", "tanpa_biaya"]
                    ),  # fmt: skip
                    status=status,
                    alasan_dikembalikan="Foto kegiatan belum dilampirkan."
                    if status == "dikembalikan"
                    else "",
                    dilaporkan_pada=None if status == "draft" else lapor,
                    diverifikasi_oleh_id=tksk_akun if status == "diverifikasi" else None,
                    diverifikasi_pada=lapor + datetime.timedelta(days=3)
                    if status == "diverifikasi"
                    else None,
                    dicatat_oleh_id=pencatat,
                    dibuat=lapor,
                    diubah=lapor,
                )
                dibuat.append(pk)
                if jenis in MENOLONG and ppks_ids:
                    for ppks in rng.sample(ppks_ids, min(len(ppks_ids), rng.randint(1, 3))):
                        w[PenerimaKegiatan].add(kegiatan_id=pk, ppks_id=ppks, wilayah_id=kode)
        return dibuat

    def _kas(self, rng, kode, wksbm, bulan_list, per_bulan, pencatat, ppks_ids, kegiatan_ids):
        """A fund book that satisfies the book's triggers: numbered from 1, dated in order,
        each balance the previous one plus or minus the amount, never below zero."""
        w, hari_ini = self.w, self.hari_ini
        tanggal_list = []
        for bulan in bulan_list:
            n = int(per_bulan) + (rng.random() < per_bulan % 1)
            tanggal_list += [_hari(rng, bulan, hari_ini) for _ in range(n)]
        if not tanggal_list:
            return
        tanggal_list.sort()
        entries, saldo = [], 0
        for tanggal in tanggal_list:
            jumlah = rng.randint(5, 80) * 10_000
            values = {}
            if saldo >= jumlah and rng.random() < 0.45:
                tujuan = rng.choice(["ppks", "ppks", "kegiatan", "operasional"])
                if tujuan == "ppks" and ppks_ids:
                    values["ppks_id"] = rng.choice(ppks_ids)
                elif tujuan == "kegiatan" and kegiatan_ids:
                    values["kegiatan_id"] = rng.choice(kegiatan_ids)
                else:
                    tujuan = "operasional"
                saldo -= jumlah
                values.update(arah="keluar", tujuan=tujuan, uraian=f"Pengeluaran {tujuan}")
            else:
                sumber = rng.choice(SUMBER_MASUK)
                if sumber == "beras_perelek":
                    values.update(kuantitas=jumlah // 12_500, satuan="kg")
                saldo += jumlah
                values.update(arah="masuk", sumber=sumber, uraian=f"Penerimaan {sumber}")
            entries.append((tanggal, jumlah, saldo, values))
        # The book with its running figures, as the services keep them.
        buku = w[BukuKas].add(
            wksbm_id=wksbm,
            wilayah_id=kode,
            saldo=saldo,
            jumlah_entri=len(entries),
            tanggal_terakhir=tanggal_list[-1],
        )
        for urutan, (tanggal, jumlah, saldo_setelah, values) in enumerate(entries, start=1):
            w[EntriKas].add(
                buku_id=buku,
                wksbm_id=wksbm,
                wilayah_id=kode,
                urutan=urutan,
                tanggal=tanggal,
                bulan=tanggal.replace(day=1),
                jumlah=jumlah,
                saldo_setelah=saldo_setelah,
                dicatat_oleh_id=pencatat,
                dicatat_pada=_saat(tanggal, 15),
                **values,
            )


def build(
    *, ukuran: str, kode: str | None = None, stdout=None, ppks_per_desa: int = PPKS_PER_DESA
) -> Laporan:
    """Synthetic data for every desa of the area (`kode`, or the default area of `ukuran`);
    `ppks_per_desa` smaller only for tests."""
    kode = UKURAN[ukuran] if kode is None else kode
    started = time.perf_counter()
    desa_qs = Wilayah.objects.filter(
        region_q(kode, "kode"), tingkat=kodelib.TINGKAT_DESA, aktif=True
    )
    per_kab: dict[str, list[Wilayah]] = defaultdict(list)
    for desa in desa_qs.order_by("kode").only("kode", "nama", "induk_id"):
        per_kab[desa.kode[:5]].append(desa)
    nama = dict(
        Wilayah.objects.filter(
            region_q(kode, "kode"), tingkat=kodelib.TINGKAT_KECAMATAN
        ).values_list("kode", "nama")
    )
    pembangun = Pembangun(hari_ini=timezone.localdate(), ppks_per_desa=ppks_per_desa)
    for nomor, (kab, desa_list) in enumerate(sorted(per_kab.items()), start=1):
        pembangun.kabupaten(kab, desa_list, nama)
        if stdout is not None:
            lap = pembangun.laporan
            stdout.write(
                f"  [{nomor}/{len(per_kab)}] {kab}: {lap.desa} desa, {lap.total:,} baris, "
                f"{time.perf_counter() - started:.0f} s"
            )
    # Fresh planner statistics for what was written (autovacuum would catch up within minutes;
    # until then PostgreSQL plans as if the tables were nearly empty).
    with connection.cursor() as cursor:
        for table in sorted(pembangun.laporan.tables):
            cursor.execute(f"ANALYZE {table}")
    pembangun.laporan.detik = time.perf_counter() - started
    return pembangun.laporan
