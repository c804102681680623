"""Kemendagri region codes: `62` provinsi, `62.10` kabupaten/kota, `62.10.02` kecamatan,
`62.10.02.2003` desa/kelurahan. Pure functions, no Django."""

import re

TINGKAT_PROVINSI, TINGKAT_KABUPATEN, TINGKAT_KECAMATAN, TINGKAT_DESA = 1, 2, 3, 4
_PATTERN = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?", re.ASCII)


def is_valid(kode: str) -> bool:
    # fullmatch: `$` alone would accept a trailing newline.
    return bool(_PATTERN.fullmatch(kode))


def tingkat(kode: str) -> int:
    """1 for a provinsi code, 4 for a desa/kelurahan code; 0 for the nation (empty code)."""
    return 0 if kode == "" else kode.count(".") + 1


def induk(kode: str) -> str:
    """The code one level up; '' above a provinsi."""
    return kode.rpartition(".")[0]


def kabupaten_of(kode: str) -> str:
    """The kabupaten/kota a code lies in (the code itself at that level; a provinsi code or ''
    above it)."""
    return ".".join(kode.split(".")[:TINGKAT_KABUPATEN])


def leluhur(kode: str) -> list[str]:
    """Every enclosing code from the provinsi down to the code itself."""
    parts = kode.split(".") if kode else []
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def covers(prefix: str, kode: str) -> bool:
    """Whether the area `prefix` contains (or is) the area `kode`. '' covers everything."""
    return prefix == "" or kode == prefix or kode.startswith(prefix + ".")


def is_kelurahan(kode: str) -> bool:
    """A desa-level code whose last part starts with 1 is a kelurahan, with 2 a desa."""
    return tingkat(kode) == TINGKAT_DESA and kode.rsplit(".", 1)[1].startswith("1")
