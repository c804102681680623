import contextlib
import hashlib
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from wahana.audit.services import audit_record

from .models import Berkas
from .validation import check_upload

PHOTO_MAX_SIDE = 1600


def _reencode(data: bytes) -> bytes:
    """Decode and re-encode an image as JPEG: drops anything hidden in it (and EXIF, such as
    the GPS position of a person's house), and shrinks photos for slow links."""
    Image.MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs
    try:
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as error:
        raise ValidationError(_("Gambar rusak atau tidak dapat dibaca.")) from error
    return out.getvalue()


@transaction.atomic
def _write(field_file, content, written: list[str]) -> None:
    """FieldFile.save without the model save, noting the (random) name before writing, so a
    write cut short by the disk can be removed."""
    name = field_file.field.generate_filename(field_file.instance, "x")
    written.append(name)
    field_file.name = field_file.storage.save(name, content, max_length=field_file.field.max_length)
    written[-1] = field_file.name
    field_file._committed = True


def berkas_files_delete(berkas: Berkas) -> None:
    """Remove the files stored for a Berkas whose row was not kept (its transaction rolled
    back), so that no file is left on disk that no record points to."""
    for field_file in (berkas.berkas, berkas.asli):
        if field_file.name:
            with contextlib.suppress(OSError):
                field_file.storage.delete(field_file.name)


def berkas_store(*, acting_user, upload, kode_wilayah: str, jenis: str) -> Berkas:
    """Check an upload by content and size, store it under a random name outside the web root.
    Images are re-encoded; a photo's original is kept too when within WAHANA_PHOTO_ORIGINAL_MB."""
    mime, ext = check_upload(upload, jenis)
    data = upload.read()
    berkas = Berkas(
        wilayah_id=kode_wilayah,
        jenis=jenis,
        nama_asli=(upload.name or "berkas")[-200:],
        tipe_mime=mime,
        ekstensi=ext,
        ukuran=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        diunggah_oleh=acting_user,
        diunggah=timezone.now(),
    )
    stored = data
    if mime.startswith("image/"):
        stored = _reencode(data)
        berkas.tipe_mime, berkas.ekstensi = "image/jpeg", ".jpg"
    written: list[str] = []
    try:
        _write(berkas.berkas, ContentFile(stored), written)
        if jenis == Berkas.Jenis.FOTO and len(data) <= settings.WAHANA_PHOTO_ORIGINAL_MB * 2**20:
            berkas.ekstensi = ext
            _write(berkas.asli, ContentFile(data), written)
            berkas.ekstensi = ".jpg"
    except OSError as error:
        # A full or read-only disk: a clear message, the transaction leaves no row behind, and
        # what was written (a half file, or the copy before the original) is removed.
        for name in written:
            with contextlib.suppress(OSError):
                berkas.berkas.storage.delete(name)
        raise ValidationError(
            _("Penyimpanan berkas gagal (disk penuh?). Hubungi admin.")
        ) from error
    berkas.save()
    audit_record(
        actor=acting_user, aksi="berkas_diunggah", objek=berkas, keterangan=berkas.nama_asli
    )
    return berkas
