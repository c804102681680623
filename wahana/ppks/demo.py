"""Demo PPKS of Gunung Mas (62.10): a few thousand plausible, fictional people in households
(No KK), with kinds, DTSEN desil, services and referrals; Tanjung Riu (62.10.02.2003) gets a
fuller set and two duplicate pairs to review. NIKs have a valid format (62 10 <kecamatan>
<birth date> <serial>) and are fictional. Written with bulk inserts: a few seconds."""

import datetime
import random

from django.db.models import Q

from wahana.akun.models import User
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from .models import (
    DuplikatPpks,
    JenisPpks,
    LayananPpks,
    Ppks,
    RiwayatRujukan,
    RujukanPpks,
)
from .nama import nama_kunci
from .services import identitas_prepare

KABUPATEN = "62.10"
TANJUNG_RIU = "62.10.02.2003"
SEED = 62102003
TODAY = datetime.date(2026, 11, 1)

NAMA_DEPAN_L = [
    "Agustinus", "Yohanes", "Markus", "Natalis", "Rinto", "Junaidi", "Ahmad", "Muhammad",
    "Sabran", "Darmawan", "Hendra", "Yusuf", "Rahmadi", "Kristian", "Petrus", "Anyai", "Tingang",
    "Ulin", "Dehen", "Simpei", "Bajik", "Rusdi", "Ramli", "Supriadi", "Fransiskus", "Elias",
]  # fmt: skip
NAMA_DEPAN_P = [
    "Maria", "Yohana", "Siti", "Rusdiana", "Natalia", "Rini", "Yuliana", "Elisabet", "Nurhayati",
    "Marlina", "Lusiana", "Rosmiati", "Salmah", "Idah", "Kristina", "Agnes", "Dewi", "Ester",
    "Yanti", "Inang", "Tambun", "Ningsih", "Rahmawati", "Herlina",
]  # fmt: skip
NAMA_KELUARGA = [
    "Lambung", "Nyahu", "Pahu", "Ambun", "Tundan", "Rangka", "Dagang", "Riwut", "Kerang", "Sahari",
    "Saputra", "Handrianto", "Bungai", "Tuah", "Liang", "Jaya", "Usup", "Asang", "Ilin", "Sanden",
    "Sangalang", "Mihing", "Luhing", "Andin", "Sinar", "Tarung", "Umbing", "Rahan",
]  # fmt: skip
DUSUN = ["Dusun I", "Dusun II", "Dusun III", "Lewu Hulu", "Lewu Hilir"]
KEBUTUHAN = {
    "24": "Bantuan pangan dan perbaikan rumah tidak layak huni.",
    "08": "Pendampingan lansia, alat bantu jalan, pemeriksaan kesehatan rutin.",
    "09": "Alat bantu, terapi, dan pelatihan keterampilan.",
    "02": "Biaya sekolah dan pendampingan pengasuhan.",
    "23": "Modal usaha kecil dan pelatihan keterampilan.",
    "21": "Hunian sementara dan kebutuhan dasar pascabanjir.",
    "26": "Akses air bersih, layanan kesehatan keliling, dan pendidikan anak.",
    "19": "Pendampingan psikososial dan rujukan hukum.",
}
LEMBAGA = ["RSUD Kuala Kurun", "Puskesmas Kurun", "Dinas Sosial Gunung Mas", "Sentra Terpadu",
           "UPT Pelayanan Sosial Lanjut Usia Kalteng", "LKSA Harapan Kasih"]  # fmt: skip
LAYANAN_KETERANGAN = {
    "pencegahan": "Penyuluhan pencegahan kekerasan dalam rumah tangga.",
    "rehabilitasi": "Terapi dan pendampingan psikososial.",
    "perlindungan": "Bantuan sembako dari iuran WKSBM.",
    "pemberdayaan": "Pelatihan menganyam rotan dan modal usaha.",
    "jaminan": "Pendaftaran PBI JKN.",
    "rujukan": "Diantar ke fasilitas layanan.",
}


def _birth(rng: random.Random, kind: str) -> datetime.date:
    if kind in ("02",):
        age = rng.randint(5, 17)
    elif kind == "08":
        age = rng.randint(60, 88)
    else:
        age = rng.randint(19, 70)
    return TODAY - datetime.timedelta(days=age * 365 + rng.randint(0, 364))


class _Niks:
    """Unique valid-format NIKs and No KKs for Gunung Mas."""

    def __init__(self, rng):
        self.rng = rng
        self.used: set[str] = set()

    def nik(self, kecamatan: str, born: datetime.date, sex: str) -> str:
        day = born.day + (40 if sex == "P" else 0)
        while True:
            value = f"6210{kecamatan}{day:02d}{born:%m%y}{self.rng.randint(1, 9999):04d}"
            if value not in self.used:
                self.used.add(value)
                return value

    def no_kk(self, kecamatan: str) -> str:
        while True:
            value = f"6210{kecamatan}{self.rng.randint(1, 28):02d}{self.rng.randint(1, 12):02d}"
            value += f"{self.rng.randint(10, 25):02d}{self.rng.randint(1, 9999):04d}"
            if value not in self.used:
                self.used.add(value)
                return value


