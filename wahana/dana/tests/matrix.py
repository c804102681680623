"""Permission matrix of the money of WKSBM around Desa A (Tanjung Riu): its pengurus (the
account of the bendahara and ketua) and the managers above write the book; the TKSK of Kurun
(and the managers) verify month closings; Pimpinan, the TKSK and the PSM read; everyone outside
is answered 404. State-changing cases send a request the service refuses on its merits, so
every persona meets the same book."""

import datetime

from wahana.akun.testing import INSIDE_DESA_A, PERSONA_NAMES, Case, expect, expect_api

EVERYONE = PERSONA_NAMES
WRITE_A = ("admin", "provinsi", "operator", "pengurus")
READ_ONLY_A = {"pimpinan": 403, "tksk": 403, "psm": 403}
VERIFY_A = ("admin", "provinsi", "operator", "tksk")
NOT_VERIFY_A = {"pimpinan": 403, "psm": 403, "pengurus": 403}
# Who has a book to write at all (A, or B for its own pengurus).
PENULIS = (*WRITE_A, "outsider")


def build(world):
    from wahana.dana.services import (
        entri_kas_receive,
        tutup_buku_close,
        tutup_buku_verify,
        usulan_create,
    )
    from wahana.dana.tests.factories import (
        make_disbursement,
        make_receipt,
        make_wksbm_a,
        make_wksbm_b,
    )

    p = world.personas
    world.wksbm_a = getattr(world, "wksbm_a", None) or make_wksbm_a()
    world.wksbm_b = getattr(world, "wksbm_b", None) or make_wksbm_b()
    a = world.wksbm_a
    make_receipt(acting_user=p.pengurus, wksbm=a, jumlah=100_000, tanggal=datetime.date(2026, 9, 3))
    world.tutup_a = tutup_buku_close(
        acting_user=p.pengurus, wksbm=a, bulan=datetime.date(2026, 9, 1)
    )
    tutup_buku_verify(acting_user=p.tksk, tutup=world.tutup_a)
    world.entri_a = make_disbursement(
        acting_user=p.pengurus, wksbm=a, jumlah=30_000, tanggal=datetime.date(2026, 10, 2)
    )
    entri_kas_receive(
        acting_user=p.pengurus,
        wksbm=a,
        tanggal=datetime.date(2026, 10, 3),
        sumber="dana_desa",
        jumlah=2_000_000,
        uraian="Dana Desa tahap I",
    )
    world.usulan_a = usulan_create(
        acting_user=p.pengurus,
        wksbm=a,
        tahun=2027,
        judul="Santunan lansia",
        bidang="pembinaan",
        jumlah=5_000_000,
        sumber="dana_desa",
    )


ENTRI_SALAH = {
    "arah": "masuk",
    "tanggal": "2026-10-05",
    "jumlah": 0,
    "uraian": "uji",
    "sumber": "iuran",
}

