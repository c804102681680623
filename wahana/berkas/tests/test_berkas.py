import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wahana.audit.models import AuditLog
from wahana.berkas.models import Berkas
from wahana.berkas.services import berkas_store
from wahana.conftest import DESA_A

from .factories import PDF_BYTES, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "unggahan"
    return settings.MEDIA_ROOT


def store(personas, upload, jenis="dokumen"):
    return berkas_store(
        acting_user=personas.pengurus, upload=upload, kode_wilayah=DESA_A, jenis=jenis
    )


def test_pdf_is_stored_under_a_random_name_and_audited(personas, media_root):
    berkas = store(personas, pdf_upload("SK Kepala Desa.pdf"))
    assert berkas.tipe_mime == "application/pdf"
    assert berkas.nama_asli == "SK Kepala Desa.pdf"
    assert "SK Kepala Desa" not in berkas.berkas.name
    assert (media_root / berkas.berkas.name).read_bytes() == PDF_BYTES
    assert AuditLog.objects.filter(aksi="berkas_diunggah", objek_id=str(berkas.pk)).exists()


def test_photo_is_reencoded_as_jpeg_and_original_kept(personas, media_root):
    berkas = store(personas, png_upload(size=(3000, 2000)), jenis=Berkas.Jenis.FOTO)
    with Image.open(media_root / berkas.berkas.name) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 1600
    assert berkas.asli.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content", "jenis"),
    [
        ("foto.jpg", b"MZ\x90\x00 this is a windows program", "foto"),  # name lies
        ("surat.pdf", b"<html><script>alert(1)</script></html>", "dokumen"),
        ("foto.webp", PDF_BYTES, "foto"),  # a PDF is no photo
        ("kosong.pdf", b"", "dokumen"),
    ],
)
def test_content_decides_not_the_name(personas, name, content, jenis):
    with pytest.raises(ValidationError):
        store(personas, SimpleUploadedFile(name, content), jenis=jenis)
    assert not Berkas.objects.exists()


def test_too_large_is_refused_with_the_limit(personas, settings):
    settings.WAHANA_UPLOAD_MAX_MB = {"dokumen": 1, "foto": 1}
    big = SimpleUploadedFile("besar.pdf", PDF_BYTES + b"0" * 2 * 1024 * 1024)
    with pytest.raises(ValidationError, match="batasnya 1 MB"):
        store(personas, big)


def test_broken_image_is_refused(personas):
    broken = SimpleUploadedFile("rusak.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(ValidationError, match="rusak"):
        store(personas, broken, jenis="foto")


def test_unwritable_storage_gives_a_clear_error_and_no_row(personas, settings, tmp_path):
    # A storage path that cannot be written (here: its parent is a file) fails like a full
    # disk does, with an OSError from the storage layer.
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "unggahan"
    with pytest.raises(ValidationError, match="Penyimpanan berkas gagal"):
        store(personas, pdf_upload())
    assert not Berkas.objects.exists()


def test_download_only_inside_scope(personas, client):
    berkas = store(personas, pdf_upload())
    client.force_login(personas.tksk)
    response = client.get(f"/berkas/{berkas.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(personas.outsider)
    assert client.get(f"/berkas/{berkas.pk}/").status_code == 404


def test_jpeg_photo_strips_exif(personas, media_root):
    out = io.BytesIO()
    image = Image.new("RGB", (20, 20))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    image.save(out, "JPEG", exif=exif)
    berkas = store(personas, SimpleUploadedFile("x.jpg", out.getvalue()), jenis="foto")
    assert b"KameraRahasia" not in (media_root / berkas.berkas.name).read_bytes()
