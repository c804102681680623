"""Permission matrix of the WKSBM registry: every page and endpoint, for every persona.

Around Desa A (Tanjung Riu): its pengurus and PSM and the managers above it write; the TKSK of
Kurun reads and comments; Pimpinan reads; everyone outside is answered 404."""

import datetime
import itertools

from wahana.akun.testing import INSIDE_DESA_A, PENGELOLA, PERSONA_NAMES, Case, expect, expect_api
from wahana.conftest import DESA_A, KECAMATAN_A
from wahana.wilayah.models import Wilayah

EVERYONE = PERSONA_NAMES
WRITE_A = ("admin", "provinsi", "operator", "psm", "pengurus")
READ_ONLY_A = {"pimpinan": 403, "tksk": 403}
COMMENT_A = (*WRITE_A, "tksk")
# Roles that may create a WKSBM somewhere (inside their own scope).
PENULIS = ("admin", "provinsi", "operator", "psm", "pengurus", "outsider", "operator_lain")
# Managers whose scope covers Kecamatan Kurun.
MANAGE_KURUN = ("admin", "provinsi", "operator")


def build(world):
    from wahana.wksbm.models import Wksbm
    from wahana.wksbm.tests.factories import (
        grow,
        make_lembaga,
        make_pengurus,
        make_rapat,
        make_wksbm,
    )

    p = world.personas
    wksbm = Wksbm.objects.filter(wilayah_id=DESA_A, tingkat=Wksbm.Tingkat.DESA).first()
    world.wksbm_a = wksbm or make_wksbm(user=p.operator, kode_wilayah=DESA_A)
    # Up to pembentukan: pengesahan would store an SK scan outside a test's media directory.
    grow(world.wksbm_a, user=p.operator, until="pembentukan")
    world.ketua_a = make_pengurus(user=p.operator, wksbm=world.wksbm_a, jabatan="ketua")
    world.lembaga_a = make_lembaga(user=p.operator, wksbm=world.wksbm_a)
    world.rapat_a = make_rapat(user=p.operator, wksbm=world.wksbm_a, hadir=[world.ketua_a])
    from wahana.wksbm.models import JenisLembaga

    world.jenis = JenisLembaga.objects.get(kode="arisan")
    # Desa of Kurun without a WKSBM, handed out one per create request.
    free = Wilayah.objects.filter(kode__startswith=KECAMATAN_A + ".", tingkat=4).exclude(
        kode=DESA_A
    )
    world.desa_bebas = itertools.cycle(list(free.values_list("kode", flat=True)))


def _new_wksbm(world):
    return {"tingkat": "desa", "kode_wilayah": next(world.desa_bebas), "nama": "WKSBM uji"}


PENGURUS = {"nama": "Anggota Uji", "jabatan": "anggota", "mulai": "2020-01-02"}
HARI_INI = datetime.date.today().isoformat()

