"""Plain factory functions for the offline-capture tests."""

import hashlib
import io
import itertools
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wahana.conftest import DESA_A

URL_KIRIM = "/api/v1/luring/kirim"
URL_FOTO = "/api/v1/luring/foto"
_serial = itertools.count(1)


def jpeg_bytes(color=(200, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, "JPEG")
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ppks_data(**over) -> dict:
    """A new PPKS as the phone sends it (a fresh name each time, no NIK)."""
    data = {
        "kode_wilayah": DESA_A,
        "nama": f"Warga Lapangan {next(_serial)}",
        "jenis_kelamin": "P",
        "alamat": "Jl. Tjilik Riwut",
        "kebutuhan": "Kursi roda",
        "jenis": ["24"],
        "konfirmasi_duplikat": True,
    }
    data.update(over)
    return data


def kegiatan_data(wksbm, **over) -> dict:
    data = {
        "wksbm_id": wksbm.pk,
        "judul": f"Gotong royong {next(_serial)}",
        "jenis": "pemberdayaan",
        "tanggal": "2026-01-10",
        "tempat": "Balai desa",
        "sumber_dana": "tanpa_biaya",
        "jumlah_peserta": "12",
    }
    data.update(over)
    return data


def item(jenis: str, data: dict, client_id: str | None = None) -> dict:
    return {"client_id": client_id or str(uuid.uuid4()), "jenis": jenis, "data": data}


def send(client, payload: dict):
    return client.post(URL_KIRIM, payload, content_type="application/json")


def send_foto(client, data: bytes, digest: str | None = None):
    upload = SimpleUploadedFile("foto.jpg", data, content_type="image/jpeg")
    return client.post(URL_FOTO, {"sha256": digest or sha(data), "foto": upload})


def rapat_data(wksbm, **over) -> dict:
    data = {
        "wksbm_id": wksbm.pk,
        "tanggal": "2026-01-12",
        "tempat": "Balai desa",
        "agenda": f"Rapat pengurus {next(_serial)}",
        "keputusan": "Jimpitan tiap Sabtu",
        "hadir": [],
        "jumlah_hadir_lain": 3,
    }
    data.update(over)
    return data


def kunjungan_data(**over) -> dict:
    data = {
        "kode_wilayah": DESA_A,
        "tanggal": "2026-01-08",
        "jenis": "kunjungan",
        "uraian": f"Pendampingan pengurus {next(_serial)}",
        "temuan": "Buku kas belum diisi.",
    }
    data.update(over)
    return data


def kas_masuk_data(wksbm, **over) -> dict:
    data = {
        "wksbm_id": wksbm.pk,
        "tanggal": "2026-01-09",
        "sumber": "jimpitan",
        "jumlah": "150000",
        "uraian": f"Jimpitan RT 02 minggu {next(_serial)}",
    }
    data.update(over)
    return data
