"""Who captures in the field (offline app) and who reviews the conflicts it produces."""

from wahana.akun.models import PERAN_PENGELOLA, Peran

# The roles that work in villages without signal.
PERAN_LAPANGAN = frozenset({Peran.PSM, Peran.PENGURUS_WKSBM, Peran.TKSK})
# Conflicts (same id with other content, edits of a changed record) are decided by a manager.
PERAN_PENINJAU = frozenset({*PERAN_PENGELOLA, Peran.TKSK})


def can_capture(user) -> bool:
    return bool(user.is_authenticated and user.peran in PERAN_LAPANGAN)


def can_review(user) -> bool:
    return bool(user.is_authenticated and user.peran in PERAN_PENINJAU)


# Which field forms a role may use: the owning apps' own role lists, so the rules stay theirs.
def can_capture_kunjungan(user) -> bool:
    """Pendampingan visits: the TKSK and PSM (their linked pendamping record is checked on
    receipt by the pendamping service)."""
    return can_capture(user) and user.peran in (Peran.TKSK, Peran.PSM)


def can_capture_rapat(user) -> bool:
    from wahana.wksbm.rules import PERAN_PENULIS

    return can_capture(user) and user.peran in PERAN_PENULIS


def can_capture_kas(user) -> bool:
    from wahana.dana.akses import PENULIS_BUKU

    return can_capture(user) and user.peran in PENULIS_BUKU
