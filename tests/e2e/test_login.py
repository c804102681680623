"""The first thing every user does: log in, read the home page in Bahasa Indonesia, switch to
English, log out; and a mistyped password answers a clear message instead of a blank page."""

import pytest

from tests.e2e.pages import HomePage, LoginPage

pytestmark = pytest.mark.e2e


def test_login_home_english_and_logout(page, server_url, personas, login, tmp_path):
    home = login(page, personas.operator.username)

    assert page.url == server_url + "/"
    assert home.html_lang() == "id"
    assert home.heading.inner_text() == "Selamat datang, Operator Gumas"
    assert "Operator Dinsos Kabupaten" in home.header.inner_text()
    assert "Kabupaten Gunung Mas" in page.locator("main").inner_text()
    assert home.logout_button().inner_text() == "Keluar"
    # The stylesheet and scripts are served: the header is coloured, not the default white.
    header_bg = home.header.evaluate("e => getComputedStyle(e).backgroundColor")
    assert header_bg not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert page.evaluate("typeof window.htmx") == "object"
    page.screenshot(path=str(tmp_path / "beranda.png"), full_page=True)

    home.switch_language("English")

    assert home.html_lang() == "en"
    assert home.heading.inner_text() == "Welcome, Operator Gumas"
    assert home.logout_button().inner_text() == "Log out"
    assert home.language_button("Bahasa Indonesia").is_visible()

    home.logout()

    login_page = LoginPage(page, server_url)
    assert page.url.startswith(login_page.url())
    # The language choice outlives the session.
    assert login_page.html_lang() == "en"
    assert login_page.submit.inner_text() == "Sign in"
    page.goto(server_url + "/")
    assert page.url.startswith(login_page.url()), "home must need a login after logging out"


def test_wrong_password_shows_clear_message(page, server_url, personas):
    login_page = LoginPage(page, server_url).open()
    assert login_page.html_lang() == "id"
    assert login_page.heading.inner_text() == "Masuk ke Wahana"

    login_page.login(personas.operator.username, "bukan-kata-sandinya")

    assert page.url.startswith(login_page.url())
    error = login_page.errors()
    assert error.is_visible()
    assert "Nama pengguna atau kata sandi salah" in error.inner_text()
    # The username is kept so only the password must be typed again.
    assert login_page.username.input_value() == personas.operator.username
    assert login_page.password.input_value() == ""


def test_home_fits_a_phone(phone_page, server_url, personas, login, tmp_path):
    home = login(phone_page, personas.pengurus.username)

    width = phone_page.evaluate("document.documentElement.clientWidth")
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, "the page must not scroll sideways on a phone"
    assert home.heading.is_visible()
    assert home.logout_button().is_visible()
    box = home.logout_button().bounding_box()
    assert box["x"] + box["width"] <= width
    phone_page.screenshot(path=str(tmp_path / "beranda-ponsel.png"), full_page=True)


def test_home_requires_login(page, server_url, e2e_wilayah):
    page.goto(server_url + "/")
    assert page.url.startswith(LoginPage(page, server_url).url())
    assert HomePage(page, server_url).html_lang() == "id"
