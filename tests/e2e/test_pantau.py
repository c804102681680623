"""Watching in a browser: Pimpinan opens the Gunung Mas dashboard, drills down to Kecamatan
Kurun, then to the WKSBM of Tanjung Riu, and reads why it scores what it scores, down to the
meeting behind the meeting points."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import WahanaPage
from wahana.conftest import DESA_A, DESA_B, KABUPATEN

pytestmark = pytest.mark.e2e


class DasborPage(WahanaPage):
    def sub_wilayah(self, nama: str):
        return self.page.locator("#sub-wilayah").get_by_role("link", name=nama)

    def wksbm(self, nama: str):
        return self.page.locator("#daftar-wksbm").get_by_role("link", name=nama)


def test_drill_down_from_kabupaten_to_the_score_explanation(
    page: Page, server_url, personas, login
):
    from wahana.pantau import services
    from wahana.pantau.bulan import bulan_ini
    from wahana.pantau.tests.factories import make_rapat, make_terbentuk, make_wksbm

    wksbm = make_terbentuk(make_wksbm(DESA_A, "WKSBM Desa Tanjung Riu"))
    make_terbentuk(make_wksbm(DESA_B, "WKSBM Desa Sepang Kota"))
    rapat = make_rapat(wksbm, bulan_ini())
    services.indeks_refresh(bulan=bulan_ini())

    login(page, personas.pimpinan.username)
    dasbor = DasborPage(page, server_url)
    dasbor.open(f"/pantau/wilayah/{KABUPATEN}/")
    expect(dasbor.heading).to_contain_text("Gunung Mas")
    expect(page.locator(".segar").first).to_contain_text("diperbarui")
    expect(page.locator("svg.grafik")).to_be_visible()

    dasbor.sub_wilayah("Kurun").click()
    expect(dasbor.heading).to_contain_text("Kurun")
    dasbor.wksbm("WKSBM Desa Tanjung Riu").click()

    expect(page.locator("#skor")).to_have_text("45")
    komponen = page.locator("#komponen")
    expect(komponen).to_contain_text("Rapat dalam 3 bulan terakhir")
    expect(komponen).to_contain_text("15 / 15")
    expect(komponen).to_contain_text("Dana dihimpun dalam 3 bulan terakhir")
    komponen.locator(f"a[href='/wksbm/rapat/{rapat.pk}/']").click()
    expect(page).to_have_url(f"{server_url}/wksbm/rapat/{rapat.pk}/")
