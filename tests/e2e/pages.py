"""Page objects for the browser tests: one class per screen, hiding selectors from the tests.

The selectors lean on roles and visible text the way a user finds things, plus the few stable
class names of base.html (header `.kepala`, language form `.bahasa`).
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class WahanaPage:
    """Any page rendered from base.html: header, language switch, logout, messages."""

    path = "/"

    def __init__(self, page: Page, server_url: str):
        self.page = page
        self.server_url = server_url.rstrip("/")

    def url(self, path: str | None = None) -> str:
        return self.server_url + (path if path is not None else self.path)

    def open(self, path: str | None = None):
        self.page.goto(self.url(path))
        return self

    @property
    def header(self) -> Locator:
        return self.page.locator("header.kepala")

    @property
    def heading(self) -> Locator:
        return self.page.locator("main h1").first

    def html_lang(self) -> str:
        return self.page.locator("html").get_attribute("lang") or ""

    def language_button(self, name: str) -> Locator:
        """The header button that switches to the language named `name` (in that language)."""
        return self.header.locator("form.bahasa").get_by_role("button", name=name)

    def switch_language(self, name: str) -> None:
        with self.page.expect_navigation():
            self.language_button(name).click()

    def logout_button(self) -> Locator:
        return self.header.locator("form[action*='/akun/keluar/'] button")

    def logout(self) -> None:
        with self.page.expect_navigation():
            self.logout_button().click()

    def messages(self) -> Locator:
        return self.page.locator("main .pesan")


class LoginPage(WahanaPage):
    path = "/akun/masuk/"

    @property
    def username(self) -> Locator:
        return self.page.locator("input[name='username']")

    @property
    def password(self) -> Locator:
        return self.page.locator("input[name='password']")

    @property
    def submit(self) -> Locator:
        return self.page.locator("main form button[type='submit']")

    def login(self, username: str, password: str) -> None:
        self.username.fill(username)
        self.password.fill(password)
        with self.page.expect_navigation():
            self.submit.click()

    def errors(self) -> Locator:
        """Form-wide errors (wrong password, inactive account) rendered by _form.html."""
        return self.page.locator("main form").get_by_role("alert")


class HomePage(WahanaPage):
    path = "/"

    def nav_links(self) -> Locator:
        return self.header.locator("nav.menu a")


class OtpEnrolPage(WahanaPage):
    """Enrolment of an authenticator app: QR code, the key typed by hand, and a first code."""

    path = "/akun/keamanan/2fa/daftar/"

    @property
    def key(self) -> Locator:
        return self.page.locator("main code.kunci-otp")

    @property
    def code(self) -> Locator:
        return self.page.locator("main input[name='kode']")

    def confirm(self, code: str) -> None:
        self.code.fill(code)
        with self.page.expect_navigation():
            self.page.locator("main form button.utama").click()

    def backup_codes(self) -> Locator:
        """Shown once, after a successful enrolment."""
        return self.page.locator("main ul.kode-cadangan code")

    def go_on(self) -> None:
        with self.page.expect_navigation():
            self.page.locator("main a.tombol.utama").click()


class OtpVerifyPage(WahanaPage):
    """The second step of a login, for an enrolled account."""

    path = "/akun/keamanan/2fa/verifikasi/"

    @property
    def code(self) -> Locator:
        return self.page.locator("main input[name='kode']")

    def verify(self, code: str) -> None:
        self.code.fill(code)
        with self.page.expect_navigation():
            self.page.locator("main form button.utama").click()

    def errors(self) -> Locator:
        return self.page.locator("main form [role='alert']")
