"""A PSM of Tanjung Riu works without signal in Chromium: the field pages open from the service
worker after a reload while offline, a new PPKS and an activity with a photo wait in the
on-device outbox, and when the signal returns both reach the server exactly once."""

import io
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from wahana.conftest import DESA_A
from wahana.kegiatan.models import Kegiatan
from wahana.luring.models import Kiriman
from wahana.ppks.models import Ppks
from wahana.wksbm.tests.factories import make_wksbm

pytestmark = pytest.mark.e2e
CACHE_READY = """async () => {
  const cache = await caches.open("wahana-luring-v1");
  const keys = (await cache.keys()).map((r) => new URL(r.url).pathname);
  return ["/lapangan/", "/lapangan/ppks/", "/lapangan/kegiatan/"].every((p) => keys.includes(p))
    && keys.some((p) => p.endsWith(".js")) && keys.some((p) => p.endsWith(".css"));
}"""


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 90)).save(out, "JPEG")
    return out.getvalue()


def _until(page, script: str, timeout: float = 20) -> None:
    """Poll with page.evaluate: wait_for_function evaluates strings in the page, which the
    Content-Security-Policy (no unsafe-eval) refuses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, script
        time.sleep(0.2)


def _outbox(page):
    return expect(page.locator("#jumlah-kotak-keluar"))


def test_offline_day_arrives_once(page, server_url, personas, login):
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A, nama="WKSBM Tanjung Riu")
    login(page, personas.psm.username)
    page.goto(f"{server_url}/lapangan/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    _until(page, "navigator.serviceWorker.controller !== null")
    _until(page, CACHE_READY)
    expect(page.locator("#referensi-info")).to_contain_text("Data acuan:")

    page.context.set_offline(True)
    page.goto(f"{server_url}/lapangan/ppks/")
    page.locator("[name=kode_wilayah]").select_option(DESA_A)
    page.locator("[name=nama]").fill("Maria Tingang")
    page.locator("[name=alamat]").fill("RT 02 Tanjung Riu")
    page.locator("[name=jenis][value='24']").check()
    page.locator("[name=konfirmasi_duplikat]").check()
    page.get_by_role("button", name="Simpan").click()
    _outbox(page).to_have_text("1")

    page.goto(f"{server_url}/lapangan/kegiatan/")
    page.locator("[name=wksbm_id]").select_option(str(wksbm.pk))
    page.locator("[name=judul]").fill("Bersih kampung tepi Kahayan")
    page.locator("[name=jenis]").select_option("pemberdayaan")
    page.locator("[name=tanggal]").fill("2026-01-10")
    page.locator("[name=tempat]").fill("Dermaga desa")
    page.locator("[name=jumlah_peserta]").fill("15")
    page.locator("[name=sumber_dana]").select_option("tanpa_biaya")
    page.locator("[name=foto]").set_input_files(
        files=[{"name": "kerja-bakti.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    page.get_by_role("button", name="Simpan").click()
    _outbox(page).to_have_text("2")

    page.reload()  # still offline: the service worker serves the page, IndexedDB the outbox
    _outbox(page).to_have_text("2")
    assert "Tanpa sinyal" in page.locator(".sinyal").inner_text()
    assert not Ppks.objects.filter(nama="Maria Tingang").exists()

    page.context.set_offline(False)
    page.get_by_role("button", name="Kirim sekarang").click()
    _outbox(page).to_have_text("0", timeout=30_000)
    page.get_by_role("button", name="Kirim sekarang").click()  # a second send changes nothing

    assert Ppks.objects.filter(nama="Maria Tingang").count() == 1
    kegiatan = Kegiatan.objects.get(judul="Bersih kampung tepi Kahayan")
    assert kegiatan.foto_set.count() == 1
    assert Kiriman.objects.filter(pengguna=personas.psm).count() == 2
