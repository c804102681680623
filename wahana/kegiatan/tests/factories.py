"""Plain factory functions for activities."""

import datetime

from wahana.kegiatan.models import Kegiatan
from wahana.kegiatan.services import kegiatan_create, kegiatan_report, kegiatan_verify


def make_kegiatan(
    *,
    acting_user,
    wksbm,
    judul: str = "Kunjungan lansia",
    tanggal: datetime.date = datetime.date(2026, 10, 7),
    jenis: str = Kegiatan.Jenis.PERLINDUNGAN,
    penerima=(),
    **fields,
) -> Kegiatan:
    return kegiatan_create(
        acting_user=acting_user,
        wksbm=wksbm,
        judul=judul,
        jenis=jenis,
        tanggal=tanggal,
        tempat=fields.pop("tempat", "Balai desa"),
        sumber_dana=fields.pop("sumber_dana", Kegiatan.SumberDana.KAS_WKSBM),
        jumlah_peserta=fields.pop("jumlah_peserta", 12),
        penerima=penerima,
        **fields,
    )


def make_verified(*, acting_user, verifier, wksbm, **fields) -> Kegiatan:
    kegiatan = make_kegiatan(acting_user=acting_user, wksbm=wksbm, **fields)
    kegiatan_report(acting_user=acting_user, kegiatan=kegiatan)
    return kegiatan_verify(acting_user=verifier, kegiatan=kegiatan)
