"""Who may record and who may verify activities (reads follow the scope alone)."""

from wahana.akun.models import PERAN_PENGELOLA, Peran
from wahana.akun.scope import in_scope

# The pengurus and the PSM of a desa record its activities; the TKSK records the ones it leads.
PENCATAT = frozenset({Peran.PENGURUS_WKSBM, Peran.PSM, Peran.TKSK, *PERAN_PENGELOLA})
# The TKSK of the kecamatan verifies; the kabupaten operator may stand in.
PEMVERIFIKASI = frozenset({Peran.TKSK, *PERAN_PENGELOLA})


def can_record(user, kode_wilayah: str) -> bool:
    return user.peran in PENCATAT and in_scope(user, kode_wilayah)


def can_verify(user, kode_wilayah: str) -> bool:
    return user.peran in PEMVERIFIKASI and in_scope(user, kode_wilayah)
