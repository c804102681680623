"""The bendahara's month in the fund book, in Chromium: record a receipt, a disbursement to a
PPKS (also recorded as a service to that PPKS), correct the disbursement by a reversing entry,
close the month; then the TKSK of Kurun verifies the closing."""

import datetime

import pytest

from tests.e2e.pages import WahanaPage
from wahana.dana.models import EntriKas, TutupBuku
from wahana.dana.tests.factories import make_wksbm_a
from wahana.ppks.models import LayananPpks
from wahana.ppks.tests.factories import ppks_make

pytestmark = pytest.mark.e2e


class BukuKasPage(WahanaPage):
    """The cash book of one WKSBM for one month."""

    def __init__(self, page, server_url, wksbm_pk: int, bulan: datetime.date):
        super().__init__(page, server_url)
        self.path = f"/dana/wksbm/{wksbm_pk}/?bulan={bulan:%Y-%m}"

    def figure(self, name: str) -> str:
        return self.page.locator(f"[data-{name}]").inner_text()

    def click(self, name: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=name, exact=True).click()

    def submit(self, **fields) -> None:
        """Fill the entry form (by field name) and save."""
        for name, value in fields.items():
            element = self.page.locator(f"main form [name={name}]")
            if element.evaluate("e => e.tagName") == "SELECT":
                element.select_option(value)
            else:
                element.fill(value)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Simpan").click()


def test_receipt_help_correction_and_closing(page, server_url, personas, login, tmp_path):
    wksbm = make_wksbm_a()
    lansia = ppks_make(nama="Maria Lansia", jenis=("01",))
    bulan = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    login(page, personas.pengurus.username)
    buku = BukuKasPage(page, server_url, wksbm.pk, bulan).open()
    assert buku.figure("saldo-akhir") == "0"

    buku.click("Catat penerimaan")
    buku.submit(
        tanggal=bulan.replace(day=5).isoformat(),
        sumber="jimpitan",
        jumlah="250000",
        uraian="Jimpitan minggu pertama",
    )
    assert "Penerimaan #1 dicatat." in buku.messages().inner_text()
    assert buku.figure("saldo-akhir") == "250.000"

    buku.click("Catat pengeluaran")
    buku.submit(
        tanggal=bulan.replace(day=10).isoformat(),
        tujuan="ppks",
        jumlah="100000",
        ppks=str(lansia.pk),
        jenis_layanan="perlindungan",
        uraian="Sembako untuk Maria Lansia",
    )
    assert "Pengeluaran #2 dicatat." in buku.messages().inner_text()
    assert buku.figure("saldo-akhir") == "150.000"
    assert LayananPpks.objects.filter(ppks=lansia, penyedia="wksbm").count() == 1

    buku.click("2")  # the number of the disbursement opens its detail
    assert "Maria Lansia" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Koreksi entri ini").click()
    buku.submit(tanggal=bulan.replace(day=12).isoformat(), alasan="jumlah salah ketik")
    assert "dikoreksi dengan entri pembalik #3" in buku.messages().inner_text()
    assert buku.figure("total-masuk") == "350.000"  # 250.000 + the 100.000 reversal
    assert buku.figure("total-keluar") == "100.000"
    assert buku.figure("saldo-akhir") == "250.000"
    assert page.locator("tbody .lencana", has_text="koreksi #2").is_visible()
    page.screenshot(path=str(tmp_path / "buku-kas.png"), full_page=True)

    with page.expect_navigation():
        page.get_by_role("button", name="Tutup buku").click()
    assert "ditutup" in buku.messages().inner_text()
    assert "Ditutup" in page.locator("main section").inner_text()
    assert not page.get_by_role("button", name="Tutup buku").count()
    tutup = TutupBuku.objects.get(wksbm=wksbm, bulan=bulan)
    assert (tutup.total_masuk, tutup.total_keluar, tutup.saldo_akhir) == (350_000, 100_000, 250_000)
    # A closed month refuses a late entry; the form says why.
    buku.open(f"/dana/wksbm/{wksbm.pk}/masuk/")
    buku.submit(
        tanggal=bulan.replace(day=20).isoformat(),
        sumber="iuran",
        jumlah="5000",
        uraian="Terlambat",
    )
    assert "sudah ditutup" in page.locator("main form").inner_text()
    assert EntriKas.objects.filter(wksbm=wksbm).count() == 3

    buku.logout()
    login(page, personas.tksk.username)
    buku.open("/dana/tutup/?status=ditutup")
    with page.expect_navigation():
        page.get_by_role("button", name="Verifikasi").click()
    assert "diverifikasi" in buku.messages().inner_text()
    tutup.refresh_from_db()
    assert tutup.status == TutupBuku.Status.DIVERIFIKASI
