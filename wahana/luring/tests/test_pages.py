"""The field pages: forms post without JavaScript through the same receiver (a resent form
stores once), the service worker is served with a scope over /lapangan/, the manifest names
the app and its icons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wahana.conftest import DESA_A
from wahana.kegiatan.models import Kegiatan
from wahana.ppks.models import Ppks
from wahana.wksbm.tests.factories import make_wksbm

from ..models import Kiriman
from .factories import jpeg_bytes

pytestmark = pytest.mark.django_db


def test_ppks_form_without_javascript_stores_once(client, personas):
    client.force_login(personas.psm)
    page = client.get("/lapangan/ppks/")
    assert page.status_code == 200
    client_id = page.context["form"]["client_id"].initial
    form = {
        "client_id": client_id,
        "kode_wilayah": DESA_A,
        "nama": "Yuliana Ningsih",
        "jenis": ["24"],
        "konfirmasi_duplikat": "on",
    }
    assert client.post("/lapangan/ppks/", form).status_code == 302
    assert client.post("/lapangan/ppks/", form).status_code == 302  # pressed twice
    assert Ppks.objects.filter(nama="Yuliana Ningsih").count() == 1
    assert Kiriman.objects.filter(client_id=client_id).count() == 1


def test_activity_form_with_photo_without_javascript(client, personas):
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)
    client.force_login(personas.pengurus)
    form = {
        "client_id": "5b0c4f5e-8d1e-4c1e-9d55-0c1e8d5e1a01",
        "wksbm_id": str(wksbm.pk),
        "judul": "Posyandu lansia",
        "jenis": "perlindungan",
        "tanggal": "2026-02-03",
        "tempat": "Balai desa",
        "jumlah_peserta": "20",
        "sumber_dana": "tanpa_biaya",
        "foto": SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"),
    }
    assert client.post("/lapangan/kegiatan/", form).status_code == 302
    assert Kegiatan.objects.get(judul="Posyandu lansia").foto_set.count() == 1


def test_ppks_form_refuses_another_desa(client, personas):
    client.force_login(personas.psm)
    page = client.post(
        "/lapangan/ppks/",
        {
            "client_id": "5b0c4f5e-8d1e-4c1e-9d55-0c1e8d5e1a02",
            "kode_wilayah": "62.10.01.2002",
            "nama": "X",
            "jenis": ["24"],
        },
    )
    assert page.status_code == 200  # the desa is not among the choices
    assert not Ppks.objects.filter(nama="X").exists()


def test_service_worker_and_manifest(client):
    sw = client.get("/lapangan/sw.js")
    assert sw["Content-Type"].startswith("application/javascript")
    assert sw["Service-Worker-Allowed"] == "/lapangan/"
    assert b"caches" in sw.content
    manifest = client.get("/lapangan/manifest.webmanifest").json()
    assert manifest["name"] == "Wahana Lapangan"
    assert manifest["scope"] == "/lapangan/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_field_page_shows_outbox_counter_and_script(client, personas):
    client.force_login(personas.tksk)
    html = client.get("/lapangan/").content.decode()
    assert 'id="jumlah-kotak-keluar"' in html
    assert "luring/luring.js" in html
    assert "<script>" not in html  # CSP: no inline script


def test_meeting_form_without_javascript_records_attendance(client, personas):
    from wahana.wksbm.models import RapatWksbm
    from wahana.wksbm.tests.factories import make_pengurus

    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)
    ketua = make_pengurus(user=personas.operator, wksbm=wksbm, nama="Yohanes", jabatan="ketua")
    client.force_login(personas.pengurus)
    page = client.get("/lapangan/rapat/")
    assert "Yohanes" in page.content.decode()
    form = {
        "client_id": page.context["form"]["client_id"].initial,
        "wksbm_id": str(wksbm.pk),
        "tanggal": "2026-03-02",
        "tempat": "Rumah ketua",
        "agenda": "Jadwal jimpitan",
        "hadir": [str(ketua.pk)],
        "jumlah_hadir_lain": "4",
    }
    assert client.post("/lapangan/rapat/", form).status_code == 302
    assert client.post("/lapangan/rapat/", form).status_code == 302  # pressed twice
    rapat = RapatWksbm.objects.get(agenda="Jadwal jimpitan")
    assert list(rapat.hadir.all()) == [ketua]


def test_script_strings_come_translated_from_the_page(client, personas):
    """luring.js and sesi.js carry no user-facing text: every string they show is rendered by
    the server in the user's language (json_script / data attributes), so English works."""
    import json
    import re
    from pathlib import Path

    static = Path(__file__).parents[1] / "static" / "luring"
    script = (static / "luring.js").read_text()
    client.force_login(personas.psm)
    page = client.get("/lapangan/ppks/").content.decode()
    teks = json.loads(re.search(r'id="luring-teks"[^>]*>(.*?)</script>', page, re.S)[1])
    used = set(re.findall(r"TEKS\.(\w+)", script))
    assert used and used <= set(teks), used - set(teks)
    assert set(teks["jenis"]) >= {"ppks", "kegiatan", "kunjungan", "rapat", "kas_masuk"}
    for name in ("luring.js", "sesi.js"):
        literals = re.findall(r'"([^"\\n]*)"', (static / name).read_text())
        words = [s for s in literals if re.search(r"\b(item|terkirim|sinyal|Buang|ponsel)\b", s)]
        assert not words, (name, words)
    assert 'data-sesi-keluar="' in page and "%(n)s" in page
