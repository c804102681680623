"""Plain factory functions for the WKSBM registry (they go through the services, as users do)."""

import datetime

from wahana.berkas.tests.factories import pdf_upload
from wahana.wksbm import services
from wahana.wksbm.models import TahapWksbm, Wksbm

Tahap = TahapWksbm.Tahap
TAHAP_URUT = [Tahap.PERSIAPAN, Tahap.SOSIALISASI, Tahap.PEMBENTUKAN, Tahap.PENGESAHAN]


def make_wksbm(*, user, kode_wilayah, nama=None, tingkat=Wksbm.Tingkat.DESA, **extra) -> Wksbm:
    return services.wksbm_create(
        acting_user=user,
        kode_wilayah=kode_wilayah,
        nama=nama or f"WKSBM {kode_wilayah}",
        tingkat=tingkat,
        **extra,
    )


def sk_kwargs(**overrides) -> dict:
    kwargs = {
        "sk_nomor": "141/05/TR/2014",
        "sk_tanggal": datetime.date(2014, 6, 2),
        "sk_penandatangan_nama": "Yohanes Ringkai",
        "sk_penandatangan_jabatan": "Kepala Desa Tanjung Riu",
        "sk_upload": pdf_upload(),
    }
    kwargs.update(overrides)
    return kwargs


def grow(wksbm, *, user, until=Tahap.PENGESAHAN, start=datetime.date(2014, 3, 1)):
    """Record the steps of one cycle up to `until`, a week apart."""
    steps = []
    for i, tahap in enumerate(TAHAP_URUT[: TAHAP_URUT.index(until) + 1]):
        extra = sk_kwargs() if tahap == Tahap.PENGESAHAN else {}
        steps.append(
            services.tahap_record(
                acting_user=user,
                wksbm=wksbm,
                tahap=tahap,
                tanggal=start + datetime.timedelta(days=7 * i),
                **extra,
            )
        )
    return steps


def make_pengurus(*, user, wksbm, nama="Dewi Sinta", jabatan="anggota", **extra):
    extra.setdefault("mulai", datetime.date(2019, 1, 10))
    return services.pengurus_add(acting_user=user, wksbm=wksbm, nama=nama, jabatan=jabatan, **extra)


def make_lembaga(*, user, wksbm, nama="PKK Desa", jenis="pkk-dasawisma", **extra):
    extra.setdefault("tanggal_bergabung", datetime.date(2019, 2, 1))
    return services.lembaga_add(acting_user=user, wksbm=wksbm, nama=nama, jenis=jenis, **extra)


def make_rapat(*, user, wksbm, tanggal=datetime.date(2025, 5, 5), hadir=(), **extra):
    extra.setdefault("tempat", "Balai desa")
    extra.setdefault("agenda", "Pendataan warga rentan")
    return services.rapat_create(
        acting_user=user, wksbm=wksbm, tanggal=tanggal, hadir=hadir, **extra
    )
