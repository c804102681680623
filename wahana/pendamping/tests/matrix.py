"""Permission matrix of the pendamping app: every page and API endpoint, every persona.

Records (wahana.pendamping.tests.factories.make_world): TKSK Kurun (tksk_a, linked to the tksk
persona), TKSK Sepang (tksk_b, tksk_lain), PSM Tanjung Riu (psm_a, psm); a programme of the
kabupaten reaching Desa A and Desa B; a visit to the WKSBM of Desa A by TKSK Kurun.

Write cases send data the service refuses (a draft cannot be approved, an empty form...), so
one persona's success does not change what the next persona meets: the allowed ones get the
validation answer (302 back with a message, or 422), the others 403 (visible, not allowed) or
404 (outside the scope).
"""

from wahana.akun.testing import PERSONA_NAMES, Case, expect, expect_api
from wahana.conftest import DESA_A, KECAMATAN_A

EVERYONE = PERSONA_NAMES
# Everyone but pengurus WKSBM reads the registry (inside their own area).
REGISTRY = (
    "admin",
    "provinsi",
    "operator",
    "pimpinan",
    "tksk",
    "psm",
    "tksk_lain",
    "operator_lain",
)
PENGELOLA = ("admin", "provinsi", "operator", "operator_lain")
WORKERS_AND_PENGELOLA = (*PENGELOLA, "tksk", "psm", "tksk_lain")
MANAGE_GUMAS = ("admin", "provinsi", "operator")
# Who sees a record of Desa A / Kecamatan Kurun in this app.
SEE_DESA_A = ("admin", "provinsi", "operator", "pimpinan", "tksk", "psm")
SEE_KURUN = ("admin", "provinsi", "operator", "pimpinan", "tksk")
SEE_PROGRAM = (*SEE_DESA_A, "tksk_lain")
# Who may change the visit of TKSK Kurun to Desa A: the managers of Gunung Mas and the TKSK.
VISIT_WRITERS = (*MANAGE_GUMAS, "tksk")
VISIT_READERS_ONLY = ("pimpinan", "psm", "pengurus")


def _not_a_photo(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"foto": SimpleUploadedFile("catatan.txt", b"bukan foto", content_type="text/plain")}


def build(world):
    from wahana.wksbm.models import Wksbm
    from wahana.wksbm.tests.factories import make_wksbm

    from .factories import make_kunjungan, make_world

    p = world.personas
    pd = make_world(p)
    wksbm = Wksbm.objects.filter(wilayah_id=DESA_A, tingkat=Wksbm.Tingkat.DESA).first()
    pd.wksbm = wksbm or make_wksbm(user=p.operator, kode_wilayah=DESA_A)
    pd.kunjungan_w = make_kunjungan(
        user=p.tksk, pendamping=pd.tksk_a, kode_wilayah=DESA_A, wksbm=pd.wksbm
    )
    pd.penugasan_a = pd.psm_a.penugasan_set.get()
    world.pd = pd


def _forbidden_for(*names):
    return dict.fromkeys(names, 403)


