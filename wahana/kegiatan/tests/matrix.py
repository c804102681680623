"""Permission matrix of activities around Desa A (Tanjung Riu): its pengurus and PSM, the TKSK
of Kurun and the managers above record; the TKSK (and managers) verify; Pimpinan reads;
everyone outside is answered 404. State-changing cases use a request the service refuses on
its merits (an already verified activity, an invalid payload), so every persona meets the
same record."""

import datetime

from wahana.akun.testing import INSIDE_DESA_A, PERSONA_NAMES, Case, expect, expect_api

EVERYONE = PERSONA_NAMES
RECORD_A = ("admin", "provinsi", "operator", "tksk", "psm", "pengurus")
VERIFY_A = ("admin", "provinsi", "operator", "tksk")
# Who may open the create form: a WKSBM to record for (A, or B for its pengurus and TKSK).
CREATE = (*RECORD_A, "outsider", "tksk_lain")


def build(world):
    from wahana.dana.tests.factories import make_wksbm_a, make_wksbm_b
    from wahana.kegiatan.tests.factories import make_kegiatan, make_verified

    p = world.personas
    world.wksbm_a = getattr(world, "wksbm_a", None) or make_wksbm_a()
    world.wksbm_b = make_wksbm_b()
    world.kegiatan_draft = make_kegiatan(acting_user=p.psm, wksbm=world.wksbm_a, judul="Draf")
    world.kegiatan_ok = make_verified(
        acting_user=p.psm, verifier=p.tksk, wksbm=world.wksbm_a, judul="Sudah diverifikasi"
    )


KEGIATAN = {
    "judul": "Uji",
    "jenis": "salah",
    "tanggal": datetime.date(2026, 10, 1).isoformat(),
    "tempat": "Balai",
    "sumber_dana": "kas_wksbm",
}

CASES = [
    Case("kegiatan list", "GET", "/kegiatan/", expect(ok=EVERYONE)),
    Case("kegiatan create form", "GET", "/kegiatan/baru/", expect(ok=CREATE, default=403)),
    Case("kegiatan detail", "GET", "/kegiatan/{kegiatan_draft.pk}/", expect(ok=INSIDE_DESA_A)),
    Case(
        "kegiatan edit form",
        "GET",
        "/kegiatan/{kegiatan_draft.pk}/ubah/",
        expect(ok=RECORD_A, pimpinan=403),
    ),
    Case(
        "kegiatan report (already verified: refused with a message)",
        "POST",
        "/kegiatan/{kegiatan_ok.pk}/laporkan/",
        expect(ok=RECORD_A, status=302, pimpinan=403),
    ),
    Case(
        "kegiatan verify (already verified)",
        "POST",
        "/kegiatan/{kegiatan_ok.pk}/verifikasi/",
        expect(ok=VERIFY_A, status=302, pimpinan=403, psm=403, pengurus=403),
    ),
    Case(
        "kegiatan return (already verified)",
        "POST",
        "/kegiatan/{kegiatan_ok.pk}/kembalikan/",
        expect(ok=VERIFY_A, status=302, pimpinan=403, psm=403, pengurus=403),
        data={"alasan": "uji"},
    ),
    Case(
        "kegiatan photo (no file)",
        "POST",
        "/kegiatan/{kegiatan_draft.pk}/foto/",
        expect(ok=RECORD_A, status=302, pimpinan=403),
    ),
    # API
    Case("api kegiatan list", "GET", "/api/v1/kegiatan", expect_api(ok=EVERYONE)),
    Case(
        "api kegiatan detail",
        "GET",
        "/api/v1/kegiatan/{kegiatan_draft.pk}",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case(
        "api kegiatan create (invalid kind)",
        "POST",
        "/api/v1/kegiatan",
        expect_api(ok=RECORD_A, status=422, pimpinan=403),
        data=lambda w: {**KEGIATAN, "wksbm_id": w.wksbm_a.pk},
        json=True,
    ),
    Case(
        "api kegiatan update (already verified)",
        "PUT",
        "/api/v1/kegiatan/{kegiatan_ok.pk}",
        expect_api(ok=RECORD_A, status=422, pimpinan=403),
        data={**KEGIATAN, "jenis": "sosialisasi"},
        json=True,
    ),
    Case(
        "api kegiatan report (already verified)",
        "POST",
        "/api/v1/kegiatan/{kegiatan_ok.pk}/laporkan",
        expect_api(ok=RECORD_A, status=422, pimpinan=403),
        json=True,
    ),
    Case(
        "api kegiatan verify (already verified)",
        "POST",
        "/api/v1/kegiatan/{kegiatan_ok.pk}/verifikasi",
        expect_api(ok=VERIFY_A, status=422, pimpinan=403, psm=403, pengurus=403),
        json=True,
    ),
    Case(
        "api kegiatan return (already verified)",
        "POST",
        "/api/v1/kegiatan/{kegiatan_ok.pk}/kembalikan",
        expect_api(ok=VERIFY_A, status=422, pimpinan=403, psm=403, pengurus=403),
        data={"alasan": "uji"},
        json=True,
    ),
]
