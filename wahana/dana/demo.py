"""Demo fund books: the WKSBM revived after the 2018 bimtek (see wahana/kegiatan/demo.py) raised
weekly jimpitan from December 2025 to November 2026, with beras perelek and the odd donation,
helped PPKS of their desa (each help also recorded as a service in the PPKS's history), paid for
their verified activities, corrected one doubled entry by reversal, and closed every finished
month (verified by the TKSK, the last one still waiting). Tanjung Riu's 2026 Dana Desa proposal
went through the Musdes, RKPDes and APBDes and was realised; Sepang Kota proposed for 2027.
The dormant WKSBM get nothing. Safe to re-run: a book that has entries is left alone."""

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF

from wahana.kegiatan.demo import pelaku_for, wksbm_bangkit
from wahana.kegiatan.models import Kegiatan
from wahana.ppks.models import JenisPpks, Ppks

from .bulan import bulan_berikut, bulan_ini
from .models import BukuKas, EntriKas, UsulanDanaDesa
from .services import (
    entri_kas_disburse,
    entri_kas_receive,
    entri_kas_reverse,
    tutup_buku_close,
    tutup_buku_verify,
    usulan_create,
    usulan_status_update,
)

MULAI = datetime.date(2025, 12, 7)  # the first Sunday of December 2025
SAMPAI = datetime.date(2026, 11, 30)
HARGA_BERAS_PER_KG = 14_000
TANJUNG_RIU = "62.10.02.2003"
DANA_DESA_CAIR = datetime.date(2026, 5, 18)
SANTUNAN_DANA_DESA = datetime.date(2026, 6, 24)
BANTUAN = ["sembako", "biaya berobat", "perlengkapan sekolah"]


def _berita_acara(wksbm, tanggal: datetime.date) -> SimpleUploadedFile:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "BERITA ACARA MUSYAWARAH DESA", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0,
        6,
        f"Pada tanggal {tanggal:%d/%m/%Y} Musyawarah Desa {wksbm.wilayah.nama} menyepakati "
        f"usulan {wksbm.nama} untuk dimasukkan ke RKPDes. (Dokumen contoh data demo.)",
    )
    return SimpleUploadedFile("berita-acara.pdf", bytes(pdf.output()), "application/pdf")


def _events(wksbm, rng: random.Random, today: datetime.date) -> list[tuple]:
    """(date, order, kind, data) of one year of the book, in date order."""
    events = []
    day = MULAI
    while day <= min(SAMPAI, today):
        events.append((day, 0, "jimpitan", {"jumlah": rng.randrange(60_000, 180_000, 5_000)}))
        day += datetime.timedelta(days=7)
    month = MULAI.replace(day=1)
    while month <= min(SAMPAI, today):
        kg = rng.randint(8, 20)
        events.append((month.replace(day=3), 0, "beras", {"kg": kg}))
        for _ in range(rng.randint(1, 2)):
            events.append((month.replace(day=rng.randint(12, 26)), 1, "bantuan", {}))
        if rng.random() < 0.5:
            events.append((month.replace(day=27), 1, "operasional", {}))
        if rng.random() < 0.25:
            events.append((month.replace(day=15), 0, "donasi", {}))
        month = bulan_berikut(month)
    if wksbm.kode_wilayah == TANJUNG_RIU and today >= DANA_DESA_CAIR:
        events.append((DANA_DESA_CAIR, 0, "dana_desa", {"jumlah": 7_500_000}))
        events.append((SANTUNAN_DANA_DESA, 1, "santunan_dana_desa", {"jumlah": 7_200_000}))
    # One receipt entered twice by mistake, then corrected.
    events.append((datetime.date(2026, 3, 8), 0, "ganda", {}))
    return sorted((e for e in events if e[0] <= today), key=lambda e: (e[0], e[1]))


def load(*, stdout) -> None:
    today = timezone.localdate()
    for wksbm in wksbm_bangkit():
        if BukuKas.objects.filter(wksbm=wksbm, jumlah_entri__gt=0).exists():
            continue
        penulis, pemeriksa = pelaku_for(wksbm)
        if penulis is None or pemeriksa is None:
            stdout.write(f"Buku kas demo {wksbm}: akun bendahara/TKSK belum ada, dilewati.")
            continue
        _book(wksbm, penulis, pemeriksa, today)
        _proposal(wksbm, penulis, today)
        kas = BukuKas.objects.get(wksbm=wksbm)
        saldo = f"{kas.saldo:,}".replace(",", ".")
        stdout.write(
            f"Buku kas demo {wksbm}: {kas.jumlah_entri} entri, saldo Rp{saldo}, "
            f"ditutup sampai {kas.tutup_sampai:%m/%Y}."
        )


