"""Permission matrix of the reports: anyone signed in asks for reports of regions inside their
scope (a wider region is 404 / not offered), follows only their own; the letterhead is set by
the office's operator and admins above; aggregates are exported inside one's scope and imported
by province/system admins."""

from wahana.akun.testing import PERSONA_NAMES, Case, expect, expect_api

KABUPATEN_OK = ("admin", "provinsi", "operator", "pimpinan")
KOP_OK = ("admin", "provinsi", "operator")
REKAP = {"jenis": "rekap_wksbm", "format": "xlsx", "wilayah": "62.10", "bulan": "2026-11"}
REKAP_API = {
    "jenis": "rekap_wksbm",
    "format": "xlsx",
    "kode_wilayah": "62.10",
    "bulan": "2026-11-01",
}


def build(world):
    import datetime

    from wahana.laporan.services import laporan_request

    world.laporan_tugas = laporan_request(
        acting_user=world.personas.operator,
        jenis="rekap_psks",
        format="pdf",
        kode_wilayah="62.10",
        bulan=datetime.date(2026, 11, 1),
    )


CASES = [
    Case("laporan list", "GET", "/laporan/", expect(ok=PERSONA_NAMES)),
    # The header's report bell: one's own reports only, so every signed-in user gets it.
    Case("laporan bell", "GET", "/laporan/lonceng/", expect(ok=PERSONA_NAMES)),
    # Out of scope the region is not among the choices: the form is shown again (200).
    Case(
        "laporan request (page)",
        "POST",
        "/laporan/",
        expect(ok=KABUPATEN_OK, status=302, default=200),
        data=REKAP,
    ),
    Case(
        "laporan kop",
        "GET",
        "/laporan/kop/62.10/",
        expect(ok=KOP_OK, pimpinan=403),
    ),
    Case("laporan agregat", "GET", "/laporan/agregat/", expect(ok=PERSONA_NAMES)),
    Case(
        "laporan agregat ekspor",
        "GET",
        "/laporan/agregat/ekspor/",
        expect(ok=KABUPATEN_OK, default=400),
        data={"wilayah": "62.10", "bulan": "2026-11"},
    ),
    # Without a file every signed-in user is sent back with a message.
    Case(
        "laporan agregat impor",
        "POST",
        "/laporan/agregat/impor/",
        expect(ok=PERSONA_NAMES, status=302),
    ),
    Case(
        "laporan api request",
        "POST",
        "/api/v1/laporan/",
        expect_api(ok=KABUPATEN_OK, status=202),
        data=REKAP_API,
        json=True,
    ),
    Case("laporan api saya", "GET", "/api/v1/laporan/saya", expect_api(ok=PERSONA_NAMES)),
    Case(
        "laporan api tugas (requester only)",
        "GET",
        "/api/v1/laporan/tugas/{laporan_tugas.pk}",
        expect_api(ok=("operator",)),
    ),
    Case("laporan api agregat", "GET", "/api/v1/laporan/agregat", expect_api(ok=PERSONA_NAMES)),
]
