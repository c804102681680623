"""Permission matrix of the watching app: dashboards answer only inside one's scope (a wider
region is 404), score pages of WKSBM outside it are 404, revival plans are written by the TKSK
and managers above, weights by the kabupaten operator and admins; notifications are personal."""

from wahana.akun.testing import (
    INSIDE_DESA_A,
    INSIDE_KECAMATAN_A,
    PERSONA_NAMES,
    Case,
    expect,
    expect_api,
)
from wahana.conftest import DESA_A, KECAMATAN_A

KABUPATEN = "62.10"
INSIDE_KAB = ("admin", "provinsi", "operator", "pimpinan")
PLANNERS_A = ("admin", "provinsi", "operator", "tksk")
READERS_A = {"pimpinan": 403, "psm": 403, "pengurus": 403}
WRITE_WEIGHTS = ("admin", "provinsi", "operator")


def build(world):
    from wahana.pantau import services
    from wahana.pantau.bulan import bulan_ini
    from wahana.pantau.models import Notifikasi
    from wahana.pantau.tests.factories import make_pengesahan, make_wksbm

    p = world.personas
    # Other apps' builds may have made the WKSBM of Desa A and its officers already.
    world.pantau_wksbm = make_wksbm(DESA_A, "WKSBM Tanjung Riu")
    make_pengesahan(world.pantau_wksbm)
    services.indeks_refresh(bulan=bulan_ini(), prefix=KABUPATEN, alert=False)
    world.pantau_rencana = services.rencana_create(
        acting_user=p.tksk, wksbm=world.pantau_wksbm, judul="Revitalisasi"
    )
    world.pantau_langkah = services.langkah_add(
        acting_user=p.tksk,
        rencana=world.pantau_rencana,
        uraian="Temui kepala desa",
        penanggung_jawab="TKSK",
        batas_waktu=bulan_ini(),
    )
    Notifikasi.objects.create(
        penerima=p.tksk, wilayah_id=DESA_A, jenis="turun", judul="Uji", kunci="uji"
    )


LANGKAH = {"uraian": "Rapat pengurus", "penanggung_jawab": "Ketua", "batas_waktu": "2030-01-31"}
BOBOT = {
    "sk": 10,
    "pengurus": 10,
    "lembaga": 10,
    "rapat": 15,
    "dana": 15,
    "bantuan": 20,
    "kegiatan": 10,
    "laporan": 10,
    "batas_hari_laporan": 7,
}

CASES = [
    Case("pantau dasbor (own scope)", "GET", "/pantau/", expect(ok=PERSONA_NAMES)),
    Case("pantau dasbor kabupaten", "GET", f"/pantau/wilayah/{KABUPATEN}/", expect(ok=INSIDE_KAB)),
    Case(
        "pantau dasbor kecamatan A",
        "GET",
        f"/pantau/wilayah/{KECAMATAN_A}/",
        expect(ok=INSIDE_KECAMATAN_A),
    ),
    Case("pantau dasbor desa A", "GET", f"/pantau/wilayah/{DESA_A}/", expect(ok=INSIDE_DESA_A)),
    Case("pantau kelengkapan (own scope)", "GET", "/pantau/kelengkapan/", expect(ok=PERSONA_NAMES)),
    Case(
        "pantau kelengkapan kabupaten",
        "GET",
        f"/pantau/kelengkapan/{KABUPATEN}/",
        expect(ok=INSIDE_KAB),
    ),
    Case(
        "pantau kelengkapan kecamatan A",
        "GET",
        f"/pantau/kelengkapan/{KECAMATAN_A}/",
        expect(ok=INSIDE_KECAMATAN_A),
    ),
    Case("pantau wksbm score", "GET", "/pantau/wksbm/{pantau_wksbm.pk}/", expect(ok=INSIDE_DESA_A)),
    Case(
        "pantau rencana form",
        "GET",
        "/pantau/wksbm/{pantau_wksbm.pk}/rencana/baru/",
        expect(ok=PLANNERS_A, **READERS_A),
    ),
    Case(
        "pantau rencana create",
        "POST",
        "/pantau/wksbm/{pantau_wksbm.pk}/rencana/baru/",
        expect(ok=PLANNERS_A, status=302, **READERS_A),
        data={"judul": "Rencana uji", "tujuan": ""},
    ),
    Case(
        "pantau rencana from desa",
        "GET",
        f"/pantau/desa/{DESA_A}/rencana/baru/",
        expect(ok=INSIDE_DESA_A, status=302),
    ),
    Case(
        "pantau rencana detail",
        "GET",
        "/pantau/rencana/{pantau_rencana.pk}/",
        expect(ok=INSIDE_DESA_A),
    ),
    Case(
        "pantau langkah add",
        "POST",
        "/pantau/rencana/{pantau_rencana.pk}/",
        expect(ok=PLANNERS_A, status=302, **READERS_A),
        data=LANGKAH,
    ),
    Case(
        "pantau langkah toggle",
        "POST",
        "/pantau/rencana/{pantau_rencana.pk}/langkah/{pantau_langkah.pk}/",
        expect(ok=PLANNERS_A, status=302, **READERS_A),
    ),
    Case("pantau notifikasi", "GET", "/pantau/notifikasi/", expect(ok=PERSONA_NAMES)),
    Case(
        "pantau notifikasi read",
        "POST",
        "/pantau/notifikasi/",
        expect(ok=PERSONA_NAMES, status=302),
    ),
    Case("pantau bobot", "GET", f"/pantau/bobot/{KABUPATEN}/", expect(ok=INSIDE_KAB)),
    Case(
        "pantau bobot update",
        "POST",
        f"/pantau/bobot/{KABUPATEN}/",
        expect(ok=WRITE_WEIGHTS, status=302, pimpinan=403),
        data=BOBOT,
    ),
    # API
    Case(
        "pantau api rekap kabupaten",
        "GET",
        f"/api/v1/pantau/rekap?kode={KABUPATEN}",
        expect_api(ok=INSIDE_KAB),
    ),
    Case(
        "pantau api rekap anak kecamatan A",
        "GET",
        f"/api/v1/pantau/rekap/anak?kode={KECAMATAN_A}",
        expect_api(ok=INSIDE_KECAMATAN_A),
    ),
    Case(
        "pantau api kelengkapan kecamatan A",
        "GET",
        f"/api/v1/pantau/kelengkapan?kode={KECAMATAN_A}",
        expect_api(ok=INSIDE_KECAMATAN_A),
    ),
    Case(
        "pantau api indeks desa A",
        "GET",
        f"/api/v1/pantau/indeks?kode={DESA_A}",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case(
        "pantau api wksbm riwayat",
        "GET",
        "/api/v1/pantau/wksbm/{pantau_wksbm.pk}/riwayat",
        expect_api(ok=INSIDE_DESA_A),
    ),
]
