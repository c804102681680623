"""Demo WKSBM of Gunung Mas (62.10), telling the story of PRODUCT.md.

Every one of the 127 desa/kelurahan has a WKSBM. Most were formed in 2014 (persiapan to
pengesahan within the year, SK signed by the kepala desa or lurah), met a few times and went
quiet after 2015 ("mati suri"). A few never got their SK and stayed at sosialisasi or
pembentukan pengurus. After the province bimtek of 10 July 2018 in Kuala Kurun, some of the
trained villages started a second cycle (revitalisasi); Tanjung Riu completed it in 2019 and has
met monthly since. People's names are fictional. Safe to re-run: desa that already have a WKSBM
are left as they are.
"""

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF

from wahana.akun.models import User
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from . import services
from .models import PengurusWksbm, TahapWksbm, Wksbm

KABUPATEN = "62.10"
TANJUNG_RIU = "62.10.02.2003"
# Revived after the 2018 bimtek: all four stages of a second cycle (SK in 2019).
REVIVED = {TANJUNG_RIU, "62.10.01.2002"}  # Tanjung Riu, Sepang Kota
# Revival started after the bimtek but not finished: the last stage their second cycle reached.
REVIVING = {
    "62.10.02.1001": TahapWksbm.Tahap.SOSIALISASI,  # Tampang Tumbang Anjir
    "62.10.02.2002": TahapWksbm.Tahap.PEMBENTUKAN,  # Petak Bahandang
    "62.10.01.2003": TahapWksbm.Tahap.PERSIAPAN,  # Tewai Baru
}
BIMTEK = datetime.date(2018, 7, 10)
NEVER_SK_COUNT = 14  # WKSBM whose first cycle stopped before pengesahan

NAMA_DEPAN = [
    "Agustinus",
    "Yulius",
    "Markus",
    "Yohanes",
    "Benyamin",
    "Elia",
    "Yosua",
    "Rinto",
    "Hendra",
    "Sapta",
    "Yanto",
    "Rahmat",
    "Ahmad",
    "Yusuf",
    "Abdul",
    "Eko",
    "Natalia",
    "Rusdiana",
    "Elisabeth",
    "Debora",
    "Kristina",
    "Herlina",
    "Lilis",
    "Santi",
    "Marlina",
    "Siti",
    "Nurhayati",
    "Fitri",
    "Yuliana",
    "Selvi",
    "Ririn",
    "Desy",
    "Mariati",
    "Linda",
    "Wiwin",
    "Uria",
    "Teguh",
    "Dedi",
    "Indra",
]
NAMA_BELAKANG = [
    "Ahat",
    "Nyahu",
    "Lambung",
    "Pahu",
    "Ambun",
    "Ringkai",
    "Tingang",
    "Bungai",
    "Sahay",
    "Dohong",
    "Ranying",
    "Usup",
    "Ngabut",
    "Saman",
    "Pangun",
    "Rambang",
    "Enyun",
    "Ruwai",
    "Liling",
    "Pandung",
    "Kuhun",
    "Tuah",
    "Anggen",
    "Pasang",
    "Bahen",
    "Jinu",
    "Kiting",
]

LEMBAGA = [
    ("kelompok-gereja", "Persekutuan Kaum Ibu GKE Jemaat {desa}"),
    ("majelis-taklim", "Majelis Taklim Nurul Iman {desa}"),
    ("pkk-dasawisma", "TP PKK {desa}"),
    ("karang-taruna", "Karang Taruna Tunas Harapan {desa}"),
    ("posyandu", "Posyandu Melati {desa}"),
    ("lembaga-adat", "Mantir Adat {desa}"),
    ("rukun-kematian", "Rukun Kematian {desa}"),
    ("kelompok-tani", "Kelompok Tani Harapan Jaya {desa}"),
    ("arisan", "Arisan Ibu-ibu {desa}"),
]

