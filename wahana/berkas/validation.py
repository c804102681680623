"""What an upload really is, judged by its bytes, never by its name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (mime type, extension, leading bytes, where they start)
SIGNATURES = [
    ("application/pdf", ".pdf", b"%PDF-", 0),
    ("image/jpeg", ".jpg", b"\xff\xd8\xff", 0),
    ("image/png", ".png", b"\x89PNG\r\n\x1a\n", 0),
    ("image/webp", ".webp", b"WEBP", 8),
]
ACCEPTED = {
    "dokumen": {"application/pdf", "image/jpeg", "image/png"},
    "foto": {"image/jpeg", "image/png", "image/webp"},
}


def max_bytes(jenis: str) -> int:
    return settings.WAHANA_UPLOAD_MAX_MB[jenis] * 1024 * 1024


def sniff(head: bytes) -> tuple[str, str] | None:
    for mime, ext, magic, offset in SIGNATURES:
        if head[offset : offset + len(magic)] == magic and (
            mime != "image/webp" or head[:4] == b"RIFF"
        ):
            return mime, ext
    return None


def check_upload(upload, jenis: str) -> tuple[str, str]:
    """(mime, extension) of an acceptable upload; ValidationError otherwise."""
    if upload.size == 0:
        raise ValidationError(_("Berkas kosong."))
    if upload.size > max_bytes(jenis):
        raise ValidationError(
            _("Berkas terlalu besar (%(size).1f MB); batasnya %(max)d MB.")
            % {"size": upload.size / 1024 / 1024, "max": settings.WAHANA_UPLOAD_MAX_MB[jenis]}
        )
    upload.seek(0)
    found = sniff(upload.read(16))
    upload.seek(0)
    if found is None or found[0] not in ACCEPTED[jenis]:
        allowed = "PDF, JPEG, PNG" if jenis == "dokumen" else "JPEG, PNG, WebP"
        raise ValidationError(
            _("Isi berkas bukan jenis yang diterima (%(allowed)s).") % {"allowed": allowed}
        )
    return found
