"""The foundation pages on a phone-sized screen (390x844): nothing scrolls sideways, the
controls stay reachable, and the English switch works there too."""

import pytest

from tests.e2e.pages import LoginPage, WahanaPage

pytestmark = pytest.mark.e2e

OPERATOR_PAGES = ["/", "/wilayah/", "/wilayah/62.10/", "/akun/pengguna/", "/akun/pengguna/baru/"]


def assert_fits(page, path):
    width = page.evaluate("document.documentElement.clientWidth")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} scrolls sideways: {scroll_width}px > {width}px"


def test_login_page_fits_a_phone(phone_page, server_url, e2e_wilayah, tmp_path):
    login_page = LoginPage(phone_page, server_url).open()
    assert_fits(phone_page, login_page.path)
    for control in (login_page.username, login_page.password, login_page.submit):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert box["height"] >= 30, "touch targets must be big enough for a thumb"
    phone_page.screenshot(path=str(tmp_path / "masuk-ponsel.png"), full_page=True)


def test_operator_pages_fit_a_phone(phone_page, server_url, personas, login, tmp_path):
    login(phone_page, personas.operator.username)
    for number, path in enumerate(OPERATOR_PAGES):
        shell = WahanaPage(phone_page, server_url).open(path)
        assert shell.heading.is_visible(), path
        assert_fits(phone_page, path)
        menu = shell.header.locator("nav.menu")
        assert not menu.is_visible(), "on a phone the menu is folded until asked for"
        shell.header.locator("label.menu-tombol").click()
        assert menu.is_visible()
        for link in menu.locator("a").all():
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, link.inner_text()
            assert box["height"] < 40, f"menu entry {link.inner_text()!r} breaks over lines"
        phone_page.screenshot(path=str(tmp_path / f"ponsel-{number}.png"), full_page=True)
