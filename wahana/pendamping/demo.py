"""Demo social workers of Gunung Mas (62.10): the 12 TKSK (one per kecamatan; the TKSK of
Damang Batu resigned in mid-2026, leaving that kecamatan uncovered), PSM in about two thirds of
the 127 villages, a year of pendampingan visits (December 2025 to November 2026) with the gaps
real work has, follow-up tasks (some overdue), monthly reports in every state (one approved
month corrected by an amendment), and two Dinsos programmes only partly accompanied.

People's names are fictional. The demo accounts tksk.kurun, tksk.sepang and psm.tanjungriu are
linked to their records. Safe to re-run: when the TKSK already exist nothing is added again.
"""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from wahana.akun.models import User
from wahana.berkas.models import Berkas
from wahana.berkas.services import berkas_store
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah
from wahana.wksbm.selectors import batas_laporan_for

from .models import (
    FotoKunjungan,
    Kunjungan,
    LaporanBulanan,
    Pendamping,
    PenugasanPsm,
    Program,
    ProgramDesa,
    TindakLanjut,
)
from .services import laporan_baris_copy

KABUPATEN = "62.10"
SEED = 621002
MULAI = datetime.date(2025, 12, 1)
AKHIR = datetime.date(2026, 11, 30)
TANJUNG_RIU = "62.10.02.2003"
# kecamatan: (name, sex); Kurun and Sepang carry the demo accounts' names.
TKSK = {
    "62.10.01": ("Selvi Ambun", "P"),
    "62.10.02": ("Debi Handrianto", "L"),
    "62.10.03": ("Yulius Ringkai", "L"),
    "62.10.04": ("Natalia Dewi Ahat", "P"),
    "62.10.05": ("Markus Tingang", "L"),
    "62.10.06": ("Herlina Kambang", "P"),
    "62.10.07": ("Benyamin Lamiang", "L"),
    "62.10.08": ("Sapta Bungai", "L"),
    "62.10.09": ("Kristina Itat", "P"),
    "62.10.10": ("Rinto Nyangkal", "L"),
    "62.10.11": ("Elisabeth Marina", "P"),
    "62.10.12": ("Hendra Uria", "L"),
}
TKSK_BERHENTI = "62.10.08"  # resigned 30 June 2026: the kecamatan has no active TKSK
TKSK_MASA_HABIS = {"62.10.05", "62.10.11"}  # terms end 31 December 2026
DEMO_AKUN = {"tksk.kurun": "62.10.02", "tksk.sepang": "62.10.01", "psm.tanjungriu": TANJUNG_RIU}

NAMA_DEPAN = [
    "Agus", "Yohana", "Dedi", "Lilis", "Rahmat", "Desy", "Teguh", "Mariati", "Indra", "Wiwin",
    "Eko", "Santi", "Yosua", "Fitri", "Elia", "Linda", "Yanto", "Nurhayati", "Dani", "Marlina",
]  # fmt: skip
NAMA_BELAKANG = [
    "Tuah", "Jaya", "Nahan", "Sandan", "Rangka", "Bajik", "Lewis", "Anum", "Dambung", "Kurik",
    "Talup", "Langkai", "Embang", "Ringkai", "Ahen", "Saputra", "Lestari", "Pahu", "Andin",
]  # fmt: skip
PENDIDIKAN = ["sma", "sma", "sma", "d3", "s1", "s1", "smp"]

