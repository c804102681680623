"""Permission matrix of bimtek: a province event and a kabupaten event, both for Kurun desa.

Organisers (admin, province admin; the kabupaten operator for its own event) manage; the TKSK of
Kurun registers; everyone whose scope covers a target desa reads; Sepang, the other kecamatan's
TKSK and the other kabupaten's operator get 404. Rows removed by a case are put back with the
same id before the next persona's request (the payload is built after the URL)."""

import datetime

from wahana.akun.testing import INSIDE_DESA_A, PENGELOLA, PERSONA_NAMES, Case, expect, expect_api
from wahana.berkas.tests.factories import pdf_upload
from wahana.bimtek import services
from wahana.bimtek.models import FasilitatorBimtek, MateriBimtek, PesertaBimtek
from wahana.conftest import DESA_A, KABUPATEN, PROVINSI

from .factories import DESA_A2, attend_all, make_bimtek, make_peserta, sasaran_of

ORGANISERS = ("admin", "provinsi", "operator")
PROVINCE_ORGANISERS = ("admin", "provinsi")
REGISTRARS_A2 = ("admin", "provinsi", "operator", "tksk")
# Readers who see the kabupaten event (it targets Desa A) but may not change it.
READERS_A = ("pimpinan", "tksk", "psm", "pengurus")


def build(world):
    p = world.personas
    world.bimtek_prov = make_bimtek(
        user=p.provinsi, kode_wilayah=PROVINSI, judul="Bimtek WKSBM Provinsi", sasaran=(DESA_A,)
    )
    world.sasaran_prov_a = sasaran_of(world.bimtek_prov, DESA_A)
    world.peserta_prov = make_peserta(user=p.tksk, bimtek=world.bimtek_prov)
    attend_all(user=p.provinsi, peserta=world.peserta_prov)
    services.sertifikat_issue(acting_user=p.provinsi, bimtek=world.bimtek_prov)
    world.peserta_prov.refresh_from_db()
    world.materi = services.materi_add(
        acting_user=p.provinsi, bimtek=world.bimtek_prov, judul="Modul WKSBM", upload=pdf_upload()
    )

    world.bimtek_kab = make_bimtek(
        user=p.operator,
        kode_wilayah=KABUPATEN,
        judul="Bimtek WKSBM Kabupaten",
        tanggal_mulai=datetime.date(2025, 5, 20),
        sasaran=(DESA_A,),
    )
    services.sasaran_set(
        acting_user=p.operator, bimtek=world.bimtek_kab, kode_wilayah=DESA_A2, kuota=50
    )
    world.sasaran_kab_a = sasaran_of(world.bimtek_kab, DESA_A)
    world.sasaran_kab_a2 = sasaran_of(world.bimtek_kab, DESA_A2)
    world.peserta_kab = make_peserta(user=p.tksk, bimtek=world.bimtek_kab, nama="Rina Ayu")
    world.peserta_kab_hapus = make_peserta(
        user=p.tksk, bimtek=world.bimtek_kab, kode=DESA_A2, nama="Yanto Dahan"
    )
    world.hari_kab = world.bimtek_kab.hari_set.first()
    world.fasilitator = services.fasilitator_add(
        acting_user=p.operator, bimtek=world.bimtek_kab, nama="Elisabet Mantir", instansi="STPDN"
    )
    world.materi_kab = services.materi_add(
        acting_user=p.operator, bimtek=world.bimtek_kab, judul="Materi", upload=pdf_upload()
    )


def _restore(model, obj, **fields):
    """Put a deleted row back with its old id (a previous persona may have removed it)."""

    def payload(world):
        original = getattr(world, obj)
        if not model.objects.filter(pk=original.pk).exists():
            model.objects.bulk_create([original])
        return fields

    return payload


def _kab_form(world):
    return {
        "judul": "Bimtek baru",
        "kode_wilayah": KABUPATEN,
        "tempat": "Aula Dinsos, Kuala Kurun",
        "tanggal_mulai": "2025-05-20",
        "tanggal_selesai": "",
    }


def _sasaran_form(world):
    return {
        "kecamatan": "62.10.02",
        f"pilih_{DESA_A}": "on",
        f"kuota_{DESA_A}": "2",
        f"pilih_{DESA_A2}": "on",
        f"kuota_{DESA_A2}": "50",
        **{
            f"kuota_{kode}": "2"
            for kode in world.sasaran_kab_a.wilayah.induk.anak.values_list("kode", flat=True)
            if kode not in (DESA_A, DESA_A2)
        },
    }


def _materi_form(world):
    return {"judul": "Bahan tayang", "berkas": pdf_upload()}


