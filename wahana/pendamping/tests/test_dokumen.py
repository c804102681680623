import io

import openpyxl
import pytest
from pypdf import PdfReader

from wahana.berkas.tests.factories import png_upload
from wahana.conftest import DESA_A
from wahana.laporan.tests.helpers import table, xlsx_rows
from wahana.pendamping import services
from wahana.pendamping.models import Kunjungan
from wahana.pendamping.selectors import laporan_baris

from .factories import last_month, make_kunjungan


def _pdf_text(content: bytes) -> str:
    # Cells wrap inside the table: compare words, not line breaks.
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


@pytest.mark.django_db
def test_pdf_header_rows_photos_and_page_breaks(client, personas, world):
    services.foto_add(acting_user=personas.tksk, kunjungan=world.kunjungan_a, upload=png_upload())
    for day in range(1, 28):
        make_kunjungan(
            user=personas.tksk,
            pendamping=world.tksk_a,
            kode_wilayah=DESA_A,
            tanggal=last_month().replace(day=day),
            jenis=Kunjungan.Jenis.SOSIALISASI,
            uraian=f"Sosialisasi ke-{day} tentang WKSBM di balai desa",
            temuan="Warga belum memahami peran WKSBM; perlu pertemuan lanjutan.",
        )
    lap = services.laporan_submit(
        acting_user=personas.tksk, laporan=world.laporan_a, ringkasan="Bulan yang sibuk."
    )
    client.force_login(personas.operator)
    response = client.get(f"/pendamping/laporan/{lap.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    text = _pdf_text(response.content)
    assert "LAPORAN BULANAN TKSK" in text
    # The shared report layout: letterhead, period, scope, page n of N, row count.
    assert "PEMERINTAH KABUPATEN GUNUNG MAS DINAS SOSIAL" in text
    assert "Periode: " in text and "Wilayah: Kecamatan Kurun" in text
    assert f"Halaman 1 dari {len(reader.pages)}" in text
    assert f"Jumlah baris: {len(laporan_baris(lap))}" in text
    assert "Debi Handrianto" in text and "TKSK-62.10.02" in text
    assert "Kecamatan Kurun" in text
    assert "Sosialisasi ke-27" in text and "Pendampingan pengurus WKSBM" in text
    assert "Mengetahui," in text and "Kepala Dinas Sosial Kabupaten Gunung Mas" in text
    assert "Bulan yang sibuk." in text
    assert any(page.images for page in reader.pages)  # the visit photo


@pytest.mark.django_db
def test_xlsx_rows(client, personas, world):
    client.force_login(personas.tksk)
    response = client.get(f"/pendamping/laporan/{world.laporan_a.pk}/xlsx/")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "A. Kegiatan"
    values = xlsx_rows(response.content)
    assert values[1][0] == "LAPORAN BULANAN TKSK"
    assert ("Nama", "Debi Handrianto") in [row[:2] for row in values]
    header, data, _jumlah, stated = table(values, "No")
    assert header[:5] == ("No", "Tanggal", "Tempat", "Kegiatan", "Permasalahan")
    # Every row of the report, numbered, and the stated count matches them.
    assert stated == len(data) == len(laporan_baris(world.laporan_a))
    assert [row[0] for row in data] == list(range(1, len(data) + 1))
    first = data[0]
    assert first[1].date() == world.kunjungan_a.tanggal
    assert first[2] == "Tanjung Riu" and first[4] == "Buku kas belum diisi."
