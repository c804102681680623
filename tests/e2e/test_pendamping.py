"""A TKSK's month in a browser: the TKSK of Kurun records a visit to Tanjung Riu with a photo and
a follow-up task, builds the monthly report from it and submits it; the kabupaten operator
returns it for revision with a reason, which the TKSK then reads on the report."""

import io

import pytest
from django.utils import timezone
from PIL import Image

from tests.e2e.pages import WahanaPage
from wahana.conftest import DESA_A, KECAMATAN_A
from wahana.pendamping.tests.factories import make_pendamping

pytestmark = pytest.mark.e2e


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 120, 60)).save(out, "JPEG")
    return out.getvalue()


class KunjunganFormPage(WahanaPage):
    path = "/pendamping/kunjungan/baru/"

    def record(self, *, kode_wilayah, tanggal, jenis, uraian, temuan, foto: bytes) -> None:
        form = self.page.locator("main form")
        form.locator("input[name='kode_wilayah']").fill(kode_wilayah)
        form.locator("input[name='tanggal']").fill(tanggal)
        form.locator("select[name='jenis']").select_option(jenis)
        form.locator("input[name='uraian']").fill(uraian)
        form.locator("textarea[name='temuan']").fill(temuan)
        form.locator("input[name='foto_1']").set_input_files(
            {"name": "rapat.jpg", "mimeType": "image/jpeg", "buffer": foto}
        )
        with self.page.expect_navigation():
            form.get_by_role("button", name="Simpan").click()


class KunjunganDetailPage(WahanaPage):
    def add_follow_up(self, *, uraian: str, batas_waktu: str) -> None:
        form = self.page.locator("form[action$='/tindak-lanjut/']")
        form.locator("input[name='uraian']").fill(uraian)
        form.locator("input[name='batas_waktu']").fill(batas_waktu)
        with self.page.expect_navigation():
            form.get_by_role("button", name="Tambah tindak lanjut").click()

    def follow_ups(self):
        return self.page.locator("main table").last


class LaporanPage(WahanaPage):
    path = "/pendamping/laporan/baru/"

    def create(self, bulan_value: str) -> None:
        form = self.page.locator("main form")
        form.locator("select[name='bulan']").select_option(bulan_value)
        with self.page.expect_navigation():
            form.get_by_role("button", name="Buat").click()

    def activity_table(self):
        return self.page.locator("main table").first

    def submit(self, ringkasan: str) -> None:
        self.page.locator("textarea[name='ringkasan']").fill(ringkasan)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Ajukan laporan").click()

    def status(self) -> str:
        return self.page.locator("main .lencana[class*='status-']").first.inner_text()

    def return_for_revision(self, alasan: str) -> None:
        form = self.page.locator("form[action$='/kembalikan/']")
        form.locator("textarea[name='alasan']").fill(alasan)
        with self.page.expect_navigation():
            form.get_by_role("button", name="Kembalikan untuk revisi").click()


def test_tksk_visit_follow_up_report_and_operator_returns_it(page, server_url, personas, login):
    make_pendamping(
        user=personas.operator,
        kode_wilayah=KECAMATAN_A,
        nama="Debi Handrianto",
        akun=personas.tksk,
    )
    today = timezone.localdate()

    login(page, personas.tksk.username)
    KunjunganFormPage(page, server_url).open().record(
        kode_wilayah=DESA_A,
        tanggal=today.isoformat(),
        jenis="rapat",
        uraian="Rapat pengurus WKSBM Tanjung Riu",
        temuan="Bendahara pindah ke Kuala Kurun",
        foto=_jpeg(),
    )
    detail = KunjunganDetailPage(page, server_url)
    assert "Rapat · Tanjung Riu" in detail.heading.inner_text()
    assert page.locator(".foto-grid img").count() == 1
    detail.add_follow_up(uraian="Pilih bendahara baru", batas_waktu=today.isoformat())
    assert "Pilih bendahara baru" in detail.follow_ups().inner_text()
    assert "Debi Handrianto" in detail.follow_ups().inner_text()

    laporan = LaporanPage(page, server_url).open()
    laporan.create(today.replace(day=1).isoformat())
    assert "LAPORAN BULANAN TKSK" in laporan.heading.inner_text()
    rows = laporan.activity_table().inner_text()
    assert "Rapat pengurus WKSBM Tanjung Riu" in rows and "Bendahara pindah" in rows
    laporan.submit("Satu rapat pengurus; bendahara perlu diganti.")
    assert laporan.status() == "Diajukan"
    report_url = page.url

    page.context.clear_cookies()
    login(page, personas.operator.username)
    page.goto(report_url)
    laporan.return_for_revision("Tambahkan daftar hadir rapat")
    assert laporan.status() == "Dikembalikan untuk revisi"

    page.context.clear_cookies()
    login(page, personas.tksk.username)
    page.goto(report_url)
    assert "Tambahkan daftar hadir rapat" in page.locator("main").inner_text()
    # Returned for revision: the TKSK can edit and submit again.
    assert page.get_by_role("button", name="Ajukan laporan").is_visible()