def _nilai_form(world):
    return {f"pre_{world.peserta_kab.pk}": "40", f"post_{world.peserta_kab.pk}": "85"}


PROV = "/bimtek/{bimtek_prov.pk}"
KAB = "/bimtek/{bimtek_kab.pk}"
API = "/api/v1/bimtek"
EVERYONE = PERSONA_NAMES

CASES = [
    Case("bimtek list", "GET", "/bimtek/", expect(ok=EVERYONE)),
    Case("bimtek create form", "GET", "/bimtek/baru/", expect(ok=PENGELOLA)),
    Case(
        "bimtek create (kabupaten Gunung Mas)",
        "POST",
        "/bimtek/baru/",
        expect(ok=ORGANISERS, status=302, operator_lain=200),
        data=_kab_form,
    ),
    Case("bimtek detail (province event)", "GET", PROV + "/", expect(ok=INSIDE_DESA_A)),
    Case(
        "bimtek edit form (province event)",
        "GET",
        PROV + "/ubah/",
        expect(ok=PROVINCE_ORGANISERS),
    ),
    Case(
        "bimtek edit (kabupaten event)",
        "POST",
        KAB + "/ubah/",
        expect(ok=ORGANISERS, status=302),
        data={
            "judul": "Bimtek WKSBM Kabupaten",
            "tempat": "Aula Dinsos, Kuala Kurun",
            "tanggal_mulai": "2025-05-20",
        },
    ),
    Case("bimtek sasaran page", "GET", KAB + "/sasaran/", expect(ok=ORGANISERS)),
    Case(
        "bimtek sasaran save (Kurun)",
        "POST",
        KAB + "/sasaran/",
        expect(ok=ORGANISERS, status=302),
        data=_sasaran_form,
    ),
    Case(
        "bimtek sasaran remove (refused: desa has participants)",
        "POST",
        KAB + "/sasaran/{sasaran_kab_a.pk}/hapus/",
        expect(ok=ORGANISERS, status=302),
    ),
    Case(
        "bimtek fasilitator add",
        "POST",
        KAB + "/fasilitator/",
        expect(ok=ORGANISERS, status=302),
        data={"nama": "Dr. Mantikei", "instansi": "Universitas Palangka Raya"},
    ),
    Case(
        "bimtek fasilitator remove",
        "POST",
        KAB + "/fasilitator/{fasilitator.pk}/hapus/",
        expect(ok=ORGANISERS, status=302),
        data=_restore(FasilitatorBimtek, "fasilitator"),
    ),
    Case(
        "bimtek materi upload",
        "POST",
        KAB + "/materi/",
        expect(ok=ORGANISERS, status=302),
        data=_materi_form,
    ),
    Case(
        "bimtek materi download (province event, target desa reads)",
        "GET",
        PROV + "/materi/{materi.pk}/",
        expect(ok=INSIDE_DESA_A),
    ),
    Case(
        "bimtek materi remove",
        "POST",
        KAB + "/materi/{materi_kab.pk}/hapus/",
        expect(ok=ORGANISERS, status=302),
        data=_restore(MateriBimtek, "materi_kab"),
    ),
    Case(
        "bimtek pendaftaran page (Desa A)",
        "GET",
        PROV + "/desa/{sasaran_prov_a.pk}/",
        expect(ok=INSIDE_DESA_A),
    ),
    Case(
        "bimtek pendaftaran register (Tampang Tumbang Anjir)",
        "POST",
        KAB + "/desa/{sasaran_kab_a2.pk}/",
        # Pimpinan sees the desa but may not register (404: no form for it).
        expect(ok=REGISTRARS_A2, status=302),
        data={"asal": "baru", "nama": "Peserta Baru", "jenis_kelamin": "L"},
    ),
    Case(
        "bimtek undangan PDF (Desa A)",
        "GET",
        PROV + "/desa/{sasaran_prov_a.pk}/undangan.pdf",
        expect(ok=INSIDE_DESA_A),
    ),
    Case(
        "bimtek peserta remove",
        "POST",
        KAB + "/peserta/{peserta_kab_hapus.pk}/hapus/",
        expect(ok=REGISTRARS_A2, status=302),
        data=_restore(PesertaBimtek, "peserta_kab_hapus"),
    ),
    Case(
        "bimtek sertifikat PDF (Desa A)",
        "GET",
        PROV + "/peserta/{peserta_prov.pk}/sertifikat.pdf",
        expect(ok=INSIDE_DESA_A),
    ),
    Case("bimtek hadir sheet", "GET", KAB + "/hadir/", expect(ok=ORGANISERS)),
    Case(
        "bimtek hadir toggle",
        "POST",
        KAB + "/hadir/{peserta_kab.pk}/{hari_kab.pk}/",
        expect(ok=ORGANISERS, status=302),
        data={"hadir": "1"},
    ),
    Case("bimtek nilai form", "GET", KAB + "/nilai/", expect(ok=ORGANISERS)),
    Case(
        "bimtek nilai save",
        "POST",
        KAB + "/nilai/",
        expect(ok=ORGANISERS, status=302),
        data=_nilai_form,
    ),
    Case(
        "bimtek sertifikat issue",
        "POST",
        KAB + "/sertifikat/",
        expect(ok=ORGANISERS, status=302),
    ),
    Case("bimtek daftar hadir PDF", "GET", PROV + "/daftar-hadir.pdf", expect(ok=INSIDE_DESA_A)),
    Case("bimtek daftar hadir XLSX", "GET", PROV + "/daftar-hadir.xlsx", expect(ok=INSIDE_DESA_A)),
    Case("bimtek dampak", "GET", PROV + "/dampak/", expect(ok=INSIDE_DESA_A)),
    Case(
        "bimtek dampak follow-up tasks for TKSK",
        "POST",
        PROV + "/dampak/tindak-lanjut/",
        expect(ok=ORGANISERS, status=302, **dict.fromkeys(READERS_A, 403)),
    ),
    Case(
        "bimtek sertifikat public check",
        "GET",
        "/bimtek/sertifikat/{peserta_prov.kode_sertifikat}/",
        expect(ok=EVERYONE, anonymous=200),
    ),
    # API
    Case("api bimtek list", "GET", API + "/", expect_api(ok=EVERYONE)),
    Case(
        "api bimtek create",
        "POST",
        API + "/",
        expect_api(ok=ORGANISERS, status=201, default=403),
        data=lambda world: {
            "judul": "Bimtek lewat API",
            "kode_wilayah": KABUPATEN,
            "tempat": "Kuala Kurun",
            "tanggal_mulai": "2025-06-02",
        },
        json=True,
    ),
    Case(
        "api bimtek sertifikat check (public)",
        "GET",
        API + "/sertifikat/{peserta_prov.kode_sertifikat}",
        expect(ok=EVERYONE, anonymous=200),
    ),
    Case("api bimtek detail", "GET", API + "/{bimtek_prov.pk}", expect_api(ok=INSIDE_DESA_A)),
    Case(
        "api bimtek sasaran set",
        "POST",
        API + "/{bimtek_kab.pk}/sasaran",
        expect_api(ok=ORGANISERS, **dict.fromkeys(READERS_A, 403)),
        data={"kode_wilayah": DESA_A, "kuota": 3},
        json=True,
    ),
    Case(
        "api bimtek peserta list",
        "GET",
        API + "/{bimtek_prov.pk}/peserta",
        expect_api(ok=INSIDE_DESA_A),
    ),
    Case(
        "api bimtek peserta register (Tampang Tumbang Anjir)",
        "POST",
        API + "/{bimtek_kab.pk}/sasaran/{sasaran_kab_a2.pk}/peserta",
        expect_api(ok=REGISTRARS_A2, status=201, pimpinan=403),
        data={"nama": "Peserta API", "jenis_kelamin": "P"},
        json=True,
    ),
    Case(
        "api bimtek kehadiran set",
        "PUT",
        API + "/{bimtek_kab.pk}/peserta/{peserta_kab.pk}/kehadiran/{hari_kab.pk}",
        expect_api(ok=ORGANISERS, **dict.fromkeys(READERS_A, 403)),
        data={"hadir": True},
        json=True,
    ),
    Case(
        "api bimtek nilai set",
        "PUT",
        API + "/{bimtek_kab.pk}/peserta/{peserta_kab.pk}/nilai",
        expect_api(ok=ORGANISERS, **dict.fromkeys(READERS_A, 403)),
        data={"nilai_pre_test": 50, "nilai_post_test": 90},
        json=True,
    ),
    Case(
        "api bimtek sertifikat issue",
        "POST",
        API + "/{bimtek_kab.pk}/sertifikat",
        expect_api(ok=ORGANISERS, **dict.fromkeys(READERS_A, 403)),
        json=True,
    ),
    Case(
        "api bimtek dampak", "GET", API + "/{bimtek_prov.pk}/dampak", expect_api(ok=INSIDE_DESA_A)
    ),
    Case(
        "api bimtek dampak follow-up tasks for TKSK",
        "POST",
        API + "/{bimtek_prov.pk}/dampak/tindak-lanjut",
        expect_api(ok=ORGANISERS, **dict.fromkeys(READERS_A, 403)),
        json=True,
    ),
]
