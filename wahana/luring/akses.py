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
