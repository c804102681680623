"""Demo of the offline field app: a day up the Kahayan without signal, synced in Kuala Kurun.
The PSM of Tanjung Riu recorded a new PPKS and a WKSBM meeting with attendance, the TKSK of
Kurun a pendampingan visit with a photo, and the pengurus a jimpitan receipt with its receipt
photo; each went through the outbox receiver (the same path as the phone), so the records carry
their client ids. Safe to re-run: an id already received is left alone."""

import hashlib
import io
import uuid
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from wahana.akun.models import User
from wahana.wksbm.models import PengurusWksbm, Wksbm

from .models import Jenis, Kiriman
from .services import foto_receive, kiriman_receive

TANJUNG_RIU = "62.10.02.2003"
# Fixed ids: the demo is deterministic, and a re-run finds what it sent.
NAMESPACE = uuid.UUID("6f1b0a52-2d0f-4c55-9a5e-5a3c1d2b7e10")


def _client_id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


def _foto(user, caption: str) -> str:
    image = Image.new("RGB", (640, 480), (214, 206, 180))
    ImageDraw.Draw(image).text((24, 24), caption, fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    data = out.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    upload = SimpleUploadedFile(f"{caption}.jpg", data, content_type="image/jpeg")
    foto_receive(acting_user=user, upload=upload, sha256=digest)
    return digest


def _items(today) -> list[tuple[str, str, str, Callable]]:
    """(name, username, kind, data builder): the builder gets the user."""
    tanggal = today.isoformat()

    def wksbm_tr():
        return Wksbm.objects.filter(wilayah_id=TANJUNG_RIU).order_by("pk").first()

    def ppks(user):
        return {
            "kode_wilayah": TANJUNG_RIU,
            "nama": "Martha Ringkai",
            "jenis_kelamin": "P",
            "dusun": "Hulu",
            "alamat": "Tepi Sungai Kahayan, RT 03",
            "kebutuhan": "Lansia tinggal sendiri; perlu pendampingan dan sembako",
            "jenis": ["01"],
            "konfirmasi_duplikat": True,
        }

    def rapat(user):
        wksbm = wksbm_tr()
        hadir = PengurusWksbm.objects.filter(wksbm=wksbm, aktif=True).order_by("pk")[:3]
        return {
            "wksbm_id": wksbm.pk,
            "tanggal": tanggal,
            "tempat": "Balai Desa Tanjung Riu",
            "agenda": "Jadwal jimpitan dan kunjungan lansia (dicatat tanpa sinyal)",
            "keputusan": "Jimpitan tiap Sabtu; PSM mengunjungi lansia tinggal sendiri",
            "hadir": [p.pk for p in hadir],
            "jumlah_hadir_lain": 5,
        }

    def kunjungan(user):
        return {
            "kode_wilayah": TANJUNG_RIU,
            "wksbm_id": wksbm_tr().pk,
            "tanggal": tanggal,
            "jenis": "kunjungan",
            "uraian": "Pendampingan pengurus WKSBM (dicatat tanpa sinyal)",
            "temuan": "Kuitansi jimpitan belum dilampirkan di buku kas.",
            "foto": [_foto(user, "kunjungan-tanjung-riu")],
        }

    def kas(user):
        return {
            "wksbm_id": wksbm_tr().pk,
            "tanggal": tanggal,
            "sumber": "jimpitan",
            "jumlah": 85000,
            "uraian": "Jimpitan RT 01-03 (dicatat tanpa sinyal)",
            "foto": [_foto(user, "kuitansi-jimpitan")],
        }

    return [
        ("ppks", "psm.tanjungriu", Jenis.PPKS, ppks),
        ("rapat", "psm.tanjungriu", Jenis.RAPAT, rapat),
        ("kunjungan", "tksk.kurun", Jenis.KUNJUNGAN, kunjungan),
        ("kas", "pengurus.tanjungriu", Jenis.KAS_MASUK, kas),
    ]


def load(*, stdout) -> None:
    today = timezone.localdate()
    if not Wksbm.objects.filter(wilayah_id=TANJUNG_RIU).exists():
        stdout.write("Kiriman lapangan demo dilewati: WKSBM Tanjung Riu belum ada.")
        return
    sent = skipped = 0
    for name, username, jenis, build in _items(today):
        client_id = _client_id(name)
        user = User.objects.filter(username=username).first()
        if user is None or Kiriman.objects.filter(client_id=client_id).exists():
            skipped += 1
            continue
        try:
            kiriman_receive(acting_user=user, client_id=client_id, jenis=jenis, data=build(user))
        except (ValidationError, PermissionDenied) as error:
            # The demo's other modules decide the day (a closed month, a missing link): say so.
            stdout.write(f"Kiriman lapangan demo '{name}' ditolak: {error}")
            skipped += 1
            continue
        sent += 1
    stdout.write(f"Kiriman lapangan demo: {sent} tersinkron, {skipped} sudah ada/dilewati.")
