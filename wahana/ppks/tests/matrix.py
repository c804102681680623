"""Permission matrix of PPKS: every page and endpoint, for every persona.

The PPKS of Desa A (Tanjung Riu) are seen and written by the officers inside it (pengurus, PSM,
the TKSK of Kurun, the managers above); Pimpinan sees counts only (404 on every personal record);
everyone outside is answered 404. Import and full export belong to the managers."""

import datetime
import itertools

from wahana.akun.testing import PENGELOLA, PERSONA_NAMES, Case, expect, expect_api
from wahana.conftest import DESA_A

# Everyone who may see names (all but Pimpinan), each within their own scope.
SEE_NAMES = tuple(name for name in PERSONA_NAMES if name != "pimpinan")
# Who sees and writes the PPKS of Desa A.
NAMES_A = ("admin", "provinsi", "operator", "tksk", "psm", "pengurus")
MANAGE_A = ("admin", "provinsi", "operator")
REVIEWERS = ("admin", "provinsi", "operator", "operator_lain", "tksk", "tksk_lain")
REVIEW_A = ("admin", "provinsi", "operator", "tksk")
HARI_INI = datetime.date.today().isoformat()


class FreshRujukan:
    """A new referral of Desa A each time its `pk` is read: a status step can be taken once, and
    every persona's request must find one still waiting for it."""

    def __init__(self, ppks, user):
        self.ppks, self.user = ppks, user

    @property
    def pk(self):
        from wahana.ppks.tests.factories import rujukan_make

        return rujukan_make(self.ppks, self.user, tanggal=datetime.date.today()).pk


def build(world):
    from wahana.ppks.models import DuplikatPpks, ImporPpks
    from wahana.ppks.tests.factories import make_nik, ppks_make, rujukan_make

    p = world.personas
    world.nik_ppks_a = make_nik(birth=datetime.date(1979, 6, 1), sex="P")
    world.ppks_a = ppks_make(
        nama="Matriks Warga A", nik=world.nik_ppks_a, tanggal_lahir=datetime.date(1979, 6, 1),
        jenis_kelamin="P",
    )  # fmt: skip
    world.ppks_arsip = ppks_make(nama="Matriks Arsip A")
    world.ppks_kembar = ppks_make(nama="Matriks Warga A", jenis_kelamin="P")
    world.duplikat_a = DuplikatPpks.objects.create(
        utama=world.ppks_a,
        duplikat=world.ppks_kembar,
        wilayah_id=DESA_A,
        skor=90,
        alasan=["uji matriks"],
    )
    world.rujukan_a = rujukan_make(world.ppks_a, p.psm)
    world.rujukan_baru = FreshRujukan(world.ppks_a, p.psm)
    world.impor_a = ImporPpks.objects.create(
        dibuat_oleh=p.operator,
        wilayah_id="62.10",
        nama_berkas="matriks.xlsx",
        berkas="ppks-impor/matriks-tidak-ada.xlsx",
        status=ImporPpks.Status.GAGAL,
        pesan="uji matriks",
    )
    serial = itertools.count(1)
    world.ppks_baru = lambda w: {
        "nama": "Matriks Baru",
        "nik": make_nik(birth=datetime.date(1990, 2, 3), serial=5000 + next(serial)),
        "tanggal_lahir": "1990-02-03",
        "jenis_kelamin": "L",
        "kode_wilayah": DESA_A,
        "jenis": ["24"],
        "konfirmasi_duplikat": True,
    }


PPKS_UPDATE = {
    "nama": "Matriks Warga A",
    "tanggal_lahir": "1979-06-01",
    "jenis_kelamin": "P",
    "kode_wilayah": DESA_A,
    "jenis": ["24"],
}
LAYANAN = {"jenis": "perlindungan", "tanggal": HARI_INI, "penyedia": "wksbm"}
RUJUKAN = {"lembaga": "Dinas Sosial Gunung Mas", "tanggal": HARI_INI}

