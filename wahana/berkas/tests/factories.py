import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_upload(name="foto.png", size=(40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf_upload(name="sk.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_berkas(*, user, kode_wilayah, jenis="dokumen"):
    from wahana.berkas.services import berkas_store

    upload = pdf_upload() if jenis == "dokumen" else png_upload()
    return berkas_store(acting_user=user, upload=upload, kode_wilayah=kode_wilayah, jenis=jenis)
