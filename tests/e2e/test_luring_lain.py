"""Chromium, offline, the other field forms: a PSM records a pendampingan visit with a photo
and a WKSBM meeting with attendance, a pengurus a fund receipt with its receipt photo; pages
reloaded without signal keep the outbox, and when the signal returns each item is stored once.
Logging out from any page with unsent items warns first; the sign-in page then says that unsent
work of some account waits on the phone."""

import datetime
import json

import pytest
from playwright.sync_api import expect

from tests.e2e.test_luring import _jpeg, _until
from wahana.berkas.models import Berkas
from wahana.conftest import DESA_A
from wahana.dana.models import EntriKas
from wahana.luring.models import Kiriman
from wahana.pendamping.models import Kunjungan, Pendamping
from wahana.pendamping.tests.factories import make_pendamping
from wahana.wksbm.models import RapatWksbm
from wahana.wksbm.tests.factories import make_pengurus, make_wksbm

pytestmark = pytest.mark.e2e
YESTERDAY = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()


def _ready(page, server_url, paths):
    """Online first: the service worker controls the page and keeps `paths` for offline use."""
    page.goto(f"{server_url}/lapangan/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    _until(page, "navigator.serviceWorker.controller !== null")
    script = (
        "async () => { const keys = (await (await caches.open('wahana-luring-v1')).keys())"
        ".map((r) => new URL(r.url).pathname); return "
        + json.dumps(list(paths))
        + ".every((p) => keys.includes(p)); }"
    )
    _until(page, script)
    expect(page.locator("#referensi-info")).to_contain_text("PPKS")


def _outbox(page):
    return expect(page.locator("#jumlah-kotak-keluar"))


def _photo(page, name):
    page.locator("[name=foto]").set_input_files(
        files=[{"name": name, "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )


def test_offline_visit_and_meeting_arrive_once(page, server_url, personas, login):
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A, nama="WKSBM Tanjung Riu")
    ketua = make_pengurus(user=personas.operator, wksbm=wksbm, nama="Yohanes", jabatan="ketua")
    make_pengurus(user=personas.operator, wksbm=wksbm, nama="Lusia", jabatan="bendahara")
    make_pendamping(
        user=personas.operator,
        kode_wilayah=DESA_A,
        jenis=Pendamping.Jenis.PSM,
        nama="Rusdiana",
        akun=personas.psm,
    )
    login(page, personas.psm.username)
    _ready(page, server_url, ["/lapangan/kunjungan/", "/lapangan/rapat/"])

    page.context.set_offline(True)
    page.goto(f"{server_url}/lapangan/kunjungan/")
    page.locator("[name=kode_wilayah]").select_option(DESA_A)
    page.locator("[name=wksbm_id]").select_option(str(wksbm.pk))
    page.locator("[name=tanggal]").fill(YESTERDAY)
    page.locator("[name=jenis]").select_option("kunjungan")
    page.locator("[name=uraian]").fill("Dampingi bendahara mengisi buku kas")
    page.locator("[name=temuan]").fill("Kuitansi jimpitan belum disimpan")
    _photo(page, "kunjungan.jpg")
    page.get_by_role("button", name="Simpan").click()
    _outbox(page).to_have_text("1")

    page.goto(f"{server_url}/lapangan/rapat/")
    page.locator("[name=wksbm_id]").select_option(str(wksbm.pk))
    page.locator("[name=tanggal]").fill(YESTERDAY)
    page.locator("[name=tempat]").fill("Rumah ketua")
    page.locator("[name=agenda]").fill("Jadwal jimpitan dan beras perelek")
    page.locator(f"[name=hadir][value='{ketua.pk}']").check()
    page.locator("[name=jumlah_hadir_lain]").fill("6")
    page.get_by_role("button", name="Simpan").click()
    _outbox(page).to_have_text("2")

    page.reload()  # still offline
    _outbox(page).to_have_text("2")
    assert not Kunjungan.objects.exists() and not RapatWksbm.objects.exists()

    page.context.set_offline(False)
    page.get_by_role("button", name="Kirim sekarang").click()
    _outbox(page).to_have_text("0", timeout=30_000)
    page.get_by_role("button", name="Kirim sekarang").click()  # a second send changes nothing

    kunjungan = Kunjungan.objects.get()
    assert kunjungan.uraian == "Dampingi bendahara mengisi buku kas"
    assert kunjungan.foto_set.count() == 1
    assert Berkas.objects.count() == 1  # the photo, stored once
    rapat = RapatWksbm.objects.get()
    assert list(rapat.hadir.all()) == [ketua] and rapat.jumlah_hadir_lain == 6
    assert Kiriman.objects.filter(pengguna=personas.psm).count() == 2


def test_offline_receipt_with_photo_arrives_once(page, server_url, personas, login):
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A, nama="WKSBM Tanjung Riu")
    login(page, personas.pengurus.username)
    _ready(page, server_url, ["/lapangan/kas-masuk/"])

    page.context.set_offline(True)
    page.goto(f"{server_url}/lapangan/kas-masuk/")
    page.locator("[name=wksbm_id]").select_option(str(wksbm.pk))
    page.locator("[name=tanggal]").fill(YESTERDAY)
    page.locator("[name=sumber]").select_option("jimpitan")
    page.locator("[name=jumlah]").fill("175000")
    page.locator("[name=uraian]").fill("Jimpitan RT 01-03 bulan ini")
    _photo(page, "kuitansi.jpg")
    page.get_by_role("button", name="Simpan").click()
    _outbox(page).to_have_text("1")
    page.reload()
    _outbox(page).to_have_text("1")

    page.context.set_offline(False)
    page.get_by_role("button", name="Kirim sekarang").click()
    _outbox(page).to_have_text("0", timeout=30_000)

    entri = EntriKas.objects.get()
    assert (entri.jumlah, entri.saldo_setelah, entri.sumber) == (175000, 175000, "jimpitan")
    assert entri.bukti is not None and Berkas.objects.count() == 1


def test_logout_from_any_page_warns_about_unsent_items(page, server_url, personas, login):
    login(page, personas.psm.username)
    page.route("**/api/v1/luring/kirim", lambda route: route.abort())  # the signal drops
    page.goto(f"{server_url}/lapangan/ppks/")
    page.locator("[name=kode_wilayah]").select_option(DESA_A)
    page.locator("[name=nama]").fill("Maria Tingang")
    page.locator("[name=jenis][value='24']").check()
    page.get_by_role("button", name="Simpan").click()
    _outbox(page).to_have_text("1")

    page.goto(f"{server_url}/")  # not a field page
    template = page.locator("body").get_attribute("data-sesi-keluar")
    # The question comes after the outbox is read (IndexedDB, asynchronous): wait for it, not
    # for the click (asserting right after the click lost that race in a CI run).
    with page.expect_event("dialog") as asked:
        page.locator("header form[action*='/akun/keluar/'] button").click()
    assert asked.value.message == template.replace("%(n)s", "1")
    asked.value.dismiss()
    expect(page.locator("header .siapa")).to_be_visible()  # still signed in

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("header form[action*='/akun/keluar/'] button").click()
    page.goto(f"{server_url}/akun/masuk/")
    expect(page.locator(".luring-tertunda")).to_contain_text("1")
    # The account's reference data left the phone with it; its unsent item stayed, for it.
    left = page.evaluate(
        """() => new Promise((resolve) => {
          const r = indexedDB.open("wahana-luring", 1);
          r.onsuccess = () => {
            const t = r.result.transaction(["kotak", "referensi"]);
            const a = t.objectStore("kotak").count(), b = t.objectStore("referensi").count();
            t.oncomplete = () => resolve([a.result, b.result]);
          };
        })"""
    )
    assert left == [1, 0]
    assert page.evaluate("caches.keys()") == []