def _book(wksbm, penulis, pemeriksa, today) -> None:
    rng = random.Random(f"dana-{wksbm.kode_wilayah}")
    ppks = list(
        Ppks.objects.filter(wilayah_id=wksbm.kode_wilayah, status=Ppks.Status.AKTIF).order_by("id")
    )
    kegiatan = {
        (k.tanggal.year, k.tanggal.month): k
        for k in Kegiatan.objects.filter(
            wksbm=wksbm, status=Kegiatan.Status.DIVERIFIKASI, sumber_dana="kas_wksbm"
        )
    }
    paid = set()
    open_month = MULAI.replace(day=1)
    common = {"acting_user": penulis, "wksbm": wksbm}
    for tanggal, _order, kind, data in _events(wksbm, rng, today):
        while open_month < tanggal.replace(day=1):
            _close(wksbm, penulis, pemeriksa, open_month)
            open_month = bulan_berikut(open_month)
        saldo = BukuKas.objects.filter(wksbm=wksbm).values_list("saldo", flat=True).first() or 0
        key = (tanggal.year, tanggal.month)
        if key in kegiatan and key not in paid and kegiatan[key].tanggal <= tanggal:
            biaya = min(rng.randrange(200_000, 600_000, 25_000), saldo)
            if biaya > 0:
                entri_kas_disburse(
                    tanggal=tanggal,
                    tujuan=EntriKas.Tujuan.KEGIATAN,
                    jumlah=biaya,
                    uraian=f"Biaya: {kegiatan[key].judul}",
                    kegiatan=kegiatan[key],
                    **common,
                )
                paid.add(key)
                saldo -= biaya
        if kind == "jimpitan":
            entri_kas_receive(
                tanggal=tanggal,
                sumber=EntriKas.Sumber.JIMPITAN,
                jumlah=data["jumlah"],
                uraian=f"Jimpitan minggu {tanggal:%d/%m}",
                **common,
            )
        elif kind == "beras":
            entri_kas_receive(
                tanggal=tanggal,
                sumber=EntriKas.Sumber.BERAS_PERELEK,
                jumlah=data["kg"] * HARGA_BERAS_PER_KG,
                kuantitas=data["kg"],
                satuan=EntriKas.Satuan.KG,
                uraian=f"Beras perelek RT 01-04 (Rp{HARGA_BERAS_PER_KG:,}/kg)".replace(",", "."),
                **common,
            )
        elif kind == "donasi":
            entri_kas_receive(
                tanggal=tanggal,
                sumber=EntriKas.Sumber.DONASI,
                jumlah=rng.randrange(250_000, 1_000_000, 50_000),
                uraian="Donasi warga perantau",
                **common,
            )
        elif kind == "dana_desa":
            entri_kas_receive(
                tanggal=tanggal,
                sumber=EntriKas.Sumber.DANA_DESA,
                jumlah=data["jumlah"],
                uraian="Dana Desa 2026 untuk santunan lansia (usulan Musdes)",
                **common,
            )
        elif kind == "santunan_dana_desa":
            santunan = Kegiatan.objects.filter(wksbm=wksbm, sumber_dana="dana_desa").first()
            if santunan is not None and data["jumlah"] <= saldo:
                entri_kas_disburse(
                    tanggal=tanggal,
                    tujuan=EntriKas.Tujuan.KEGIATAN,
                    jumlah=data["jumlah"],
                    uraian="Santunan 25 lansia dan honor tenaga kesehatan (Dana Desa)",
                    kegiatan=santunan,
                    **common,
                )
        elif kind == "ganda":
            entri = entri_kas_receive(
                tanggal=tanggal,
                sumber=EntriKas.Sumber.JIMPITAN,
                jumlah=200_000,
                uraian="Jimpitan RT 03 (tercatat dua kali)",
                **common,
            )
            entri_kas_reverse(
                acting_user=penulis,
                entri=entri,
                tanggal=tanggal,
                alasan="jimpitan RT 03 sudah tercatat pada minggu ini",
            )
        elif kind == "bantuan" and ppks:
            jumlah = rng.randrange(150_000, 500_000, 25_000)
            if jumlah <= saldo:
                penerima = rng.choice(ppks)
                entri_kas_disburse(
                    tanggal=tanggal,
                    tujuan=EntriKas.Tujuan.PPKS,
                    jumlah=jumlah,
                    uraian=f"Bantuan {rng.choice(BANTUAN)} untuk {penerima.nama}",
                    ppks=penerima,
                    jenis_layanan=rng.choice(["perlindungan", "jaminan"]),
                    **common,
                )
        elif kind == "operasional":
            jumlah = rng.randrange(25_000, 100_000, 5_000)
            if jumlah <= saldo:
                entri_kas_disburse(
                    tanggal=tanggal,
                    tujuan=EntriKas.Tujuan.OPERASIONAL,
                    jumlah=jumlah,
                    uraian="Alat tulis dan fotokopi laporan",
                    **common,
                )
    # Close every finished month; the current month stays open.
    while open_month < bulan_ini():
        _close(wksbm, penulis, pemeriksa, open_month)
        open_month = bulan_berikut(open_month)