def load(*, stdout) -> None:
    if Ppks.objects.filter(Q(wilayah_id=KABUPATEN) | Q(wilayah__kode__startswith="62.10.")):
        stdout.write("PPKS demo: sudah ada, dilewati.")
        return
    rng = random.Random(SEED)
    desa_list = list(
        Wilayah.objects.filter(kode__startswith="62.10.", tingkat=kodelib.TINGKAT_DESA)
        .order_by("kode")
        .values_list("kode", flat=True)
    )
    if not desa_list:
        stdout.write("PPKS demo: wilayah Gunung Mas belum dimuat, dilewati.")
        return
    kinds = {j.kode: j for j in JenisPpks.objects.all()}
    psm = User.objects.filter(username="psm.tanjungriu").first()
    niks = _Niks(rng)
    people: list[tuple[Ppks, list[str]]] = []
    for kode in desa_list:
        households = rng.randint(30, 40) if kode == TANJUNG_RIU else rng.randint(10, 22)
        for _household in range(households):
            people += _household_members(rng, niks, kode, psm if kode == TANJUNG_RIU else None)
    # Komunitas Adat Terpencil in the upstream kecamatan: groups without NIK.
    for kode in rng.sample([d for d in desa_list if d[:8] in ("62.10.08", "62.10.09")], 4):
        group = Ppks(
            subjek=Ppks.Subjek.KELOMPOK,
            nama=f"Komunitas Adat Terpencil {rng.choice(['Hulu', 'Batu', 'Riam', 'Tumbang'])} "
            f"{rng.choice(NAMA_KELUARGA)}",
            wilayah_id=kode,
            kebutuhan=KEBUTUHAN["26"],
            status_dtsen=Ppks.StatusDtsen.BELUM_DICEK,
            tanggal_ditemukan=TODAY - datetime.timedelta(days=rng.randint(30, 700)),
        )
        people.append((group, ["26"]))
    for ppks, _kinds in people:
        ppks.nama_kunci = nama_kunci(ppks.nama)
    Ppks.objects.bulk_create([p for p, _k in people], batch_size=1000)
    through = Ppks.jenis.through
    through.objects.bulk_create(
        [through(ppks_id=p.pk, jenisppks_id=kinds[k].pk) for p, ks in people for k in ks],
        batch_size=2000,
    )
    layanan, rujukan = _history(rng, [p for p, _k in people], psm)
    duplicates = _duplicates(rng, niks, psm)
    stdout.write(
        f"PPKS demo: {len(people)} PPKS di {len(desa_list)} desa/kelurahan Gunung Mas, "
        f"{layanan} layanan, {rujukan} rujukan, {duplicates} pasangan duplikat untuk ditinjau."
    )


def _household_members(rng, niks: _Niks, kode: str, psm) -> list[tuple[Ppks, list[str]]]:
    kecamatan = kode.split(".")[2]
    no_kk = niks.no_kk(kecamatan)
    family = rng.choice(NAMA_KELUARGA)
    head_kind = rng.choices(["24", "08", "23", "09", "21", "19"], [50, 18, 12, 10, 6, 4])[0]
    kinds_of_members = [head_kind]
    if rng.random() < 0.35:
        kinds_of_members.append(rng.choice(["02", "09", "08"]))
    if rng.random() < 0.1:
        kinds_of_members.append("02")
    desil = rng.choices([1, 2, 3, 4, 5, None], [25, 25, 18, 12, 5, 15])[0]
    dusun = rng.choice(DUSUN)
    rt = f"{rng.randint(1, 8):02d}"
    found = TODAY - datetime.timedelta(days=rng.randint(10, 900))
    members = []
    for index, kind in enumerate(kinds_of_members):
        sex = "P" if kind == "23" else rng.choice("LP")
        born = _birth(rng, kind)
        first = rng.choice(NAMA_DEPAN_P if sex == "P" else NAMA_DEPAN_L)
        nik = niks.nik(kecamatan, born, sex)
        recorded_born = born
        if rng.random() < 0.03:
            # Real records: a birth date on the card that differs from the NIK's segment.
            recorded_born = born + datetime.timedelta(days=rng.randint(1, 40))
        identitas = identitas_prepare(
            nik=nik, no_kk=no_kk, tanggal_lahir=recorded_born, jenis_kelamin=sex
        )
        extra = [kind]
        if kind == "24" and index == 0 and rng.random() < 0.2:
            extra.append("23" if sex == "P" else "08" if born.year < 1966 else "24")
        ppks = Ppks(
            nama=f"{first} {family}",
            jenis_kelamin=sex,
            tempat_lahir=rng.choice(["Kuala Kurun", "Tewah", "Palangka Raya", "Sepang", "Kurun"]),
            tanggal_lahir=recorded_born,
            wilayah_id=kode,
            dusun=dusun,
            rt=rt,
            rw="",
            kebutuhan=KEBUTUHAN.get(kind, KEBUTUHAN["24"]),
            disabilitas_ragam=rng.choice(["fisik", "sensorik", "intelektual", "mental"])
            if kind == "09"
            else "",
            disabilitas_keterangan="Memerlukan alat bantu." if kind == "09" else "",
            status_dtsen=Ppks.StatusDtsen.TERDAFTAR if desil else Ppks.StatusDtsen.BELUM_DICEK,
            desil_dtsen=desil,
            dasar_pemrosesan=Ppks.DasarPemrosesan.TUGAS_PUBLIK,
            ditemukan_oleh=psm,
            tanggal_ditemukan=found,
            perlu_dicek=bool(identitas.warnings),
            alasan_dicek="\n".join(identitas.warnings),
            **identitas.fields,
        )
        members.append((ppks, sorted(set(extra))))
    return members


