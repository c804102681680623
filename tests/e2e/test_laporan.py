"""The Gunung Mas operator asks for the month's rekap WKSBM in Chromium: the page follows the
background worker's progress (HTMX polling) and the finished PDF is downloaded."""

import contextlib
import io
import threading

import pypdf
import pytest
from django.db import connections

from tests.e2e.pages import WahanaPage
from wahana.conftest import DESA_A, DESA_B
from wahana.pantau.tests.factories import make_terbentuk, make_wksbm
from wahana.tugas.worker import Worker

pytestmark = pytest.mark.e2e


class LaporanPage(WahanaPage):
    path = "/laporan/"

    def ask(self, **fields) -> None:
        for name, value in fields.items():
            element = self.page.locator(f"#laporan-form [name={name}]")
            if element.evaluate("e => e.tagName") == "SELECT":
                element.select_option(value)
            else:
                element.fill(value)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Buat laporan").click()


@contextlib.contextmanager
def running_worker():
    """`wahana worker`'s loop in a thread with its own database connection."""
    loop = Worker(interval=0.2)

    def run():
        try:
            loop.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield loop
    finally:
        loop.stop.set()
        thread.join(timeout=30)


@pytest.fixture
def worker(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with running_worker() as loop:
        yield loop


def test_operator_downloads_rekap(page, server_url, personas, login, worker):
    make_terbentuk(make_wksbm(DESA_A, "WKSBM Tanjung Riu"))
    make_wksbm(DESA_B, "WKSBM Sepang Kota")
    login(page, personas.operator.username)
    laporan = LaporanPage(page, server_url).open()
    laporan.ask(jenis="rekap_wksbm", format="pdf", wilayah="62.10", bulan="2026-11")
    assert "/tugas/" in page.url
    link = page.get_by_role("link", name="Unduh rekap-wksbm-62.10-2026-11.pdf")
    link.wait_for(timeout=60_000)  # the status block polls itself until the worker is done
    assert page.locator("[data-status]").inner_text() == "Selesai"
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "rekap-wksbm-62.10-2026-11.pdf"
    reader = pypdf.PdfReader(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "REKAPITULASI WKSBM PER KECAMATAN" in text and "Jumlah baris: 2" in text
    assert f"Halaman 1 dari {len(reader.pages)}" in text
    # The list of one's reports links the file too.
    laporan.open()
    assert page.locator("#laporan-saya + table").get_by_role("link", name="Unduh").count() == 1


def test_header_bell_announces_a_finished_report(
    page, server_url, personas, login, settings, tmp_path
):
    """A report asked for elsewhere is made while the user reads another page: the header's
    bell polls (HTMX) while it runs, then shows it and links the file."""
    from playwright.sync_api import expect

    from wahana.laporan.services import laporan_request

    settings.MEDIA_ROOT = tmp_path
    make_terbentuk(make_wksbm(DESA_A, "WKSBM Tanjung Riu"))
    login(page, personas.operator.username)
    laporan_request(
        acting_user=personas.operator, jenis="rekap_psks", format="pdf", kode_wilayah="62.10"
    )
    page.goto(f"{server_url}/wksbm/")
    bell = page.locator("#lonceng-laporan")
    expect(bell).to_have_attribute("data-berjalan", "1")
    expect(bell.locator(".jumlah")).to_have_text("0")
    # Only now the worker starts: the page is not reloaded, the bell learns by polling.
    with running_worker():
        expect(page.locator("#lonceng-laporan .jumlah")).to_have_text("1", timeout=60_000)
        expect(page.locator("#lonceng-laporan")).to_have_attribute("data-berjalan", "0")
        page.locator("#lonceng-laporan summary").click()
        link = page.locator("#lonceng-laporan").get_by_role("link", name="Rekap PSKS", exact=False)
        with page.expect_download() as info:
            link.click()
        assert info.value.suggested_filename == "rekap-psks-62.10.pdf"
        text = "\n".join(
            p.extract_text()
            for p in pypdf.PdfReader(io.BytesIO(open(info.value.path(), "rb").read())).pages  # noqa: SIM115
        )
        assert "REKAPITULASI PSKS" in text