CASES = [
    # Pages
    Case("wksbm list", "GET", "/wksbm/", expect(ok=EVERYONE)),
    Case("wksbm create form", "GET", "/wksbm/baru/", expect(ok=PENULIS, default=403)),
    Case(
        "wksbm create (a free desa of Kurun)",
        "POST",
        "/wksbm/baru/",
        # Out of scope: the form answers again (200) with "Wilayah di luar cakupan Anda".
        expect(
            ok=MANAGE_KURUN,
            status=302,
            default=403,
            psm=200,
            pengurus=200,
            outsider=200,
            operator_lain=200,
        ),
        data=_new_wksbm,
    ),
    Case("wksbm detail", "GET", "/wksbm/{wksbm_a.pk}/", expect(ok=INSIDE_DESA_A)),
    Case("wksbm edit form", "GET", "/wksbm/{wksbm_a.pk}/ubah/", expect(ok=WRITE_A, **READ_ONLY_A)),
    Case(
        "wksbm tahap form", "GET", "/wksbm/{wksbm_a.pk}/tahap/", expect(ok=WRITE_A, **READ_ONLY_A)
    ),
    Case(
        "wksbm pengurus form",
        "GET",
        "/wksbm/{wksbm_a.pk}/pengurus/",
        expect(ok=WRITE_A, **READ_ONLY_A),
    ),
    Case(
        "wksbm pengurus add",
        "POST",
        "/wksbm/{wksbm_a.pk}/pengurus/",
        expect(ok=WRITE_A, status=302, **READ_ONLY_A),
        data=PENGURUS,
    ),
    Case(
        "wksbm lembaga form",
        "GET",
        "/wksbm/{wksbm_a.pk}/lembaga/",
        expect(ok=WRITE_A, **READ_ONLY_A),
    ),
    Case(
        "wksbm rapat form", "GET", "/wksbm/{wksbm_a.pk}/rapat/", expect(ok=WRITE_A, **READ_ONLY_A)
    ),
    Case(
        "wksbm komentar add",
        "POST",
        "/wksbm/{wksbm_a.pk}/komentar/",
        expect(ok=COMMENT_A, status=302, pimpinan=403),
        data={"isi": "Komentar uji"},
    ),
    Case(
        "wksbm pengurus edit form",
        "GET",
        "/wksbm/pengurus/{ketua_a.pk}/",
        expect(ok=WRITE_A, **READ_ONLY_A),
    ),
    Case(
        "wksbm pengurus end form",
        "GET",
        "/wksbm/pengurus/{ketua_a.pk}/akhiri/",
        expect(ok=WRITE_A, **READ_ONLY_A),
    ),
    Case(
        "wksbm lembaga edit form",
        "GET",
        "/wksbm/lembaga/{lembaga_a.pk}/",
        expect(ok=WRITE_A, **READ_ONLY_A),
    ),
    Case("wksbm rapat detail", "GET", "/wksbm/rapat/{rapat_a.pk}/", expect(ok=INSIDE_DESA_A)),
    Case(
        "wksbm rapat edit form",
        "GET",
        "/wksbm/rapat/{rapat_a.pk}/ubah/",
        expect(ok=WRITE_A, **READ_ONLY_A),
    ),
    Case("wksbm jenis lembaga list", "GET", "/wksbm/jenis-lembaga/", expect(ok=EVERYONE)),
    Case(
        "wksbm jenis lembaga edit form",
        "GET",
        "/wksbm/jenis-lembaga/{jenis.pk}/",
        expect(ok=PENGELOLA, default=403),
    ),
    # API
    Case("api wksbm list", "GET", "/api/v1/wksbm", expect_api(ok=EVERYONE)),
    Case(
        "api wksbm create (a free desa of Kurun)",
        "POST",
        "/api/v1/wksbm",
        expect_api(ok=MANAGE_KURUN, status=201, default=403),
        data=_new_wksbm,
        json=True,
    ),
    Case("api wksbm jenis lembaga", "GET", "/api/v1/wksbm/jenis-lembaga", expect_api(ok=EVERYONE)),
    Case("api wksbm detail", "GET", "/api/v1/wksbm/{wksbm_a.pk}", expect_api(ok=INSIDE_DESA_A)),
    Case(
        "api wksbm update",
        "PUT",
        "/api/v1/wksbm/{wksbm_a.pk}",
        expect_api(ok=WRITE_A, **READ_ONLY_A),
        data={"nama": "WKSBM Tanjung Riu"},
        json=True,
    ),
    Case(
        "api wksbm tahap list",
        "GET",
        "/api/v1/wksbm/{wksbm_a.pk}/tahap",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case(
        "api wksbm tahap create (revitalisasi)",
        "POST",
        "/api/v1/wksbm/{wksbm_a.pk}/tahap",
        expect_api(ok=WRITE_A, status=201, **READ_ONLY_A),
        data={"tahap": "persiapan", "tanggal": HARI_INI},
    ),
    Case(
        "api wksbm pengurus list",
        "GET",
        "/api/v1/wksbm/{wksbm_a.pk}/pengurus",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case(
        "api wksbm pengurus create",
        "POST",
        "/api/v1/wksbm/{wksbm_a.pk}/pengurus",
        expect_api(ok=WRITE_A, status=201, **READ_ONLY_A),
        data=PENGURUS,
        json=True,
    ),
    Case(
        "api wksbm pengurus update",
        "PUT",
        "/api/v1/wksbm/pengurus/{ketua_a.pk}",
        expect_api(ok=WRITE_A, **READ_ONLY_A),
        data={"nama": "Ketua Uji", "jabatan": "ketua", "mulai": "2019-01-10"},
        json=True,
    ),
    Case(
        "api wksbm pengurus end",
        "POST",
        "/api/v1/wksbm/pengurus/{ketua_a.pk}/akhiri",
        # The first writer ends the term; for the next ones it has already ended (422).
        expect_api(ok=WRITE_A, status=422, admin=200, **READ_ONLY_A),
        data={"selesai": HARI_INI},
        json=True,
    ),
    Case(
        "api wksbm lembaga list",
        "GET",
        "/api/v1/wksbm/{wksbm_a.pk}/lembaga",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case(
        "api wksbm lembaga create",
        "POST",
        "/api/v1/wksbm/{wksbm_a.pk}/lembaga",
        expect_api(ok=WRITE_A, status=201, **READ_ONLY_A),
        data={"jenis": "arisan", "nama": "Arisan Uji", "tanggal_bergabung": "2020-01-01"},
        json=True,
    ),
    Case(
        "api wksbm lembaga update",
        "PUT",
        "/api/v1/wksbm/lembaga/{lembaga_a.pk}",
        expect_api(ok=WRITE_A, **READ_ONLY_A),
        data={"jenis": "pkk-dasawisma", "nama": "PKK Desa", "tanggal_bergabung": "2019-02-01"},
        json=True,
    ),
    Case(
        "api wksbm rapat list",
        "GET",
        "/api/v1/wksbm/{wksbm_a.pk}/rapat",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case(
        "api wksbm rapat create",
        "POST",
        "/api/v1/wksbm/{wksbm_a.pk}/rapat",
        expect_api(ok=WRITE_A, status=201, **READ_ONLY_A),
        data={"tanggal": "2025-01-05", "tempat": "Balai desa", "agenda": "Uji"},
        json=True,
    ),
    Case(
        "api wksbm rapat detail",
        "GET",
        "/api/v1/wksbm/rapat/{rapat_a.pk}",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case(
        "api wksbm rapat update",
        "PUT",
        "/api/v1/wksbm/rapat/{rapat_a.pk}",
        expect_api(ok=WRITE_A, **READ_ONLY_A),
        data={"tanggal": "2025-01-06", "tempat": "Balai desa", "agenda": "Uji ubah"},
        json=True,
    ),
    Case(
        "api wksbm komentar list",
        "GET",
        "/api/v1/wksbm/{wksbm_a.pk}/komentar",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case(
        "api wksbm komentar create",
        "POST",
        "/api/v1/wksbm/{wksbm_a.pk}/komentar",
        expect_api(ok=COMMENT_A, status=201, pimpinan=403),
        data={"isi": "Komentar uji"},
        json=True,
    ),
]
