"""Who may write what in the money of a WKSBM (reads follow the scope alone).

Accounts are not linked to a named officer (`PengurusWksbm` has no user), so the bendahara and
ketua of a WKSBM write its book through the account of role Pengurus WKSBM of its desa; the
kabupaten operator (and the province and system administrators above it) may write too. The
TKSK (Tenaga Kesejahteraan Sosial Kecamatan) of the kecamatan verifies month closings.
"""

from wahana.akun.models import PERAN_PENGELOLA, Peran
from wahana.akun.scope import in_scope

PENULIS_BUKU = frozenset({Peran.PENGURUS_WKSBM, *PERAN_PENGELOLA})
PEMVERIFIKASI = frozenset({Peran.TKSK, *PERAN_PENGELOLA})


def can_write_buku(user, wksbm) -> bool:
    """May record entries, close months and keep proposals of this WKSBM."""
    return user.peran in PENULIS_BUKU and in_scope(user, wksbm.kode_wilayah)


def can_verify(user, wksbm) -> bool:
    """May verify a month closing of this WKSBM."""
    return user.peran in PEMVERIFIKASI and in_scope(user, wksbm.kode_wilayah)
