"""A bimtek in a browser, from creation to certificates: the kabupaten operator creates a
two-day event and targets Tanjung Riu, the TKSK of Kurun registers two participants (a third is
refused by the quota), the operator takes attendance on a phone (HTMX toggles), enters the test
scores and issues certificates, and anyone can check a certificate's code without signing in."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import WahanaPage
from wahana.bimtek.models import Bimtek, PesertaBimtek
from wahana.conftest import DESA_A, KECAMATAN_A

pytestmark = pytest.mark.e2e

JUDUL = "Bimtek Pengurus WKSBM Kurun 2025"


class AttendanceSheet(WahanaPage):
    """The phone attendance sheet: one card per participant, one big toggle per day."""

    def card(self, nama: str):
        return self.page.locator(".lembar-hadir > li").filter(has_text=nama)

    def toggle(self, nama: str, index: int):
        return self.card(nama).locator("button.centang-besar").nth(index)

    def mark(self, nama: str, index: int) -> None:
        button = self.toggle(nama, index)
        with self.page.expect_response(lambda r: r.request.method == "POST"):
            button.click()
        # The cell is swapped in place (no page load) and shows the new state; the swap lands
        # a moment after the response, so wait for it rather than read the attribute at once.
        expect(self.toggle(nama, index)).to_have_attribute("aria-pressed", "true")


def _register(page: Page, nama: str, jenis_kelamin: str) -> None:
    page.get_by_label("Orang lain (isi nama)").check()
    page.locator("input[name='nama']").fill(nama)
    page.locator("select[name='jenis_kelamin']").select_option(jenis_kelamin)
    page.locator("input[name='peran_wksbm']").fill("Anggota")
    with page.expect_navigation():
        page.get_by_role("button", name="Daftarkan").click()


def test_event_from_creation_to_certificates(
    page: Page, phone_page: Page, browser, server_url, personas, login
):
    # 1. The operator creates the event and targets Tanjung Riu.
    login(page, personas.operator.username)
    page.goto(server_url + "/bimtek/baru/")
    page.locator("input[name='judul']").fill(JUDUL)
    assert page.locator("input[name='kode_wilayah']").input_value() == "62.10"
    page.locator("input[name='tempat']").fill("Aula Dinas Sosial Kabupaten Gunung Mas, Kuala Kurun")
    page.locator("input[name='tanggal_mulai']").fill("2025-08-19")
    page.locator("input[name='tanggal_selesai']").fill("2025-08-20")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    assert "Bimtek dibuat" in page.locator("main .pesan").inner_text()
    page.locator("input[name='kecamatan']").fill(KECAMATAN_A)
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan desa").click()
    page.get_by_label("Tanjung Riu", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan sasaran").click()
    assert "Tanjung Riu" in page.locator("main table").last.inner_text()
    bimtek = Bimtek.objects.get(judul=JUDUL)
    assert bimtek.penyelenggara == Bimtek.Penyelenggara.KABUPATEN and bimtek.hari_set.count() == 2
    WahanaPage(page, server_url).logout()

    # 2. The TKSK of Kurun registers two participants; the quota (2) then refuses a third.
    login(page, personas.tksk.username)
    page.goto(server_url + "/bimtek/")
    page.get_by_role("link", name=JUDUL).click()
    page.get_by_role("link", name="Tanjung Riu").first.click()
    _register(page, "Maria Ulina Sahay", "P")
    _register(page, "Yosef Tingang", "L")
    assert "Kuota desa ini sudah penuh." in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Daftarkan").count() == 0
    WahanaPage(page, server_url).logout()

    # 3. The operator takes attendance on a phone: Yosef misses the second day.
    login(phone_page, personas.operator.username)
    sheet = AttendanceSheet(phone_page, server_url).open(f"/bimtek/{bimtek.pk}/hadir/")
    sheet.mark("Maria Ulina Sahay", 0)
    sheet.mark("Maria Ulina Sahay", 1)
    sheet.mark("Yosef Tingang", 0)
    assert sheet.toggle("Yosef Tingang", 1).get_attribute("aria-pressed") == "false"
    box = sheet.toggle("Maria Ulina Sahay", 0).bounding_box()
    assert box["height"] >= 44  # a thumb-sized target
    phone_page.reload()
    assert sheet.toggle("Maria Ulina Sahay", 1).get_attribute("aria-pressed") == "true"

    # 4. Scores, then certificates for whoever attended every day.
    login(page, personas.operator.username)
    page.goto(server_url + f"/bimtek/{bimtek.pk}/nilai/")
    page.get_by_label("Pre-test Maria Ulina Sahay").fill("55")
    page.get_by_label("Post-test Maria Ulina Sahay").fill("90")
    page.get_by_label("Pre-test Yosef Tingang").fill("40")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan nilai").click()
    assert "Nilai disimpan." in page.locator("main .pesan").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan sertifikat").click()
    assert "1 sertifikat diterbitkan." in page.locator("main .pesan").inner_text()
    peserta = PesertaBimtek.objects.get(bimtek=bimtek, nama="Maria Ulina Sahay")
    assert peserta.nilai_post_test == 90 and peserta.kode_sertifikat
    assert not PesertaBimtek.objects.get(bimtek=bimtek, nama="Yosef Tingang").kode_sertifikat
    href = page.get_by_role("link", name="Unduh").get_attribute("href")
    certificate = page.request.get(server_url + href)
    assert certificate.headers["content-type"] == "application/pdf"
    assert certificate.body().startswith(b"%PDF")

    # 5. Anyone checks the code without signing in, and sees no personal data.
    context = browser.new_context(locale="id-ID")
    public = context.new_page()
    public.goto(server_url + f"/bimtek/sertifikat/{peserta.kode_sertifikat}/")
    text = public.locator("main").inner_text()
    assert "Sertifikat ini SAH" in text and JUDUL in text and "M.U.S." in text
    assert "Tanjung Riu" in text and "Maria" not in text
    context.close()
    assert peserta.kode_wilayah == DESA_A
