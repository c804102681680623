"""Who may do what with PPKS records: one place, used by selectors, services, views and the API."""

from wahana.akun.models import PERAN_PENGELOLA, Peran
from wahana.akun.scope import in_scope

# Pimpinan reads aggregate counts only; never names or NIK.
PERAN_LIHAT_NAMA = {
    Peran.ADMIN_SISTEM,
    Peran.ADMIN_PROVINSI,
    Peran.OPERATOR_KABUPATEN,
    Peran.TKSK,
    Peran.PSM,
    Peran.PENGURUS_WKSBM,
}
# Who reviews duplicate pairs (merge / mark distinct).
PERAN_PENINJAU = {*PERAN_PENGELOLA, Peran.TKSK}
# Who may export personal data with full NIK, or erase a record's personal data.
PERAN_DATA_PENUH = set(PERAN_PENGELOLA)


def can_see_names(user) -> bool:
    return user.is_authenticated and user.peran in PERAN_LIHAT_NAMA


def can_write(user, kode: str) -> bool:
    return can_see_names(user) and in_scope(user, kode)


def can_review(user) -> bool:
    return user.is_authenticated and user.peran in PERAN_PENINJAU


def can_full_export(user) -> bool:
    return user.is_authenticated and user.peran in PERAN_DATA_PENUH


def can_import(user) -> bool:
    return user.is_authenticated and user.peran in PERAN_DATA_PENUH
