"""Demo activities: the WKSBM revived after the 2018 bimtek (a completed second cycle, i.e. a
pengesahan in siklus 2 — Tanjung Riu and Sepang Kota) did something every month from December
2025 to November 2026, for PPKS of their desa, verified by the TKSK of their kecamatan. The last
month waits for verification; one activity was returned once and corrected. The dormant WKSBM
get nothing. Safe to re-run: a WKSBM that already has activities is left alone."""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from wahana.akun.models import Peran, User
from wahana.lib import kode as kodelib
from wahana.ppks.models import Ppks
from wahana.wksbm.models import TahapWksbm, Wksbm

from .models import Kegiatan
from .selectors import program_pilihan_for
from .services import (
    kegiatan_create,
    kegiatan_report,
    kegiatan_return,
    kegiatan_update,
    kegiatan_verify,
)

MULAI = datetime.date(2025, 12, 1)
BULAN = 12
# (title, kind, source of funds, how many beneficiaries)
RENCANA = [
    ("Rapat koordinasi pengurus dan lembaga anggota", "rapat_koordinasi", "tanpa_biaya", 0),
    ("Kunjungan rumah lansia terlantar", "perlindungan", "kas_wksbm", 4),
    ("Penggalangan jimpitan dan beras perelek bersama PKK", "penggalangan_dana", "tanpa_biaya", 0),
    ("Sosialisasi pemutakhiran DTSEN di balai desa", "sosialisasi", "tanpa_biaya", 0),
    ("Santunan anak yatim dan keluarga miskin", "jaminan_sosial", "kas_wksbm", 5),
    ("Gotong royong perbaikan rumah tidak layak huni", "rehabilitasi", "kas_wksbm", 1),
    ("Santunan dan pemeriksaan kesehatan lansia", "jaminan_sosial", "dana_desa", 6),
    ("Pelatihan anyaman rotan bagi penyandang disabilitas", "pemberdayaan", "kas_wksbm", 3),
    ("Pendampingan rujukan berobat ke RSUD Kuala Kurun", "rujukan", "kas_wksbm", 1),
    ("Penyuluhan pencegahan perkawinan anak", "pencegahan", "tanpa_biaya", 0),
    ("Bantuan sembako bagi korban banjir", "perlindungan", "kas_wksbm", 4),
    ("Rapat evaluasi tahunan WKSBM", "rapat_koordinasi", "tanpa_biaya", 0),
]
TEMPAT = ["Balai desa", "Rumah warga RT 02", "Gereja/masjid setempat", "Posyandu", "Rumah ketua"]


def wksbm_bangkit() -> list[Wksbm]:
    """The revived WKSBM: a completed revitalisasi (pengesahan in a second or later cycle)."""
    return list(
        Wksbm.objects.filter(tahap_set__siklus__gte=2, tahap_set__tahap=TahapWksbm.Tahap.PENGESAHAN)
        .distinct()
        .select_related("wilayah")
        .order_by("wilayah_id")
    )


def pelaku_for(wksbm: Wksbm) -> tuple[User | None, User | None]:
    """The account that writes for the WKSBM (its pengurus, else the kabupaten operator) and the
    one that verifies (the TKSK of the kecamatan, else the province admin)."""
    kode = wksbm.kode_wilayah
    penulis = (
        User.objects.filter(peran=Peran.PENGURUS_WKSBM, wilayah_id=kode, is_active=True).first()
        or User.objects.filter(
            peran=Peran.OPERATOR_KABUPATEN, wilayah_id=kode[:5], is_active=True
        ).first()
    )
    pemeriksa = (
        User.objects.filter(
            peran=Peran.TKSK, wilayah_id=kodelib.induk(kode), is_active=True
        ).first()
        or User.objects.filter(peran=Peran.ADMIN_PROVINSI, wilayah_id=kode[:2]).first()
    )
    return penulis, pemeriksa


def _foto(judul: str, rng: random.Random) -> SimpleUploadedFile:
    image = Image.new("RGB", (960, 640), (rng.randint(40, 120), rng.randint(90, 160), 90))
    ImageDraw.Draw(image).text((40, 300), judul, fill="white")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("kegiatan.jpg", out.getvalue(), content_type="image/jpeg")


def _at(month_index: int, day: int) -> datetime.date:
    year, month = divmod(MULAI.month - 1 + month_index, 12)
    return datetime.date(MULAI.year + year, month + 1, day)


def load(*, stdout) -> None:
    today = timezone.localdate()
    made = 0
    for wksbm in wksbm_bangkit():
        if Kegiatan.objects.filter(wksbm=wksbm).exists():
            continue
        penulis, pemeriksa = pelaku_for(wksbm)
        if penulis is None or pemeriksa is None:
            stdout.write(f"Kegiatan demo {wksbm}: akun pencatat/pemeriksa belum ada, dilewati.")
            continue
        rng = random.Random(f"kegiatan-{wksbm.kode_wilayah}")
        ppks = list(
            Ppks.objects.filter(wilayah_id=wksbm.kode_wilayah, status=Ppks.Status.AKTIF).order_by(
                "id"
            )
        )
        programs = list(program_pilihan_for(wksbm.kode_wilayah)[:3])
        for i in range(BULAN):
            judul, jenis, sumber, berapa = RENCANA[i]
            tanggal = _at(i, rng.randint(8, 22))
            if tanggal > today:
                break
            kegiatan = kegiatan_create(
                acting_user=penulis,
                wksbm=wksbm,
                judul=judul,
                jenis=jenis,
                tanggal=tanggal,
                tempat=rng.choice(TEMPAT),
                uraian=f"{judul} di {wksbm.wilayah.nama}.",
                jumlah_peserta=rng.randint(8, 40),
                sumber_dana=sumber,
                program=programs[0] if jenis == "rehabilitasi" and programs else None,
                penerima=rng.sample(ppks, min(berapa, len(ppks))),
                foto_uploads=[_foto(judul, rng)] if i % 4 == 1 else [],
            )
            kegiatan_report(acting_user=penulis, kegiatan=kegiatan)
            made += 1
            if i == BULAN - 1 or tanggal.replace(day=1) == today.replace(day=1):
                continue  # the latest month waits for the TKSK
            if i == 3:
                kegiatan_return(
                    acting_user=pemeriksa,
                    kegiatan=kegiatan,
                    alasan="Lampirkan daftar hadir dan jumlah peserta yang benar.",
                )
                kegiatan_update(
                    acting_user=penulis, kegiatan=kegiatan, jumlah_peserta=rng.randint(20, 35)
                )
                kegiatan_report(acting_user=penulis, kegiatan=kegiatan)
            kegiatan_verify(acting_user=pemeriksa, kegiatan=kegiatan)
    stdout.write(f"Kegiatan demo: {made} kegiatan WKSBM yang bangkit kembali.")