def _close(wksbm, penulis, pemeriksa, bulan) -> None:
    tutup = tutup_buku_close(acting_user=penulis, wksbm=wksbm, bulan=bulan)
    # The month just before the current one still waits for the TKSK.
    if bulan_berikut(bulan) < bulan_ini():
        tutup_buku_verify(acting_user=pemeriksa, tutup=tutup, catatan="Cocok dengan kuitansi.")


def _proposal(wksbm, penulis, today) -> None:
    if UsulanDanaDesa.objects.filter(wksbm=wksbm).exists():
        return
    lansia = JenisPpks.objects.filter(nama__icontains="lanjut usia")
    if wksbm.kode_wilayah != TANJUNG_RIU:
        musdes = datetime.date(2026, 10, 14)
        if musdes <= today:
            usulan_create(
                acting_user=penulis,
                wksbm=wksbm,
                tahun=2027,
                judul="Pelatihan keterampilan bagi penyandang disabilitas",
                bidang=UsulanDanaDesa.Bidang.PEMBERDAYAAN,
                jumlah=12_000_000,
                sumber=UsulanDanaDesa.Sumber.DANA_DESA,
                jenis_ppks=JenisPpks.objects.filter(nama__icontains="disabilitas"),
                jumlah_penerima=10,
                tanggal_musdes=musdes,
                berita_acara_upload=_berita_acara(wksbm, musdes),
            )
        return
    musdes = datetime.date(2025, 9, 16)
    usulan = usulan_create(
        acting_user=penulis,
        wksbm=wksbm,
        tahun=2026,
        judul="Santunan dan pemeriksaan kesehatan lansia terlantar",
        bidang=UsulanDanaDesa.Bidang.PEMBINAAN,
        jumlah=7_500_000,
        sumber=UsulanDanaDesa.Sumber.DANA_DESA,
        jenis_ppks=lansia,
        jumlah_penerima=25,
        tanggal_musdes=musdes,
        berita_acara_upload=_berita_acara(wksbm, musdes),
    )
    for status, tanggal, catatan in (
        ("masuk_rkpdes", datetime.date(2025, 10, 21), "Masuk RKPDes 2026"),
        ("masuk_apbdes", datetime.date(2025, 12, 29), "Perdes APBDes 2026 ditetapkan"),
    ):
        usulan_status_update(
            acting_user=penulis, usulan=usulan, status=status, tanggal=tanggal, catatan=catatan
        )
    realised = datetime.date(2026, 6, 30)
    if realised > today:
        return
    usulan_status_update(
        acting_user=penulis,
        usulan=usulan,
        status="direalisasikan",
        tanggal=realised,
        catatan="Dana Desa tahap II cair; santunan dan pemeriksaan kesehatan terlaksana.",
        penerimaan=EntriKas.objects.filter(wksbm=wksbm, sumber=EntriKas.Sumber.DANA_DESA),
        kegiatan=Kegiatan.objects.filter(wksbm=wksbm, sumber_dana="dana_desa"),
    )
