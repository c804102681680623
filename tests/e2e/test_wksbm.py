"""The WKSBM registry in a browser: the kabupaten operator registers the WKSBM of Tanjung Riu,
takes it through its growth stages up to pengesahan with the scanned SK, adds its ketua and a
meeting in place (HTMX), and finds it in the list with its stage, ketua and last meeting."""

import pytest
from playwright.sync_api import Page, expect

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
        # The form posts through HTMX and its section is swapped in place: wait for the answer,
        # then until htmx has finished swapping it in (no element still marked in flight).
        with self.page.expect_response(lambda r: r.request.method == "POST"):
            form.locator("button[type='submit']").click()
        self.page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
        )

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
    expect(detail.section("tahap")).to_contain_text("Belum ada tahap yang dicatat.")

    detail.record_stage("persiapan", "2014-03-01")
    detail.record_stage("sosialisasi", "2014-03-20")
    detail.record_stage("pembentukan", "2014-04-15")
    # Pengesahan without the SK is refused with messages in Bahasa Indonesia.
    detail.record_stage("pengesahan", "2014-06-02")
    tahap = detail.section("tahap")
    expect(tahap).to_contain_text("Nomor SK wajib diisi untuk pengesahan.")
    expect(tahap).to_contain_text("Unggah pindaian SK (PDF atau gambar).")
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
    expect(tahap.locator("h2")).to_contain_text("Pengesahan (SK)")
    expect(tahap).to_contain_text("SK nomor 141/05/TR/2014")
    sk_link = tahap.get_by_role("link", name="pindaian SK")
    assert page.request.get(server_url + sk_link.get_attribute("href")).body() == PDF

    form = detail.open_form("pengurus")
    form.locator("input[name='nama']").fill("Agustinus Nyahu")
    form.locator("select[name='jabatan']").select_option("ketua")
    form.locator("input[name='mulai']").fill("2014-04-15")
    detail.submit(form)
    expect(detail.section("pengurus").locator("table")).to_contain_text("Agustinus Nyahu")

    # The profile and the meeting form were refreshed along with the pengurus table.
    expect(detail.section("profil")).to_contain_text("Agustinus Nyahu")
    form = detail.open_form("rapat")
    form.locator("input[name='tanggal']").fill("2014-07-05")
    form.locator("input[name='tempat']").fill("Balai Desa Tanjung Riu")
    form.locator("textarea[name='agenda']").fill("Pendataan warga lanjut usia")
    form.get_by_label("Agustinus Nyahu").check()
    form.locator("input[name='jumlah_hadir_lain']").fill("6")
    detail.submit(form)
    rapat_row = detail.section("rapat").locator("tbody tr").first
    expect(rapat_row).to_contain_text("Balai Desa Tanjung Riu")
    expect(rapat_row.locator("td.angka")).to_have_text("7")
    expect(detail.section("profil")).to_contain_text("5 Juli 2014")

    page.goto(server_url + "/wksbm/?q=riu")
    row = page.locator("#hasil table tbody tr").filter(has_text="WKSBM Desa Tanjung Riu")
    for text in ("Pengesahan (SK)", "Agustinus Nyahu", "5 Jul 2014"):
        expect(row).to_contain_text(text)
    page.screenshot(path=str(tmp_path / "wksbm-daftar.png"), full_page=True)