# kind: (what was done, what was found) pairs the rows of a report are made of.
KEGIATAN = {
    Kunjungan.Jenis.KUNJUNGAN: [
        ("Pendampingan pengurus WKSBM", "Buku kas WKSBM belum diisi sejak bulan lalu."),
        ("Kunjungan rumah lansia terlantar", "Lansia tinggal sendiri, perlu pendamping harian."),
        ("Kunjungan keluarga penyandang disabilitas", "Kursi roda rusak, usul bantuan alat bantu."),
        ("Pemantauan penerima PKH", ""),
        ("Kunjungan ke sekretariat WKSBM", "Sekretariat belum punya papan data PPKS."),
    ],
    Kunjungan.Jenis.RAPAT: [
        ("Rapat pengurus WKSBM", "Bendahara pindah tugas, perlu pengganti."),
        ("Rapat koordinasi dengan pemerintah desa", "Usulan kegiatan sosial belum masuk RKPDes."),
        ("Musyawarah desa pembahasan APBDes", "Dana sosial desa belum dialokasikan."),
    ],
    Kunjungan.Jenis.VERIFIKASI: [
        ("Verifikasi calon penerima bansos", "Tiga KK tidak ditemukan di alamat."),
        ("Verifikasi data PPKS desa", "Data lansia perlu dimutakhirkan."),
        ("Verifikasi usulan RS-RTLH", "Satu rumah sudah diperbaiki swadaya."),
    ],
    Kunjungan.Jenis.SOSIALISASI: [
        ("Sosialisasi peran WKSBM kepada warga", "Warga belum mengenal WKSBM."),
        ("Sosialisasi DTSEN dan pemutakhiran data", ""),
        ("Sosialisasi penggalangan dana jimpitan", "Disepakati jimpitan beras tiap minggu."),
    ],
    Kunjungan.Jenis.BIMTEK: [
        ("Tindak lanjut bimtek pengelolaan WKSBM", "Pengurus perlu contoh format laporan."),
    ],
    Kunjungan.Jenis.LAINNYA: [
        ("Pendampingan korban banjir", "Dua rumah terendam, bantuan logistik diperlukan."),
        ("Rujukan PPKS ke puskesmas", ""),
    ],
}
JENIS_BOBOT = [
    (Kunjungan.Jenis.KUNJUNGAN, 5),
    (Kunjungan.Jenis.RAPAT, 2),
    (Kunjungan.Jenis.VERIFIKASI, 2),
    (Kunjungan.Jenis.SOSIALISASI, 2),
    (Kunjungan.Jenis.BIMTEK, 1),
    (Kunjungan.Jenis.LAINNYA, 1),
]
TINDAK_LANJUT = [
    "Dampingi bendahara mengisi buku kas",
    "Ajukan usulan alat bantu ke Dinsos",
    "Hubungi kepala desa soal alokasi dana sosial",
    "Mutakhirkan data lansia di Wahana",
    "Pastikan pengganti bendahara dipilih dalam rapat",
    "Antar berkas rujukan ke puskesmas",
    "Cek ulang alamat tiga KK calon penerima",
]
RINGKASAN = [
    "Kegiatan pendampingan berjalan sesuai rencana. Kendala utama: jarak tempuh dan cuaca.",
    "Sebagian besar desa sudah dikunjungi. Pengurus WKSBM perlu pendampingan administrasi.",
    "Fokus bulan ini verifikasi data bansos dan pendampingan WKSBM yang kurang aktif.",
]


def _nama(rng: random.Random) -> str:
    return f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)}"


def _telepon(rng: random.Random) -> str:
    return "08" + "".join(str(rng.randint(0, 9)) for _ in range(10))


def _months():
    month = MULAI
    while month <= AKHIR:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15)))