CASES = [
    # Pages
    Case("ppks list (counts for pimpinan)", "GET", "/ppks/", expect(ok=PERSONA_NAMES)),
    Case(
        "ppks search by NIK (POST body)",
        "POST",
        "/ppks/cari-nik/",
        expect(ok=SEE_NAMES, status=302),
        data=lambda w: {"nik": w.nik_ppks_a},
    ),
    Case("ppks create form", "GET", "/ppks/baru/", expect(ok=SEE_NAMES)),
    Case("ppks export (masked)", "GET", "/ppks/ekspor/", expect(ok=SEE_NAMES), {"format": "csv"}),
    Case(
        "ppks export (full NIK, audited)",
        "POST",
        "/ppks/ekspor/",
        expect(ok=PENGELOLA),
        data={"format": "csv", "alasan": "uji matriks"},
    ),
    Case("ppks detail", "GET", "/ppks/{ppks_a.pk}/", expect(ok=NAMES_A)),
    Case("ppks edit form", "GET", "/ppks/{ppks_a.pk}/ubah/", expect(ok=NAMES_A)),
    Case(
        "ppks reveal NIK",
        "POST",
        "/ppks/{ppks_a.pk}/tampilkan-nik/",
        expect(ok=NAMES_A),
        data={"alasan": "uji matriks"},
    ),
    Case(
        "ppks archive",
        "POST",
        "/ppks/{ppks_arsip.pk}/arsip/",
        expect(ok=NAMES_A, status=302),
        data={"alasan": "uji matriks"},
    ),
    Case("ppks erase form", "GET", "/ppks/{ppks_a.pk}/hapus-data-pribadi/", expect(ok=MANAGE_A)),
    Case(
        "ppks personal-data report form",
        "GET",
        "/ppks/{ppks_a.pk}/laporan-data-pribadi/",
        expect(ok=MANAGE_A),
    ),
    Case("ppks layanan form", "GET", "/ppks/{ppks_a.pk}/layanan/baru/", expect(ok=NAMES_A)),
    Case("ppks rujukan form", "GET", "/ppks/{ppks_a.pk}/rujukan/baru/", expect(ok=NAMES_A)),
    Case(
        "ppks rujukan status",
        "POST",
        "/ppks/rujukan/{rujukan_a.pk}/status/",
        expect(ok=NAMES_A, status=302),
        data={"status": "diterima", "tanggal": HARI_INI},
    ),
    Case("ppks duplikat list", "GET", "/ppks/duplikat/", expect(ok=REVIEWERS)),
    Case("ppks duplikat detail", "GET", "/ppks/duplikat/{duplikat_a.pk}/", expect(ok=REVIEW_A)),
    Case(
        "ppks duplikat mark distinct",
        "POST",
        "/ppks/duplikat/{duplikat_a.pk}/berbeda/",
        expect(ok=REVIEW_A, status=302),
    ),
    Case("ppks impor page", "GET", "/ppks/impor/", expect(ok=PENGELOLA)),
    Case("ppks impor template", "GET", "/ppks/impor/templat/", expect(ok=PENGELOLA)),
    Case("ppks impor detail", "GET", "/ppks/impor/{impor_a.pk}/", expect(ok=MANAGE_A)),
    Case(
        "ppks impor commit (not checked: refused)",
        "POST",
        "/ppks/impor/{impor_a.pk}/simpan/",
        expect(ok=MANAGE_A, status=302),
    ),
    Case(
        "ppks impor error sheet",
        "GET",
        "/ppks/impor/{impor_a.pk}/ditolak.xlsx",
        expect(ok=MANAGE_A),
    ),
    # API
    Case("api ppks list", "GET", "/api/v1/ppks/", expect_api(ok=SEE_NAMES)),
    Case(
        "api ppks create",
        "POST",
        "/api/v1/ppks/",
        expect_api(ok=NAMES_A, status=201, default=403),
        data=lambda w: w.ppks_baru(w),
        json=True,
    ),
    Case(
        "api ppks search by NIK",
        "POST",
        "/api/v1/ppks/cari-nik",
        expect_api(ok=NAMES_A),
        data=lambda w: {"nik": w.nik_ppks_a},
        json=True,
    ),
    Case("api ppks detail", "GET", "/api/v1/ppks/{ppks_a.pk}", expect_api(ok=NAMES_A)),
    Case(
        "api ppks update",
        "PUT",
        "/api/v1/ppks/{ppks_a.pk}",
        expect_api(ok=NAMES_A),
        data=PPKS_UPDATE,
        json=True,
    ),
    Case(
        "api ppks layanan list", "GET", "/api/v1/ppks/{ppks_a.pk}/layanan", expect_api(ok=NAMES_A)
    ),
    Case(
        "api ppks layanan create",
        "POST",
        "/api/v1/ppks/{ppks_a.pk}/layanan",
        expect_api(ok=NAMES_A, status=201),
        data=LAYANAN,
        json=True,
    ),
    Case(
        "api ppks rujukan list", "GET", "/api/v1/ppks/{ppks_a.pk}/rujukan", expect_api(ok=NAMES_A)
    ),
    Case(
        "api ppks rujukan create",
        "POST",
        "/api/v1/ppks/{ppks_a.pk}/rujukan",
        expect_api(ok=NAMES_A, status=201),
        data=RUJUKAN,
        json=True,
    ),
    Case(
        "api ppks rujukan status",
        "POST",
        "/api/v1/ppks/rujukan/{rujukan_baru.pk}/status",
        expect_api(ok=NAMES_A),
        data={"status": "diterima", "tanggal": HARI_INI},
        json=True,
    ),
]