AGENDA_SEPI = [
    "Pembentukan pengurus dan pembagian tugas seksi",
    "Pendataan warga lanjut usia dan anak yatim",
    "Rencana iuran sukarela (jimpitan) warga",
]
AGENDA_AKTIF = [
    ("Pendataan warga rentan bulan ini", "Daftar diperbarui; dua keluarga baru diusulkan ke TKSK."),
    ("Penyaluran beras perelek", "Beras terkumpul disalurkan kepada lansia terlantar."),
    ("Kunjungan ke keluarga korban banjir", "Bantuan sembako dari iuran warga diserahkan."),
    ("Usulan kegiatan sosial ke Musdes", "Usulan santunan lansia dimasukkan ke RKPDes."),
    ("Laporan kas dan iuran warga", "Kas dilaporkan; iuran bulanan tetap Rp5.000 per KK."),
    ("Pendampingan anak putus sekolah", "Dua anak didampingi kembali ke sekolah paket."),
]


def _nama(rng: random.Random) -> str:
    return f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)}"


def _telepon(rng: random.Random) -> str:
    return f"0852{rng.randint(10000000, 99999999)}"


def _sk_pdf(*, desa: Wilayah, nomor: str, tanggal: datetime.date, penandatangan: str) -> bytes:
    """A one-page stand-in for the scanned SK."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    jabatan = "LURAH" if kodelib.is_kelurahan(desa.kode) else "KEPALA DESA"
    pdf.cell(0, 8, f"KEPUTUSAN {jabatan} {desa.nama.upper()}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 7, f"Nomor: {nomor}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        6,
        "Tentang pembentukan Wahana Kesejahteraan Sosial Berbasis Masyarakat (WKSBM) "
        f"{desa.nama}. Ditetapkan tanggal {tanggal:%d-%m-%Y}. (Dokumen demo Wahana.)",
    )
    pdf.ln(10)
    pdf.cell(0, 7, penandatangan, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _cycle(
    *,
    user,
    wksbm,
    desa,
    rng,
    start: datetime.date,
    until: str,
    siklus: int,
    kepala: str,
):
    """Record one growth cycle from `start`, 3 to 8 weeks between stages."""
    tanggal = start
    stages = services.URUTAN_TAHAP[: services.URUTAN_TAHAP.index(until) + 1]
    for tahap in stages:
        extra = {}
        if tahap == TahapWksbm.Tahap.PENGESAHAN:
            kantor = "Lurah" if kodelib.is_kelurahan(desa.kode) else "Kepala Desa"
            nomor = f"{rng.randint(100, 480)}/{rng.randint(1, 40):02d}/WKSBM/{tanggal.year}"
            extra = {
                "sk_nomor": nomor,
                "sk_tanggal": tanggal,
                "sk_penandatangan_nama": kepala,
                "sk_penandatangan_jabatan": f"{kantor} {desa.nama}",
                "sk_upload": SimpleUploadedFile(
                    f"SK-WKSBM-{desa.nama}-{tanggal.year}.pdf",
                    _sk_pdf(desa=desa, nomor=nomor, tanggal=tanggal, penandatangan=kepala),
                    content_type="application/pdf",
                ),
            }
        keterangan = {
            TahapWksbm.Tahap.PERSIAPAN: (
                "Koordinasi dengan kepala desa/lurah"
                if siklus == 1
                else "Revitalisasi setelah bimtek Dinsos Provinsi 10 Juli 2018"
            ),
            TahapWksbm.Tahap.SOSIALISASI: "Sosialisasi kepada tokoh masyarakat dan lembaga",
            TahapWksbm.Tahap.PEMBENTUKAN: "Musyawarah pembentukan pengurus",
            TahapWksbm.Tahap.PENGESAHAN: "Pengesahan dengan SK",
        }[tahap]
        services.tahap_record(
            acting_user=user,
            wksbm=wksbm,
            tahap=tahap,
            tanggal=tanggal,
            keterangan=keterangan,
            **extra,
        )
        tanggal += datetime.timedelta(days=rng.randint(21, 56))
    return tanggal


def _pengurus(
    *, user, wksbm, rng, mulai, kepala, lengkap: bool, ketua: str | None = None
) -> list[PengurusWksbm]:
    Jabatan = PengurusWksbm.Jabatan
    roles = [(Jabatan.PELINDUNG, kepala, ""), (Jabatan.KETUA, ketua, "")]
    roles += [(Jabatan.SEKRETARIS, None, ""), (Jabatan.BENDAHARA, None, "")]
    if lengkap:
        roles += [
            (Jabatan.WAKIL_KETUA, None, ""),
            (Jabatan.SEKSI, None, "Pendataan dan pelayanan"),
            (Jabatan.SEKSI, None, "Penggalangan dana"),
            (Jabatan.ANGGOTA, None, ""),
            (Jabatan.ANGGOTA, None, ""),
        ]
    return [
        services.pengurus_add(
            acting_user=user,
            wksbm=wksbm,
            nama=nama or _nama(rng),
            jabatan=jabatan,
            bidang=bidang,
            telepon=_telepon(rng) if jabatan != Jabatan.PELINDUNG else "",
            mulai=mulai,
        )
        for jabatan, nama, bidang in roles
    ]


def _lembaga(*, user, wksbm, desa, rng, tanggal, count: int) -> None:
    """`count` new member institutions, of kinds the WKSBM does not have yet."""
    have = set(wksbm.lembaga_set.values_list("jenis__kode", flat=True))
    choices = [item for item in LEMBAGA if item[0] not in have]
    for kode, nama in rng.sample(choices, min(count, len(choices))):
        services.lembaga_add(
            acting_user=user,
            wksbm=wksbm,
            jenis=kode,
            nama=nama.format(desa=desa.nama),
            kontak_nama=_nama(rng),
            kontak_telepon=_telepon(rng),
            tanggal_bergabung=tanggal,
        )


def _quiet_meetings(*, user, wksbm, desa, rng, pengurus, formed: datetime.date) -> None:
    """One to three meetings between formation and the end of 2015, then silence."""
    last = datetime.date(2015, 12, 31)
    tanggal = formed
    for agenda in AGENDA_SEPI[: rng.randint(1, 3)]:
        if tanggal > last:
            break
        services.rapat_create(
            acting_user=user,
            wksbm=wksbm,
            tanggal=tanggal,
            tempat=f"Balai Desa {desa.nama}",
            agenda=agenda,
            notulen="Rapat dibuka oleh ketua; peserta sepakat melanjutkan pendataan.",
            hadir=[p for p in pengurus if rng.random() < 0.8],
            jumlah_hadir_lain=rng.randint(3, 15),
        )
        tanggal += datetime.timedelta(days=rng.randint(60, 200))


def _monthly_meetings(*, user, wksbm, desa, rng, pengurus, mulai: datetime.date) -> None:
    today = timezone.localdate()
    year, month = mulai.year, mulai.month
    while True:
        tanggal = datetime.date(year, month, rng.randint(5, 25))
        if tanggal > today:
            break
        agenda, keputusan = rng.choice(AGENDA_AKTIF)
        services.rapat_create(
            acting_user=user,
            wksbm=wksbm,
            tanggal=tanggal,
            tempat=rng.choice(
                [f"Balai Desa {desa.nama}", "Rumah ketua WKSBM", "Gereja/masjid desa"]
            ),
            agenda=agenda,
            keputusan=keputusan,
            notulen=f"Rapat rutin bulan {tanggal:%m/%Y}. {keputusan}",
            hadir=[p for p in pengurus if p.jabatan != "pelindung" and rng.random() < 0.85],
            jumlah_hadir_lain=rng.randint(2, 12),
        )
        month += 1
        if month > 12:
            year, month = year + 1, 1


def load(*, stdout) -> None:
    user = User.objects.filter(username="dinsos").first()
    desa_list = list(
        Wilayah.objects.filter(
            kode__startswith=KABUPATEN + ".", tingkat=kodelib.TINGKAT_DESA, aktif=True
        ).order_by("kode")
    )
    # Chosen once from the full list so the story stays the same on every run.
    ordinary = [d.kode for d in desa_list if d.kode not in REVIVED and d.kode not in REVIVING]
    never_sk = set(random.Random(18).sample(ordinary, min(NEVER_SK_COUNT, len(ordinary))))
    existing = set(
        Wksbm.objects.filter(tingkat=Wksbm.Tingkat.DESA, wilayah__in=desa_list).values_list(
            "wilayah_id", flat=True
        )
    )
    if user is None:
        stdout.write("WKSBM demo dilewati: akun demo 'dinsos' belum ada.")
        return
    created = 0
    for desa in desa_list:
        # Each desa draws from its own generator: adding or skipping one changes no other.
        rng = random.Random(f"wksbm-{desa.kode}")
        if desa.kode in existing:
            continue
        created += 1
        kelurahan = kodelib.is_kelurahan(desa.kode)
        kepala = _nama(rng)
        start = datetime.date(2014, rng.randint(2, 6), rng.randint(1, 28))
        until = (
            rng.choice([TahapWksbm.Tahap.SOSIALISASI, TahapWksbm.Tahap.PEMBENTUKAN])
            if desa.kode in never_sk
            else TahapWksbm.Tahap.PENGESAHAN
        )
        wksbm = services.wksbm_create(
            acting_user=user,
            kode_wilayah=desa.kode,
            nama=f"WKSBM {'Kelurahan' if kelurahan else 'Desa'} {desa.nama}",
            alamat_sekretariat=f"{'Kantor Lurah' if kelurahan else 'Balai Desa'} {desa.nama}",
            tanggal_dibentuk=start,
        )
        end = _cycle(
            user=user,
            wksbm=wksbm,
            desa=desa,
            rng=rng,
            start=start,
            until=until,
            siklus=1,
            kepala=kepala,
        )
        pengurus = []
        if until != TahapWksbm.Tahap.SOSIALISASI:
            pengurus = _pengurus(
                user=user,
                wksbm=wksbm,
                rng=rng,
                mulai=start + datetime.timedelta(days=60),
                kepala=kepala,
                lengkap=False,
            )
            _lembaga(
                user=user, wksbm=wksbm, desa=desa, rng=rng, tanggal=start, count=rng.randint(2, 4)
            )
            _quiet_meetings(
                user=user, wksbm=wksbm, desa=desa, rng=rng, pengurus=pengurus, formed=end
            )
        if desa.kode in REVIVED or desa.kode in REVIVING:
            _revive(user=user, wksbm=wksbm, desa=desa, rng=rng, old=pengurus)
    stdout.write(
        f"WKSBM demo: {created} dibuat, {len(existing)} sudah ada "
        f"({len(desa_list)} desa/kelurahan Gunung Mas)."
    )


def _revive(*, user, wksbm, desa, rng, old) -> None:
    """The second cycle after the 2018 bimtek; the old pengurus end their terms when the new
    ones are formed, and the WKSBM starts meeting monthly once legalised."""
    start = BIMTEK + datetime.timedelta(days=rng.randint(7, 20))
    until = REVIVING.get(desa.kode, TahapWksbm.Tahap.PENGESAHAN)
    kepala = _nama(rng)
    _cycle(
        user=user,
        wksbm=wksbm,
        desa=desa,
        rng=rng,
        start=start,
        until=until,
        siklus=2,
        kepala=kepala,
    )
    if until not in (TahapWksbm.Tahap.PEMBENTUKAN, TahapWksbm.Tahap.PENGESAHAN):
        return
    formed = wksbm.tahap_set.get(siklus=2, tahap=TahapWksbm.Tahap.PEMBENTUKAN).tanggal
    for p in old:
        services.pengurus_end(acting_user=user, pengurus=p, selesai=formed)
    baru = _pengurus(
        user=user,
        wksbm=wksbm,
        rng=rng,
        mulai=formed,
        kepala=kepala,
        lengkap=True,
        # The demo account pengurus.tanjungriu (Agustinus Nyahu) is the ketua of Tanjung Riu.
        ketua="Agustinus Nyahu" if desa.kode == TANJUNG_RIU else None,
    )
    _lembaga(user=user, wksbm=wksbm, desa=desa, rng=rng, tanggal=formed, count=rng.randint(3, 5))
    if until == TahapWksbm.Tahap.PENGESAHAN:
        sah = wksbm.tahap_set.get(siklus=2, tahap=TahapWksbm.Tahap.PENGESAHAN).tanggal
        _monthly_meetings(
            user=user,
            wksbm=wksbm,
            desa=desa,
            rng=rng,
            pengurus=baru,
            mulai=sah + datetime.timedelta(days=20),
        )