def _history(rng, people: list[Ppks], psm) -> tuple[int, int]:
    layanan, rujukan, riwayat = [], [], []
    for ppks in people:
        if rng.random() < 0.4:
            for _n in range(rng.randint(1, 3)):
                jenis = rng.choice(list(LAYANAN_KETERANGAN))
                layanan.append(
                    LayananPpks(
                        ppks=ppks,
                        wilayah_id=ppks.wilayah_id,
                        jenis=jenis,
                        tanggal=TODAY - datetime.timedelta(days=rng.randint(1, 500)),
                        penyedia=rng.choices(["wksbm", "psm", "dinsos", "lainnya"], [5, 3, 2, 1])[
                            0
                        ],
                        keterangan=LAYANAN_KETERANGAN[jenis],
                        dicatat_oleh=psm if ppks.wilayah_id == TANJUNG_RIU else None,
                    )
                )
        if rng.random() < 0.05:
            start = TODAY - datetime.timedelta(days=rng.randint(20, 300))
            steps = rng.choice(
                [["dirujuk"], ["dirujuk", "diterima"], ["dirujuk", "diterima", "ditangani"],
                 ["dirujuk", "diterima", "ditangani", "selesai"], ["dirujuk", "ditolak"]]
            )  # fmt: skip
            item = RujukanPpks(
                ppks=ppks,
                wilayah_id=ppks.wilayah_id,
                lembaga=rng.choice(LEMBAGA),
                tanggal=start,
                alasan="Memerlukan layanan lanjutan di luar kemampuan WKSBM.",
                status=steps[-1],
            )
            rujukan.append((item, steps, start))
    LayananPpks.objects.bulk_create(layanan, batch_size=2000)
    RujukanPpks.objects.bulk_create([r for r, _s, _d in rujukan], batch_size=1000)
    for item, steps, start in rujukan:
        for offset, status in enumerate(steps):
            riwayat.append(
                RiwayatRujukan(
                    rujukan=item,
                    wilayah_id=item.wilayah_id,
                    status=status,
                    tanggal=start + datetime.timedelta(days=offset * rng.randint(2, 15)),
                    catatan="" if status == "dirujuk" else "Dikonfirmasi lembaga penerima.",
                )
            )
    RiwayatRujukan.objects.bulk_create(riwayat, batch_size=2000)
    return len(layanan), len(rujukan)


def _duplicates(rng, niks: _Niks, psm) -> int:
    """Two people of Tanjung Riu entered twice, the way it happens: spelling and titles differ,
    the second entry has another NIK typed from a different document."""
    kinds = JenisPpks.objects.filter(kode__in=["24", "08"])
    pairs = 0
    for first, second, born, sex in (
        ("Muhammad Ramli", "H. M. Ramli", datetime.date(1958, 3, 17), "L"),
        ("Siti Nurhayati, S.Pd.", "Siti  Nurhayati", datetime.date(1971, 11, 2), "P"),
    ):
        records = []
        for name in (first, second):
            nik = niks.nik("02", born, sex)
            identitas = identitas_prepare(nik=nik, no_kk="", tanggal_lahir=born, jenis_kelamin=sex)
            ppks = Ppks.objects.create(
                nama=name,
                nama_kunci=nama_kunci(name),
                jenis_kelamin=sex,
                tanggal_lahir=born,
                wilayah_id=TANJUNG_RIU,
                ditemukan_oleh=psm,
                tanggal_ditemukan=TODAY,
                **identitas.fields,
            )
            ppks.jenis.set(kinds)
            records.append(ppks)
        DuplikatPpks.objects.create(
            utama=records[0],
            duplikat=records[1],
            wilayah_id=TANJUNG_RIU,
            skor=88,
            alasan=["Nama mirip (100%) dan tanggal lahir sama di kabupaten yang sama"],
        )
        pairs += 1
    return pairs
