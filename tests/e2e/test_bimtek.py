"""A bimtek in a browser, from creation to certificates: the kabupaten operator creates a
two-day event and targets Tanjung Riu, the TKSK of Kurun registers two participants (a third is
refused by the quota), the operator takes attendance on a phone (HTMX toggles), enters the test
scores and issues certificates, and anyone can check a certificate's code without signing in.
Afterwards, on the impact view of a 2018 bimtek, the operator gives the TKSK a follow-up for the
trained desa that did not wake up, and the TKSK finds it on their list and closes it."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import WahanaPage
from wahana.bimtek.models import Bimtek, PesertaBimtek
from wahana.bimtek.tests.factories import make_trained_event
from wahana.conftest import DESA_A, KECAMATAN_A
from wahana.pendamping.models import TindakLanjut
from wahana.pendamping.tests.factories import make_pendamping

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


class DampakPage(WahanaPage):
    """The impact view: one row per desa, trained desa first, and the follow-up button."""

    def row(self, desa: str):
        return self.page.locator("main tbody tr").filter(
            has=self.page.get_by_role("cell", name=desa, exact=True)
        )

    def give_follow_ups(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Buat tindak lanjut untuk TKSK").click()


class TindakLanjutListPage(WahanaPage):
    path = "/pendamping/tindak-lanjut/"

    def row(self, text: str):
        return self.page.locator("main #hasil tbody tr").filter(has_text=text)


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


def test_operator_gives_follow_ups_from_the_impact_view_and_the_tksk_closes_one(
    page: Page, server_url, personas, login
):
    make_pendamping(
        user=personas.operator, kode_wilayah=KECAMATAN_A, nama="Debi Handrianto", akun=personas.tksk
    )
    # Tanjung Riu met after the bimtek (woke up); Tampang Tumbang Anjir did nothing.
    bimtek = make_trained_event(personas, datetime.date(2018, 7, 10))

    # 1. The TKSK reads the impact view but has no button.
    login(page, personas.tksk.username)
    dampak = DampakPage(page, server_url).open(f"/bimtek/{bimtek.pk}/dampak/")
    expect(dampak.row("Tampang Tumbang Anjir")).to_contain_text("Belum ada tindak lanjut TKSK")
    expect(page.get_by_role("button", name="Buat tindak lanjut untuk TKSK")).to_have_count(0)
    dampak.logout()

    # 2. The operator presses the button: one task, for the desa that did not wake up.
    login(page, personas.operator.username)
    dampak.open(f"/bimtek/{bimtek.pk}/dampak/")
    expect(dampak.row("Tanjung Riu")).to_contain_text("Ya")
    dampak.give_follow_ups()
    expect(dampak.messages()).to_contain_text("1 tindak lanjut dibuat untuk TKSK")
    anjir = dampak.row("Tampang Tumbang Anjir")
    expect(anjir).to_contain_text("Tindak lanjut TKSK")
    expect(anjir).to_contain_text("Terbuka")
    expect(dampak.row("Tanjung Riu")).not_to_contain_text("Tindak lanjut TKSK")
    # Pressed again: nothing twice.
    dampak.give_follow_ups()
    expect(dampak.messages()).to_contain_text("0 tindak lanjut dibuat untuk TKSK, 1 sudah ada")
    dampak.logout()

    # 3. The TKSK finds it on their list, linked to the bimtek, and closes it.
    login(page, personas.tksk.username)
    daftar = TindakLanjutListPage(page, server_url).open()
    row = daftar.row("Tampang Tumbang Anjir belum bergerak")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Debi Handrianto")
    expect(row).to_contain_text(f"Dampak bimtek: {bimtek.judul}")
    expect(row).to_contain_text("Terbuka")
    with page.expect_navigation():
        row.get_by_role("link", name="Tampang Tumbang Anjir belum bergerak").click()
    form = page.locator("main form.kartu")
    form.locator("select[name='status']").select_option("selesai")
    form.locator("textarea[name='catatan']").fill("Rapat pengurus dijadwalkan ulang bersama PSM.")
    with page.expect_navigation():
        form.get_by_role("button", name="Simpan").click()
    # The list shows open tasks by default: the closed one is gone from it, kept under "Selesai".
    expect(daftar.open().row("Tampang Tumbang Anjir belum bergerak")).to_have_count(0)
    daftar.open(daftar.path + "?status=selesai")
    expect(daftar.row("Tampang Tumbang Anjir belum bergerak")).to_contain_text("Selesai")
    tugas = TindakLanjut.objects.get()
    assert tugas.status == TindakLanjut.Status.SELESAI and tugas.bimtek_asal.bimtek == bimtek
