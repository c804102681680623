"""Plain factory functions for the pendamping app (they go through the services, as users do)."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from wahana.conftest import DESA_A, DESA_B, KABUPATEN, KECAMATAN_A, KECAMATAN_B
from wahana.pendamping import services
from wahana.pendamping.models import Kunjungan, Pendamping, Program

# A second desa of Kecamatan Kurun (Tampang Tumbang Anjir).
DESA_A2 = "62.10.02.1001"


def last_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def make_pendamping(
    *, user, kode_wilayah, jenis=Pendamping.Jenis.TKSK, nama=None, akun=None, **extra
) -> Pendamping:
    fields = {
        "nama": nama or f"{jenis.upper()} {kode_wilayah}",
        "nomor_anggota": f"{jenis.upper()}-{kode_wilayah}",
        "masa_mulai": datetime.date(2024, 1, 1),
        "masa_selesai": datetime.date(2028, 12, 31),
    }
    fields.update(extra)
    return services.pendamping_create(
        acting_user=user, kode_wilayah=kode_wilayah, jenis=jenis, akun=akun, **fields
    )


def make_kunjungan(
    *, user, pendamping, kode_wilayah, tanggal=None, jenis=Kunjungan.Jenis.KUNJUNGAN, **extra
) -> Kunjungan:
    fields = {"uraian": "Pendampingan pengurus WKSBM", "temuan": "Buku kas belum diisi."}
    fields.update(extra)
    return services.kunjungan_create(
        acting_user=user,
        pendamping=pendamping,
        kode_wilayah=kode_wilayah,
        tanggal=tanggal or last_month() + datetime.timedelta(days=9),
        jenis=jenis,
        **fields,
    )


def make_program(*, user, kode_wilayah=KABUPATEN, nama="Penyaluran BPNT 2026", **extra) -> Program:
    fields = {
        "jenis": Program.Jenis.BANSOS,
        "mulai": datetime.date(2026, 1, 1),
        "selesai": datetime.date(2026, 12, 31),
    }
    fields.update(extra)
    return services.program_create(acting_user=user, kode_wilayah=kode_wilayah, nama=nama, **fields)


def make_world(personas) -> SimpleNamespace:
    """The TKSK of Kurun and Sepang and the PSM of Tanjung Riu (linked to the personas'
    accounts), a visit of each to their desa with a follow-up task, a programme reaching
    both kecamatan, and a draft report of the Kurun TKSK for last month."""
    op = personas.operator
    w = SimpleNamespace()
    w.tksk_a = make_pendamping(
        user=op, kode_wilayah=KECAMATAN_A, nama="Debi Handrianto", akun=personas.tksk
    )
    w.tksk_b = make_pendamping(
        user=op, kode_wilayah=KECAMATAN_B, nama="Selvi Ambun", akun=personas.tksk_lain
    )
    w.psm_a = make_pendamping(
        user=op,
        kode_wilayah=DESA_A,
        jenis=Pendamping.Jenis.PSM,
        nama="Rusdiana Lambung",
        akun=personas.psm,
    )
    services.penugasan_psm_add(acting_user=op, pendamping=w.psm_a, kode_wilayah=DESA_A)
    w.program = make_program(user=op)
    services.program_desa_set(
        acting_user=op, program=w.program, kode_wilayah=DESA_A, pendamping=w.psm_a
    )
    services.program_desa_set(
        acting_user=op, program=w.program, kode_wilayah=DESA_B, pendamping=w.tksk_b
    )
    w.kunjungan_a = make_kunjungan(
        user=personas.tksk, pendamping=w.tksk_a, kode_wilayah=DESA_A, program=w.program
    )
    w.kunjungan_b = make_kunjungan(
        user=personas.tksk_lain, pendamping=w.tksk_b, kode_wilayah=DESA_B
    )
    w.tugas_a = services.tindak_lanjut_create(
        acting_user=personas.tksk,
        kunjungan=w.kunjungan_a,
        uraian="Dampingi bendahara mengisi buku kas",
        batas_waktu=timezone.localdate() - datetime.timedelta(days=3),
        pemilik_pendamping=w.psm_a,
    )
    w.tugas_b = services.tindak_lanjut_create(
        acting_user=personas.tksk_lain,
        kunjungan=w.kunjungan_b,
        uraian="Rapat pengurus",
        batas_waktu=timezone.localdate() + datetime.timedelta(days=10),
    )
    w.laporan_a = services.laporan_create(
        acting_user=personas.tksk, pendamping=w.tksk_a, bulan=last_month()
    )
    w.laporan_b = services.laporan_create(
        acting_user=personas.tksk_lain, pendamping=w.tksk_b, bulan=last_month()
    )
    return w
