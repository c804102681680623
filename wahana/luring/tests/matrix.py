"""Permission matrix of the offline field app. Field pages and the outbox endpoints are for the
field roles (PSM, pengurus WKSBM, TKSK); a write outside one's own area is refused and stores
nothing (403 from the PPKS rules, 404 for a WKSBM one cannot see); the conflict review is for
managers and the TKSK, each within their area."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from wahana.akun.testing import PERSONA_NAMES, Case, expect, expect_api

EVERYONE = PERSONA_NAMES
FIELD = ("tksk", "psm", "pengurus", "outsider", "tksk_lain")
REVIEWERS = ("admin", "provinsi", "operator", "operator_lain", "tksk", "tksk_lain")
MANAGERS = ("admin", "provinsi", "operator", "operator_lain")
# Field roles whose area covers Desa A (Tanjung Riu).
FIELD_A = ("tksk", "psm", "pengurus")
# The forms each field role uses (the owning apps' rules: visits by TKSK/PSM, meetings by the
# PSM and pengurus, the fund book by the pengurus).
KUNJUNGAN = ("tksk", "psm", "tksk_lain")
RAPAT = ("psm", "pengurus", "outsider")
KAS = ("pengurus", "outsider")
REVIEW_A = ("admin", "provinsi", "operator", "tksk")


def build(world):
    from wahana.conftest import DESA_A
    from wahana.luring.models import Jenis, KonflikKiriman
    from wahana.luring.services import foto_receive

    from .factories import jpeg_bytes, sha

    world.luring_konflik = KonflikKiriman.objects.create(
        client_id=uuid.uuid4(),
        pengguna=world.personas.psm,
        jenis=Jenis.PPKS,
        alasan=KonflikKiriman.Alasan.ID_SAMA,
        isi={"nama": "Uji"},
        hash_isi="0" * 64,
        wilayah_id=DESA_A,
    )
    data = jpeg_bytes()
    foto_receive(
        acting_user=world.personas.psm,
        upload=SimpleUploadedFile("f.jpg", data, content_type="image/jpeg"),
        sha256=sha(data),
    )
    world.luring_foto_sha = sha(data)
    from wahana.wksbm.models import Wksbm
    from wahana.wksbm.tests.factories import make_wksbm

    # The WKSBM of Desa A (built by the wksbm matrix when it ran first; one per desa).
    world.luring_wksbm_a = Wksbm.objects.filter(wilayah_id=DESA_A).first() or make_wksbm(
        user=world.personas.operator, kode_wilayah=DESA_A
    )


def _ppks_a(world):
    from .factories import item, ppks_data

    return item("ppks", ppks_data())


def _foto(world):
    from .factories import jpeg_bytes, sha

    data = jpeg_bytes((10, 200, 30))
    return {"sha256": sha(data), "foto": SimpleUploadedFile("f.jpg", data, "image/jpeg")}


def _rapat_a(world):
    from .factories import item, rapat_data

    return item("rapat", rapat_data(world.luring_wksbm_a))


CASES = [
    Case(
        "luring beranda",
        "GET",
        "/lapangan/",
        expect(ok=FIELD, status=200, default=403, **dict.fromkeys(MANAGERS, 302)),
    ),
    Case("luring ppks form", "GET", "/lapangan/ppks/", expect(ok=FIELD, default=403)),
    Case("luring kegiatan form", "GET", "/lapangan/kegiatan/", expect(ok=FIELD, default=403)),
    Case("luring ppks ubah", "GET", "/lapangan/ppks-ubah/", expect(ok=FIELD, default=403)),
    Case("luring kunjungan form", "GET", "/lapangan/kunjungan/", expect(ok=KUNJUNGAN, default=403)),
    Case("luring rapat form", "GET", "/lapangan/rapat/", expect(ok=RAPAT, default=403)),
    Case("luring kas masuk form", "GET", "/lapangan/kas-masuk/", expect(ok=KAS, default=403)),
    Case("luring konflik list", "GET", "/lapangan/konflik/", expect(ok=REVIEWERS, default=403)),
    Case(
        "luring konflik decide (Desa A)",
        "POST",
        "/lapangan/konflik/{luring_konflik.pk}/",
        expect(ok=REVIEW_A, status=302, default=404),
        data={"aksi": "tolak"},
    ),
    Case("luring service worker", "GET", "/lapangan/sw.js", expect(ok=EVERYONE, anonymous=200)),
    Case(
        "luring manifest",
        "GET",
        "/lapangan/manifest.webmanifest",
        expect(ok=EVERYONE, anonymous=200),
    ),
    Case(
        "luring api referensi", "GET", "/api/v1/luring/referensi", expect_api(ok=FIELD, default=403)
    ),
    Case(
        "luring api foto check (psm's photo)",
        "GET",
        "/api/v1/luring/foto/{luring_foto_sha}",
        expect_api(ok=("psm",), default=404),
    ),
    Case(
        "luring api foto send",
        "POST",
        "/api/v1/luring/foto",
        expect_api(ok=FIELD, default=403),
        data=_foto,
    ),
    Case(
        "luring api kirim PPKS of Desa A",
        "POST",
        "/api/v1/luring/kirim",
        expect_api(ok=FIELD_A, default=403),
        data=_ppks_a,
        json=True,
    ),
    Case(
        "luring api kirim meeting of a Desa A WKSBM",
        "POST",
        "/api/v1/luring/kirim",
        # The TKSK reads the WKSBM but does not write its minutes (wksbm rules); the outsider
        # and the other TKSK cannot see it.
        expect_api(ok=("psm", "pengurus"), default=403, outsider=404, tksk_lain=404),
        data=_rapat_a,
        json=True,
    ),
]
