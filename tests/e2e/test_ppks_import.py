"""PPKS import in a browser: the operator downloads nothing but the file they have, uploads a
messy spreadsheet, watches the check progress, reads row by row what will be created and what is
refused and why, downloads the refused rows, saves, and finds the new people in the list."""

import datetime
import importlib
import io

import pytest
import xlsxwriter
from django.apps import apps
from playwright.sync_api import Page, expect
from python_calamine import CalamineWorkbook

from tests.e2e.pages import WahanaPage
from wahana.ppks.models import JenisPpks, Ppks

pytestmark = pytest.mark.e2e

HEADER = ["NIK", "No KK", "Nama", "L/P", "Tanggal Lahir", "Desa", "Jenis PPKS", "Desil"]
ROWS = [
    ["'6210024508800001", "6210020101090001", "Siti Aminah", "P", "5 Agustus 1980",
     "Tanjung Riu", "24", "2"],
    ["6210021203650002", "6210020101090001", "Yohanes Tingang", "L", "12/03/1965",
     "Tanjung Riu", "Lanjut Usia Telantar", "2"],
    [6210022201700003, "", "Markus Ulin", "L", "22/01/1970", "Tanjung Riu", "24", ""],
    ["6210020707750004", "", "Maria Lambung", "P", "07/07/1975", "Tanjung Ryu", "24", ""],
]  # fmt: skip


def spreadsheet() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for index, row in enumerate(ROWS, start=1):
        for column, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(index, column, value)  # a NIK typed into a Number column
            else:
                sheet.write_string(index, column, value)
    book.close()
    return buffer.getvalue()


@pytest.fixture
def jenis_ppks(e2e_wilayah):
    """The kinds seeded by the data migration are emptied between transactional tests."""
    if not JenisPpks.objects.exists():
        migration = importlib.import_module("wahana.ppks.migrations.0002_seed_jenis_ppks_psks")
        migration.seed(apps, None)


class ImporPage(WahanaPage):
    path = "/ppks/impor/"

    def upload(self, name: str, content: bytes) -> None:
        self.page.locator("input[name='berkas']").set_input_files(
            {"name": name, "mimeType": "application/octet-stream", "buffer": content}
        )
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Unggah dan periksa").click()

    def summary(self):
        return self.page.locator("#ringkasan-impor")

    def row(self, number: int):
        return self.page.locator("#baris-impor tbody tr").filter(
            has=self.page.locator("td.angka", has_text=str(number))
        )


def test_import_with_errors(
    page: Page, server_url, personas, login, jenis_ppks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "unggahan"
    login(page, personas.operator.username)
    impor = ImporPage(page, server_url).open()
    impor.upload("ppks-desa.xlsx", spreadsheet())

    # The check runs in the background; the page polls its progress and reloads when done.
    expect(impor.summary()).to_be_visible(timeout=30_000)
    assert impor.summary().locator(".jumlah-baru").inner_text() == "2"
    assert impor.summary().locator(".jumlah-tolak").inner_text() == "2"
    assert "15 digit" in impor.row(4).inner_text()
    assert "Mungkin maksudnya: Tanjung Riu (62.10.02.2003)" in impor.row(5).inner_text()
    assert "Dibuat" in impor.row(2).inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh baris yang ditolak (XLSX)").click()
    path = tmp_path / "ditolak.xlsx"
    download.value.save_as(path)
    refused = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [row[4] for row in refused[1:]] == ["Markus Ulin", "Maria Lambung"]

    page.get_by_role("button", name="Simpan semua").click()
    expect(page.locator("main h1 small")).to_have_text("Tersimpan", timeout=30_000)

    page.goto(server_url + "/ppks/?q=aminah")
    table = page.locator("#hasil table")
    expect(table).to_contain_text("Siti Aminah")
    # Masked in the list: the full NIK never reaches the page.
    assert "6210024508800001" not in page.content()
    expect(table).to_contain_text("6210**********01")
    saved = Ppks.objects.get(nama="Siti Aminah")
    assert saved.kode_wilayah == "62.10.02.2003" and saved.tanggal_lahir == datetime.date(
        1980, 8, 5
    )
    assert not Ppks.objects.filter(nama="Markus Ulin").exists()
