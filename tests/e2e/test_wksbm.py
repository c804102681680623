"""The WKSBM registry in a browser: the kabupaten operator registers the WKSBM of Tanjung Riu,
takes it through its growth stages up to pengesahan with the scanned SK, adds its ketua and a
meeting in place (HTMX), and finds it in the list with its stage, ketua and last meeting."""

import pytest
from playwright.sync_api import Page

from tests.e2e.pages import WahanaPage
from wahana.conftest import DESA_A

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class WksbmDetailPage(WahanaPage):
    """The detail page: each section (#tahap, #pengurus, #rapat) has a folded add form."""

    def section(self, name: str):
        return self.page.locator(f"section#{name}")

    def open_form(self, name: str):
        section = self.section(name)
        section.locator("summary").click()
        return section.locator("form").last

    def submit(self, form) -> None:
        # The form posts through HTMX and its section is swapped in place: wait for the answer.
        with self.page.expect_response(lambda r: r.request.method == "POST"):
            form.locator("button[type='submit']").click()

    def record_stage(self, tahap: str, tanggal: str, **sk) -> None:
        form = self.open_form("tahap")
        form.locator("select[name='tahap']").select_option(tahap)
        form.locator("input[name='tanggal']").fill(tanggal)
        for name, value in sk.items():
            if name == "sk_berkas":
                form.locator("input[name='sk_berkas']").set_input_files(
                    {"name": "sk-wksbm.pdf", "mimeType": "application/pdf", "buffer": value}
                )
            else:
                form.locator(f"input[name='{name}']").fill(value)
        self.submit(form)


def test_register_grow_staff_and_meet(page: Page, server_url, personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "unggahan"
    login(page, personas.operator.username)

    page.goto(server_url + "/wksbm/baru/")
    page.locator("select[name='tingkat']").select_option("desa")
    page.locator("input[name='kode_wilayah']").fill(DESA_A)
    page.locator("input[name='nama']").fill("WKSBM Desa Tanjung Riu")
    page.locator("input[name='tanggal_dibentuk']").fill("2014-03-01")
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    detail = WksbmDetailPage(page, server_url)
    assert detail.heading.inner_text().startswith("WKSBM Desa Tanjung Riu")
    assert "Belum ada tahap yang dicatat." in detail.section("tahap").inner_text()

    detail.record_stage("persiapan", "2014-03-01")
    detail.record_stage("sosialisasi", "2014-03-20")
    detail.record_stage("pembentukan", "2014-04-15")
    # Pengesahan without the SK is refused with messages in Bahasa Indonesia.
    detail.record_stage("pengesahan", "2014-06-02")
    tahap = detail.section("tahap")
    assert "Nomor SK wajib diisi untuk pengesahan." in tahap.inner_text()
    assert "Unggah pindaian SK (PDF atau gambar)." in tahap.inner_text()
    form = tahap.locator("form")  # the refused form comes back open, with what was typed
    form.locator("input[name='sk_nomor']").fill("141/05/TR/2014")
    form.locator("input[name='sk_tanggal']").fill("2014-06-02")
    form.locator("input[name='sk_penandatangan_nama']").fill("Yohanes Ringkai")
    form.locator("input[name='sk_penandatangan_jabatan']").fill("Kepala Desa Tanjung Riu")
    form.locator("input[name='sk_berkas']").set_input_files(
        {"name": "sk-wksbm.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    detail.submit(form)
    tahap = detail.section("tahap")
    assert "Pengesahan (SK)" in tahap.locator("h2").inner_text()
    assert "SK nomor 141/05/TR/2014" in tahap.inner_text()
    sk_link = tahap.get_by_role("link", name="pindaian SK")
    assert page.request.get(server_url + sk_link.get_attribute("href")).body() == PDF

    form = detail.open_form("pengurus")
    form.locator("input[name='nama']").fill("Agustinus Nyahu")
    form.locator("select[name='jabatan']").select_option("ketua")
    form.locator("input[name='mulai']").fill("2014-04-15")
    detail.submit(form)
    assert "Agustinus Nyahu" in detail.section("pengurus").locator("table").inner_text()

    # The meeting form lists the pengurus present when the page was loaded: reload first.
    page.reload()
    form = detail.open_form("rapat")
    form.locator("input[name='tanggal']").fill("2014-07-05")
    form.locator("input[name='tempat']").fill("Balai Desa Tanjung Riu")
    form.locator("textarea[name='agenda']").fill("Pendataan warga lanjut usia")
    form.get_by_label("Agustinus Nyahu").check()
    form.locator("input[name='jumlah_hadir_lain']").fill("6")
    detail.submit(form)
    rapat = detail.section("rapat").locator("table").inner_text()
    assert "Balai Desa Tanjung Riu" in rapat and "7" in rapat

    page.goto(server_url + "/wksbm/?q=riu")
    row = page.locator("#hasil table tbody tr").filter(has_text="WKSBM Desa Tanjung Riu")
    text = row.inner_text()
    assert "Pengesahan (SK)" in text and "Agustinus Nyahu" in text and "5 Jul 2014" in text
    page.screenshot(path=str(tmp_path / "wksbm-daftar.png"), full_page=True)