def _photo(text: str, rng: random.Random) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 420), (rng.randint(60, 120), rng.randint(110, 160), 90))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 260, 600, 380), fill=(245, 240, 225))
    draw.text((60, 300), text, fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("dokumentasi.jpg", out.getvalue(), content_type="image/jpeg")


def load(*, stdout) -> None:
    if Pendamping.objects.filter(
        jenis=Pendamping.Jenis.TKSK, wilayah__kode__startswith="62.10."
    ).exists():
        _link_accounts()
        stdout.write("Pendamping demo sudah ada.")
        return
    rng = random.Random(SEED)
    operator = User.objects.filter(username="dinsos").first()
    today = timezone.localdate()
    kecamatan = {
        w.kode: w for w in Wilayah.objects.filter(induk_id=KABUPATEN, aktif=True).order_by("kode")
    }
    desa = list(Wilayah.objects.filter(induk_id__in=list(kecamatan), aktif=True).order_by("kode"))

    tksk = _create_tksk(rng)
    psm = _create_psm(rng, desa)
    _link_accounts()
    programs = _create_programs(rng, desa, tksk, psm)
    visits = _create_visits(rng, desa, tksk, psm, programs, operator, today)
    _create_tasks(rng, visits, operator, today)
    _create_photos(rng, operator, today)
    reports = _create_reports(rng, list(tksk.values()) + list(psm.values()), operator, today)
    stdout.write(
        f"Pendamping demo: {len(tksk)} TKSK, {len(psm)} PSM, {len(visits)} kunjungan, "
        f"{len(programs)} program, {reports} laporan bulanan."
    )


def _create_tksk(rng) -> dict[str, Pendamping]:
    made = {}
    for kode, (nama, sex) in TKSK.items():
        berhenti = kode == TKSK_BERHENTI
        made[kode] = Pendamping.objects.create(
            jenis=Pendamping.Jenis.TKSK,
            nama=nama,
            nomor_anggota=f"TKSK.{kode}/{rng.choice([2016, 2018, 2019, 2021])}",
            tanggal_lahir=datetime.date(
                rng.randint(1975, 1995), rng.randint(1, 12), rng.randint(1, 28)
            ),
            jenis_kelamin=sex,
            telepon=_telepon(rng),
            alamat=f"Jl. Tjilik Riwut, Kecamatan {Wilayah.objects.get(kode=kode).nama}",
            pendidikan=rng.choice(["sma", "d3", "s1", "s1"]),
            tahun_diangkat=rng.choice([2016, 2018, 2019, 2021]),
            nomor_sk=f"460/{rng.randint(100, 400)}/Dinsos/2024",
            tanggal_sk=datetime.date(2024, 1, 2),
            masa_mulai=datetime.date(2024, 1, 2),
            masa_selesai=datetime.date(2026, 6, 30)
            if berhenti
            else datetime.date(2026, 12, 31)
            if kode in TKSK_MASA_HABIS
            else datetime.date(2027, 12, 31),
            aktif=not berhenti,
            wilayah_id=kode,
        )
    return made


def _create_psm(rng, desa) -> dict[str, Pendamping]:
    made = {}
    chosen = [w for w in desa if w.kode == TANJUNG_RIU or rng.random() < 0.7]
    for w in chosen:
        nama = "Rusdiana Lambung" if w.kode == TANJUNG_RIU else _nama(rng)
        p = Pendamping.objects.create(
            jenis=Pendamping.Jenis.PSM,
            nama=nama,
            nomor_anggota=f"PSM.{w.kode}",
            jenis_kelamin="P" if w.kode == TANJUNG_RIU else rng.choice("LP"),
            telepon=_telepon(rng),
            alamat=f"{w.get_jenis_display()} {w.nama}",
            pendidikan=rng.choice(PENDIDIKAN),
            tahun_diangkat=rng.choice([2015, 2017, 2019, 2022, 2024]),
            nomor_sk=f"460/{rng.randint(400, 900)}/Dinsos/2024",
            tanggal_sk=datetime.date(2024, 3, 1),
            masa_mulai=datetime.date(2024, 3, 1),
            # A few terms end soon: the coverage page lists them.
            masa_selesai=datetime.date(2026, 12, 31)
            if rng.random() < 0.08
            else datetime.date(2028, 2, 29),
            wilayah_id=w.kode,
        )
        PenugasanPsm.objects.create(
            pendamping=p, wilayah_id=w.kode, mulai=datetime.date(2024, 3, 1)
        )
        made[w.kode] = p
    # Some PSM also serve a neighbouring desa of the same kecamatan that has none of its own.
    without = [w for w in desa if w.kode not in made]
    for w in without[: len(without) // 6]:
        neighbours = [p for k, p in made.items() if kodelib.induk(k) == kodelib.induk(w.kode)]
        if neighbours:
            PenugasanPsm.objects.create(
                pendamping=rng.choice(neighbours),
                wilayah_id=w.kode,
                mulai=datetime.date(2025, 1, 6),
            )
    return made


def _link_accounts() -> None:
    for username, kode in DEMO_AKUN.items():
        user = User.objects.filter(username=username).first()
        if user is None or Pendamping.objects.filter(akun=user).exists():
            continue
        jenis = (
            Pendamping.Jenis.PSM
            if kodelib.tingkat(kode) == kodelib.TINGKAT_DESA
            else Pendamping.Jenis.TKSK
        )
        p = (
            Pendamping.objects.filter(jenis=jenis, wilayah_id=kode, aktif=True)
            .order_by("pk")
            .first()
        )
        if p is not None and p.akun_id is None:
            p.akun = user
            p.save(update_fields=["akun"])


def _create_programs(rng, desa, tksk, psm) -> list[Program]:
    bpnt = Program.objects.create(
        nama="Penyaluran BPNT 2026 Tahap I",
        jenis=Program.Jenis.BANSOS,
        mulai=datetime.date(2026, 2, 2),
        selesai=datetime.date(2026, 3, 31),
        keterangan="Penyaluran Bantuan Pangan Non Tunai melalui agen e-warong.",
        wilayah_id=KABUPATEN,
    )
    rtlh = Program.objects.create(
        nama="Rehabilitasi Sosial Rumah Tidak Layak Huni (RS-RTLH) 2026",
        jenis=Program.Jenis.RTLH,
        mulai=datetime.date(2026, 6, 1),
        selesai=datetime.date(2026, 10, 31),
        keterangan="Perbaikan 40 rumah di 12 desa, dikerjakan swakelola bersama warga.",
        wilayah_id=KABUPATEN,
    )
    for program, count in ((bpnt, 40), (rtlh, 12)):
        for w in rng.sample(desa, count):
            tksk_here = tksk[kodelib.induk(w.kode)]
            pendamping = psm.get(w.kode) or (tksk_here if tksk_here.aktif else None)
            if rng.random() < 0.1:
                pendamping = None  # nobody assigned yet
            ProgramDesa.objects.create(program=program, wilayah_id=w.kode, pendamping=pendamping)
    return [bpnt, rtlh]


def _pick_jenis(rng) -> str:
    kinds, weights = zip(*JENIS_BOBOT, strict=True)
    return rng.choices(kinds, weights=weights)[0]


def _create_visits(rng, desa, tksk, psm, programs, operator, today) -> list[Kunjungan]:
    from wahana.wksbm.models import Wksbm

    wksbm = {
        w.wilayah_id: w
        for w in Wksbm.objects.filter(wilayah__kode__startswith="62.10.", tingkat="desa")
    }
    desa_of = {}
    for w in desa:
        desa_of.setdefault(kodelib.induk(w.kode), []).append(w.kode)
    rows = []

    def visit(pendamping, kode, day, program=None):
        jenis = _pick_jenis(rng)
        uraian, temuan = rng.choice(KEGIATAN[jenis])
        if program is not None:
            jenis = Kunjungan.Jenis.VERIFIKASI if rng.random() < 0.5 else Kunjungan.Jenis.KUNJUNGAN
            uraian = f"Pendampingan {program.nama}"
            temuan = rng.choice(
                ["", "Dua penerima belum hadir saat penyaluran.", "Material terlambat datang."]
            )
        rows.append(
            Kunjungan(
                pendamping=pendamping,
                wilayah_id=kode,
                wksbm=wksbm.get(kode) if rng.random() < 0.5 else None,
                program=program,
                tanggal=day,
                jenis=jenis,
                uraian=uraian,
                temuan=temuan,
                dibuat_oleh=operator,
            )
        )

    for month in _months():
        days_in_month = ((month + datetime.timedelta(days=32)).replace(day=1) - month).days
        for kode, p in tksk.items():
            if kode == TKSK_BERHENTI and month > datetime.date(2026, 6, 1):
                continue
            if rng.random() < 0.12:  # a month with no recorded visit (leave, floods, roads)
                continue
            for _ in range(rng.randint(2, 6)):
                day = month.replace(day=rng.randint(1, days_in_month))
                if day <= today:
                    visit(p, rng.choice(desa_of[kode]), day)
        for kode, p in psm.items():
            if rng.random() < 0.35:
                continue
            for _ in range(rng.randint(1, 2)):
                day = month.replace(day=rng.randint(1, days_in_month))
                if day <= today:
                    visit(p, kode, day)
    # Programme visits: only about two thirds of the assigned villages get one (partial).
    program_desa = ProgramDesa.objects.filter(program__in=programs).select_related(
        "program", "pendamping"
    )
    for row in program_desa.order_by("program_id", "wilayah_id"):
        kode = row.wilayah_id
        if row.pendamping is None or rng.random() < 0.35:
            continue
        program = row.program
        span = (program.selesai - program.mulai).days
        day = program.mulai + datetime.timedelta(days=rng.randint(0, span))
        if day <= today:
            visit(row.pendamping, kode, day, program)
    return Kunjungan.objects.bulk_create(rows)


def _create_tasks(rng, visits, operator, today) -> None:
    rows = []
    for k in visits:
        if not k.temuan or rng.random() > 0.3:
            continue
        due = k.tanggal + datetime.timedelta(days=rng.choice([7, 14, 21, 30]))
        status = TindakLanjut.Status.TERBUKA
        if due < today:
            status = rng.choices(
                [
                    TindakLanjut.Status.SELESAI,
                    TindakLanjut.Status.BATAL,
                    TindakLanjut.Status.TERBUKA,
                ],
                weights=[75, 5, 20],
            )[0]
        rows.append(
            TindakLanjut(
                kunjungan=k,
                wilayah_id=k.wilayah_id,
                uraian=rng.choice(TINDAK_LANJUT),
                pemilik_pendamping=k.pendamping,
                batas_waktu=due,
                status=status,
                selesai_pada=_at(min(due, today), 10)
                if status != TindakLanjut.Status.TERBUKA
                else None,
            )
        )
    TindakLanjut.objects.bulk_create(rows)


def _create_photos(rng, operator, today) -> None:
    """A few photos for the visits of the linked demo accounts (they show in their reports)."""
    recent = Kunjungan.objects.filter(
        pendamping__akun__isnull=False, tanggal__gte=datetime.date(2026, 9, 1)
    ).select_related("wilayah")
    for k in list(recent.order_by("tanggal", "pk"))[::3][:12]:
        berkas = berkas_store(
            acting_user=operator,
            upload=_photo(
                f"{k.get_jenis_display()} - {k.wilayah.nama} - {k.tanggal:%d/%m/%Y}", rng
            ),
            kode_wilayah=k.wilayah_id,
            jenis=Berkas.Jenis.FOTO,
        )
        FotoKunjungan.objects.create(
            kunjungan=k, wilayah_id=k.wilayah_id, berkas=berkas, keterangan=k.uraian[:200]
        )


def _create_reports(rng, workers, operator, today) -> int:
    Status = LaporanBulanan.Status
    count = 0
    current = today.replace(day=1)
    batas = batas_laporan_for((KABUPATEN, month) for month in _months())
    for p in workers:
        regular = p.jenis == Pendamping.Jenis.TKSK or rng.random() < 0.6
        for month in _months():
            if month > current or not regular or rng.random() < 0.1:
                continue
            if (
                p.jenis == Pendamping.Jenis.TKSK
                and p.wilayah_id == TKSK_BERHENTI
                and month > datetime.date(2026, 5, 1)
            ):
                continue
            deadline = batas[KABUPATEN, month]
            if month == current:
                status = Status.DRAFT
            elif deadline >= today:
                status = rng.choice([Status.DRAFT, Status.DIAJUKAN, Status.DIAJUKAN])
            elif deadline >= today - datetime.timedelta(days=40):
                status = rng.choices(
                    [Status.DIAJUKAN, Status.REVISI, Status.DISETUJUI], weights=[3, 2, 5]
                )[0]
            else:
                status = rng.choices([Status.DISETUJUI, Status.DITOLAK], weights=[19, 1])[0]
            lap = LaporanBulanan(
                pendamping=p, wilayah_id=p.wilayah_id, bulan=month, status=status,
                ringkasan="" if status == Status.DRAFT else rng.choice(RINGKASAN),
            )  # fmt: skip
            if status != Status.DRAFT:
                # Most on time (by the 5th), some late (up to two weeks).
                late = rng.random() < 0.25
                day = deadline + datetime.timedelta(
                    days=rng.randint(1, 14) if late else -rng.randint(0, 4)
                )
                submitted = _at(min(day, today), rng.randint(8, 16))
                lap.diajukan_pertama = lap.diajukan_pada = submitted
            if status in (Status.DISETUJUI, Status.REVISI, Status.DITOLAK):
                lap.diputuskan_pada = lap.diajukan_pada + datetime.timedelta(days=rng.randint(1, 6))
                lap.diputuskan_oleh = operator
                lap.alasan = {
                    Status.REVISI: "Lengkapi dokumentasi foto dan uraian permasalahan.",
                    Status.DITOLAK: "Laporan tidak sesuai dengan kegiatan yang tercatat.",
                }.get(status, "")
            lap.save()
            if status in (Status.DIAJUKAN, Status.DISETUJUI, Status.DITOLAK):
                laporan_baris_copy(lap)
            count += 1
    # An approved month of the Kurun TKSK corrected by an amendment, now awaiting approval.
    original = (
        LaporanBulanan.objects.filter(
            pendamping__wilayah_id="62.10.02", pendamping__jenis="tksk", status=Status.DISETUJUI
        )
        .order_by("bulan")
        .first()
    )
    if original is not None:
        perubahan = LaporanBulanan.objects.create(
            pendamping=original.pendamping,
            wilayah_id=original.wilayah_id,
            bulan=original.bulan,
            versi=2,
            asal=original,
            status=Status.DIAJUKAN,
            ringkasan=original.ringkasan + " Perubahan: menambahkan kunjungan yang tertinggal.",
            diajukan_pertama=original.diputuskan_pada + datetime.timedelta(days=20),
            diajukan_pada=original.diputuskan_pada + datetime.timedelta(days=20),
        )
        laporan_baris_copy(perubahan)
        count += 1
    return count
