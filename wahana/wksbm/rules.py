"""Who may do what to a WKSBM, given a user and the region code of the record.

Reading is the scope alone (wahana.akun.scope). Writing: the pengurus WKSBM and PSM of the desa,
and the managers (operator kabupaten, admin provinsi, admin sistem) inside their scope. The TKSK
reads and comments on the WKSBM of their kecamatan; Pimpinan only reads.
"""

from wahana.akun.models import Peran
from wahana.akun.scope import in_scope
from wahana.lib import kode as kodelib

PERAN_PENULIS = frozenset(
    {
        Peran.ADMIN_SISTEM,
        Peran.ADMIN_PROVINSI,
        Peran.OPERATOR_KABUPATEN,
        Peran.PSM,
        Peran.PENGURUS_WKSBM,
    }
)
PERAN_KOMENTATOR = PERAN_PENULIS | {Peran.TKSK}


def may_write(user, kode_wilayah: str) -> bool:
    return getattr(user, "peran", None) in PERAN_PENULIS and in_scope(user, kode_wilayah)


def may_comment(user, kode_wilayah: str) -> bool:
    return getattr(user, "peran", None) in PERAN_KOMENTATOR and in_scope(user, kode_wilayah)


def may_manage_jenis_lembaga(user) -> bool:
    """The list of member-institution kinds is shared reference data: managers keep it."""
    return bool(getattr(user, "is_pengelola", False))


def may_configure_kabupaten(user, kabupaten: str) -> bool:
    """A kabupaten's own settings, such as its report deadline: its managers (operator
    kabupaten, admin provinsi, admin sistem) inside their scope."""
    return (
        kodelib.tingkat(kabupaten) == kodelib.TINGKAT_KABUPATEN
        and bool(getattr(user, "is_pengelola", False))
        and in_scope(user, kabupaten)
    )