CASES = [
    Case("dana buku list", "GET", "/dana/", expect(ok=EVERYONE)),
    Case("dana entri list", "GET", "/dana/entri/?arah=masuk&dari=2026-01", expect(ok=EVERYONE)),
    Case("dana entri detail", "GET", "/dana/entri/{entri_a.pk}/", expect(ok=INSIDE_DESA_A)),
    Case(
        "dana entri koreksi form",
        "GET",
        "/dana/entri/{entri_a.pk}/koreksi/",
        expect(ok=WRITE_A, **READ_ONLY_A),
    ),
    Case(
        "dana buku kas month",
        "GET",
        "/dana/wksbm/{wksbm_a.pk}/?bulan=2026-09",
        expect(ok=INSIDE_DESA_A),
    ),
    Case(
        "dana penerimaan form",
        "GET",
        "/dana/wksbm/{wksbm_a.pk}/masuk/",
        expect(ok=WRITE_A, **READ_ONLY_A),
    ),
    Case(
        "dana penerimaan post (invalid: form again)",
        "POST",
        "/dana/wksbm/{wksbm_a.pk}/masuk/",
        expect(ok=WRITE_A, **READ_ONLY_A),
        data={"tanggal": "2026-10-05", "sumber": "iuran", "jumlah": "0", "uraian": "uji"},
    ),
    Case(
        "dana pengeluaran form",
        "GET",
        "/dana/wksbm/{wksbm_a.pk}/keluar/",
        expect(ok=WRITE_A, **READ_ONLY_A),
    ),
    Case(
        "dana tutup (closed month: refused with a message)",
        "POST",
        "/dana/wksbm/{wksbm_a.pk}/tutup/",
        expect(ok=WRITE_A, status=302, **READ_ONLY_A),
        data={"bulan": "2026-09"},
    ),
    Case(
        "dana buku xlsx",
        "GET",
        "/dana/wksbm/{wksbm_a.pk}/buku.xlsx?bulan=2026-10",
        expect(ok=INSIDE_DESA_A),
    ),
    Case(
        "dana buku pdf",
        "GET",
        "/dana/wksbm/{wksbm_a.pk}/buku.pdf?bulan=2026-10",
        expect(ok=INSIDE_DESA_A),
    ),
    Case("dana tutup list", "GET", "/dana/tutup/?status=ditutup", expect(ok=EVERYONE)),
    Case(
        "dana tutup verify (already verified)",
        "POST",
        "/dana/tutup/{tutup_a.pk}/verifikasi/",
        expect(ok=VERIFY_A, status=302, **NOT_VERIFY_A),
    ),
    Case("dana usulan list", "GET", "/dana/usulan/?tahun=2027", expect(ok=EVERYONE)),
    Case("dana usulan create form", "GET", "/dana/usulan/baru/", expect(ok=PENULIS, default=403)),
    Case("dana usulan detail", "GET", "/dana/usulan/{usulan_a.pk}/", expect(ok=INSIDE_DESA_A)),
    Case(
        "dana usulan status (invalid: form again)",
        "POST",
        "/dana/usulan/{usulan_a.pk}/status/",
        expect(ok=WRITE_A, **READ_ONLY_A),
        data={"status": "direalisasikan"},
    ),
    # API
    Case("api dana buku list", "GET", "/api/v1/dana/buku", expect_api(ok=EVERYONE)),
    Case(
        "api dana buku month",
        "GET",
        "/api/v1/dana/buku/{wksbm_a.pk}?bulan=2026-10",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case("api dana entri list", "GET", "/api/v1/dana/entri", expect_api(ok=EVERYONE)),
    Case("api dana entri", "GET", "/api/v1/dana/entri/{entri_a.pk}", expect_api(ok=INSIDE_DESA_A)),
    Case(
        "api dana entri create (zero amount)",
        "POST",
        "/api/v1/dana/entri",
        expect_api(ok=WRITE_A, status=422, **READ_ONLY_A),
        data=lambda w: {**ENTRI_SALAH, "wksbm_id": w.wksbm_a.pk},
        json=True,
    ),
    Case(
        "api dana entri koreksi (no reason)",
        "POST",
        "/api/v1/dana/entri/{entri_a.pk}/koreksi",
        expect_api(ok=WRITE_A, status=422, **READ_ONLY_A),
        data={"tanggal": "2026-10-05", "alasan": ""},
        json=True,
    ),
    Case("api dana tutup list", "GET", "/api/v1/dana/tutup", expect_api(ok=EVERYONE)),
    Case(
        "api dana tutup create (closed month)",
        "POST",
        "/api/v1/dana/tutup",
        expect_api(ok=WRITE_A, status=422, **READ_ONLY_A),
        data=lambda w: {"wksbm_id": w.wksbm_a.pk, "bulan": "2026-09"},
        json=True,
    ),
    Case(
        "api dana tutup verify (already verified)",
        "POST",
        "/api/v1/dana/tutup/{tutup_a.pk}/verifikasi",
        expect_api(ok=VERIFY_A, status=422, **NOT_VERIFY_A),
        json=True,
    ),
    Case("api dana usulan list", "GET", "/api/v1/dana/usulan", expect_api(ok=EVERYONE)),
    Case(
        "api dana usulan", "GET", "/api/v1/dana/usulan/{usulan_a.pk}", expect_api(ok=INSIDE_DESA_A)
    ),
    Case(
        "api dana usulan create (zero amount)",
        "POST",
        "/api/v1/dana/usulan",
        expect_api(ok=WRITE_A, status=422, **READ_ONLY_A),
        data=lambda w: {
            "wksbm_id": w.wksbm_a.pk,
            "tahun": 2027,
            "judul": "x",
            "bidang": "pembinaan",
            "jumlah": 0,
            "sumber": "add",
        },
        json=True,
    ),
    Case(
        "api dana usulan status (wrong step)",
        "POST",
        "/api/v1/dana/usulan/{usulan_a.pk}/status",
        expect_api(ok=WRITE_A, status=422, **READ_ONLY_A),
        data={"status": "direalisasikan", "tanggal": "2026-10-05"},
        json=True,
    ),
]