CASES = [
    # Registry ---------------------------------------------------------------------------------
    Case("pendamping list", "GET", "/pendamping/", expect(ok=REGISTRY)),
    Case("pendamping create form", "GET", "/pendamping/baru/", expect(ok=PENGELOLA)),
    Case(
        "pendamping detail (PSM Desa A)", "GET", "/pendamping/{pd.psm_a.pk}/", expect(ok=SEE_DESA_A)
    ),
    Case(
        "pendamping edit form (PSM Desa A)",
        "GET",
        "/pendamping/{pd.psm_a.pk}/ubah/",
        expect(ok=MANAGE_GUMAS, **_forbidden_for("pimpinan", "tksk", "psm")),
    ),
    Case(
        "pendamping add desa (already assigned)",
        "POST",
        "/pendamping/{pd.psm_a.pk}/penugasan/",
        expect(ok=MANAGE_GUMAS, status=302, **_forbidden_for("pimpinan", "tksk", "psm")),
        data={"kode_wilayah": DESA_A},
    ),
    Case(
        "pendamping end desa assignment",
        "POST",
        "/pendamping/penugasan/{pd.penugasan_a.pk}/akhiri/",
        expect(ok=MANAGE_GUMAS, status=302, **_forbidden_for("pimpinan", "tksk", "psm")),
    ),
    Case("pendamping coverage", "GET", "/pendamping/cakupan/", expect(ok=REGISTRY)),
    # Visits and tasks ------------------------------------------------------------------------
    Case("pendamping visit list", "GET", "/pendamping/kunjungan/", expect(ok=EVERYONE)),
    Case(
        "pendamping visit create form",
        "GET",
        "/pendamping/kunjungan/baru/",
        expect(ok=WORKERS_AND_PENGELOLA),
    ),
    Case(
        "pendamping visit detail (WKSBM Desa A)",
        "GET",
        "/pendamping/kunjungan/{pd.kunjungan_w.pk}/",
        expect(ok=(*SEE_DESA_A, "pengurus")),
    ),
    Case(
        "pendamping visit edit form (WKSBM Desa A)",
        "GET",
        "/pendamping/kunjungan/{pd.kunjungan_w.pk}/ubah/",
        expect(ok=VISIT_WRITERS, **_forbidden_for("pimpinan", "psm", "pengurus")),
    ),
    Case(
        "pendamping visit edit (empty form)",
        "POST",
        "/pendamping/kunjungan/{pd.kunjungan_w.pk}/ubah/",
        expect(ok=VISIT_WRITERS, **_forbidden_for("pimpinan", "psm", "pengurus")),
    ),
    Case(
        "pendamping visit add photo (empty form)",
        "POST",
        "/pendamping/kunjungan/{pd.kunjungan_w.pk}/foto/",
        expect(
            ok=(*MANAGE_GUMAS, "tksk"),
            status=302,
            **_forbidden_for("pimpinan", "psm", "pengurus"),
        ),
    ),
    Case(
        "pendamping visit add follow-up (empty form)",
        "POST",
        "/pendamping/kunjungan/{pd.kunjungan_w.pk}/tindak-lanjut/",
        expect(
            ok=(*MANAGE_GUMAS, "tksk"),
            status=302,
            **_forbidden_for("pimpinan", "psm", "pengurus"),
        ),
    ),
    Case("pendamping task list", "GET", "/pendamping/tindak-lanjut/", expect(ok=EVERYONE)),
    Case(
        "pendamping task page (Desa A)",
        "GET",
        "/pendamping/tindak-lanjut/{pd.tugas_a.pk}/",
        expect(ok=SEE_DESA_A),
    ),
    Case(
        "pendamping task update (invalid status)",
        "POST",
        "/pendamping/tindak-lanjut/{pd.tugas_a.pk}/",
        expect(ok=(*MANAGE_GUMAS, "tksk", "psm"), **_forbidden_for("pimpinan")),
        data={"status": "bukan-status"},
    ),
    # Programmes ------------------------------------------------------------------------------
    Case("pendamping programme list", "GET", "/pendamping/program/", expect(ok=REGISTRY)),
    Case(
        "pendamping programme create form", "GET", "/pendamping/program/baru/", expect(ok=PENGELOLA)
    ),
    Case(
        "pendamping programme detail",
        "GET",
        "/pendamping/program/{pd.program.pk}/",
        expect(ok=SEE_PROGRAM),
    ),
    Case(
        "pendamping programme edit form",
        "GET",
        "/pendamping/program/{pd.program.pk}/ubah/",
        expect(ok=MANAGE_GUMAS, **_forbidden_for("pimpinan", "tksk", "psm", "tksk_lain")),
    ),
    Case(
        "pendamping programme set desa (empty form)",
        "POST",
        "/pendamping/program/{pd.program.pk}/desa/",
        expect(
            ok=MANAGE_GUMAS,
            status=302,
            **_forbidden_for("pimpinan", "tksk", "psm", "tksk_lain"),
        ),
    ),
    # Monthly reports -------------------------------------------------------------------------
    Case("pendamping report list", "GET", "/pendamping/laporan/", expect(ok=REGISTRY)),
    Case(
        "pendamping report create form",
        "GET",
        "/pendamping/laporan/baru/",
        expect(ok=WORKERS_AND_PENGELOLA),
    ),
    Case("pendamping report recap", "GET", "/pendamping/laporan/rekap/", expect(ok=REGISTRY)),
    Case(
        "pendamping report detail (TKSK Kurun)",
        "GET",
        "/pendamping/laporan/{pd.laporan_a.pk}/",
        expect(ok=SEE_KURUN),
    ),
    Case(
        "pendamping report submit (no summary)",
        "POST",
        "/pendamping/laporan/{pd.laporan_a.pk}/ajukan/",
        expect(ok=(*MANAGE_GUMAS, "tksk"), status=302, **_forbidden_for("pimpinan")),
    ),
    Case(
        "pendamping report approve (a draft)",
        "POST",
        "/pendamping/laporan/{pd.laporan_a.pk}/setujui/",
        expect(ok=MANAGE_GUMAS, status=302, **_forbidden_for("pimpinan", "tksk")),
    ),
    Case(
        "pendamping report return (a draft)",
        "POST",
        "/pendamping/laporan/{pd.laporan_a.pk}/kembalikan/",
        expect(ok=MANAGE_GUMAS, status=302, **_forbidden_for("pimpinan", "tksk")),
        data={"alasan": "Lengkapi foto"},
    ),
    Case(
        "pendamping report reject (a draft)",
        "POST",
        "/pendamping/laporan/{pd.laporan_a.pk}/tolak/",
        expect(ok=MANAGE_GUMAS, status=302, **_forbidden_for("pimpinan", "tksk")),
        data={"alasan": "Salah bulan"},
    ),
    Case(
        "pendamping report amend (a draft)",
        "POST",
        "/pendamping/laporan/{pd.laporan_a.pk}/perubahan/",
        expect(ok=(*MANAGE_GUMAS, "tksk"), status=302, **_forbidden_for("pimpinan")),
    ),
    Case(
        "pendamping report pdf",
        "GET",
        "/pendamping/laporan/{pd.laporan_a.pk}/pdf/",
        expect(ok=SEE_KURUN),
    ),
    Case(
        "pendamping report xlsx",
        "GET",
        "/pendamping/laporan/{pd.laporan_a.pk}/xlsx/",
        expect(ok=SEE_KURUN),
    ),
    # API -------------------------------------------------------------------------------------
    Case("api pendamping list", "GET", "/api/v1/pendamping/", expect_api(ok=EVERYONE)),
    Case(
        "api pendamping create (second active TKSK)",
        "POST",
        "/api/v1/pendamping/",
        expect_api(
            ok=MANAGE_GUMAS,
            status=422,
            **_forbidden_for("pimpinan", "tksk", "psm", "tksk_lain", "operator_lain"),
        ),
        data={"jenis": "tksk", "nama": "TKSK Kedua", "kode_wilayah": KECAMATAN_A},
        json=True,
    ),
    Case(
        "api pendamping detail (PSM Desa A)",
        "GET",
        "/api/v1/pendamping/{pd.psm_a.pk}",
        expect_api(ok=SEE_DESA_A),
    ),
    Case(
        "api pendamping update (term ends before it starts)",
        "PATCH",
        "/api/v1/pendamping/{pd.psm_a.pk}",
        expect_api(ok=MANAGE_GUMAS, status=422, **_forbidden_for("pimpinan", "tksk", "psm")),
        data={"masa_selesai": "2000-01-01"},
        json=True,
    ),
    Case("api pendamping coverage", "GET", "/api/v1/pendamping/cakupan", expect_api(ok=REGISTRY)),
    Case(
        "api pendamping visit list", "GET", "/api/v1/pendamping/kunjungan", expect_api(ok=EVERYONE)
    ),
    Case(
        "api pendamping visit create (date in the future)",
        "POST",
        "/api/v1/pendamping/kunjungan",
        expect_api(ok=(*MANAGE_GUMAS, "tksk"), status=422, **_forbidden_for("pimpinan")),
        data=lambda world: {
            "pendamping_id": world.pd.tksk_a.pk,
            "kode_wilayah": DESA_A,
            "tanggal": "2099-01-01",
            "jenis": "kunjungan",
            "uraian": "Kunjungan",
        },
        json=True,
    ),
    Case(
        "api pendamping visit update (date in the future)",
        "PUT",
        "/api/v1/pendamping/kunjungan/{pd.kunjungan_w.pk}",
        expect_api(ok=VISIT_WRITERS, status=422, **_forbidden_for(*VISIT_READERS_ONLY)),
        data={"tanggal": "2099-01-01", "jenis": "kunjungan", "uraian": "Kunjungan"},
        json=True,
    ),
    Case(
        "api pendamping visit add photo (not a photo)",
        "POST",
        "/api/v1/pendamping/kunjungan/{pd.kunjungan_w.pk}/foto",
        expect_api(ok=VISIT_WRITERS, status=422, **_forbidden_for(*VISIT_READERS_ONLY)),
        data=_not_a_photo,
    ),
    Case(
        "api pendamping visit add follow-up (owner outside the kabupaten)",
        "POST",
        "/api/v1/pendamping/kunjungan/{pd.kunjungan_w.pk}/tindak-lanjut",
        expect_api(ok=VISIT_WRITERS, status=422, **_forbidden_for(*VISIT_READERS_ONLY)),
        data={
            "uraian": "Dampingi bendahara",
            "batas_waktu": "2030-01-01",
            "pemilik_akun": "tidak-ada",
        },
        json=True,
    ),
    Case(
        "api pendamping task list",
        "GET",
        "/api/v1/pendamping/tindak-lanjut",
        expect_api(ok=EVERYONE),
    ),
    Case(
        "api pendamping task update (invalid status)",
        "PATCH",
        "/api/v1/pendamping/tindak-lanjut/{pd.tugas_a.pk}",
        expect_api(ok=(*MANAGE_GUMAS, "tksk", "psm"), status=422, **_forbidden_for("pimpinan")),
        data={"status": "bukan-status"},
        json=True,
    ),
    Case(
        "api pendamping programme list",
        "GET",
        "/api/v1/pendamping/program",
        expect_api(ok=EVERYONE),
    ),
    Case(
        "api pendamping programme detail",
        "GET",
        "/api/v1/pendamping/program/{pd.program.pk}",
        expect_api(ok=SEE_PROGRAM),
    ),
    Case(
        "api pendamping programme create (end before start)",
        "POST",
        "/api/v1/pendamping/program",
        expect_api(
            ok=MANAGE_GUMAS,
            status=422,
            **_forbidden_for("pimpinan", "tksk", "psm", "tksk_lain", "operator_lain"),
        ),
        data={
            "nama": "Bantuan bencana banjir",
            "jenis": "bencana",
            "mulai": "2026-03-01",
            "selesai": "2026-02-01",
            "kode_wilayah": "62.10",
        },
        json=True,
    ),
    Case(
        "api pendamping programme update (end before start)",
        "PATCH",
        "/api/v1/pendamping/program/{pd.program.pk}",
        expect_api(
            ok=MANAGE_GUMAS, status=422, **_forbidden_for("pimpinan", "tksk", "psm", "tksk_lain")
        ),
        data={"selesai": "2000-01-01"},
        json=True,
    ),
    Case(
        "api pendamping programme set desa (a kecamatan, not a desa)",
        "PUT",
        "/api/v1/pendamping/program/{pd.program.pk}/desa",
        expect_api(
            ok=MANAGE_GUMAS, status=422, **_forbidden_for("pimpinan", "tksk", "psm", "tksk_lain")
        ),
        data={"kode_wilayah": KECAMATAN_A},
        json=True,
    ),
    Case(
        "api pendamping report list", "GET", "/api/v1/pendamping/laporan", expect_api(ok=EVERYONE)
    ),
    Case(
        "api pendamping report create (month already has one)",
        "POST",
        "/api/v1/pendamping/laporan",
        expect_api(ok=VISIT_WRITERS, status=422, **_forbidden_for("pimpinan")),
        data=lambda world: {
            "pendamping_id": world.pd.tksk_a.pk,
            "bulan": world.pd.laporan_a.bulan.strftime("%Y-%m"),
        },
        json=True,
    ),
    Case(
        "api pendamping report summary (a draft: saved again and again)",
        "PATCH",
        "/api/v1/pendamping/laporan/{pd.laporan_a.pk}",
        expect_api(ok=VISIT_WRITERS, **_forbidden_for("pimpinan")),
        data={"ringkasan": "Ringkasan baru"},
        json=True,
    ),
    Case(
        "api pendamping report amend (a draft)",
        "POST",
        "/api/v1/pendamping/laporan/{pd.laporan_a.pk}/perubahan",
        expect_api(ok=VISIT_WRITERS, status=422, **_forbidden_for("pimpinan")),
        json=True,
    ),
    Case(
        "api pendamping report detail",
        "GET",
        "/api/v1/pendamping/laporan/{pd.laporan_a.pk}",
        expect_api(ok=SEE_KURUN),
    ),
    Case(
        "api pendamping report submit (no summary)",
        "POST",
        "/api/v1/pendamping/laporan/{pd.laporan_a.pk}/ajukan",
        expect_api(ok=(*MANAGE_GUMAS, "tksk"), status=422, **_forbidden_for("pimpinan")),
        data={},
        json=True,
    ),
    Case(
        "api pendamping report approve (a draft)",
        "POST",
        "/api/v1/pendamping/laporan/{pd.laporan_a.pk}/setujui",
        expect_api(ok=MANAGE_GUMAS, status=422, **_forbidden_for("pimpinan", "tksk")),
        json=True,
    ),
    Case(
        "api pendamping report return (a draft)",
        "POST",
        "/api/v1/pendamping/laporan/{pd.laporan_a.pk}/kembalikan",
        expect_api(ok=MANAGE_GUMAS, status=422, **_forbidden_for("pimpinan", "tksk")),
        data={"alasan": "Lengkapi foto"},
        json=True,
    ),
    Case(
        "api pendamping report reject (a draft)",
        "POST",
        "/api/v1/pendamping/laporan/{pd.laporan_a.pk}/tolak",
        expect_api(ok=MANAGE_GUMAS, status=422, **_forbidden_for("pimpinan", "tksk")),
        data={"alasan": "Salah bulan"},
        json=True,
    ),
]
