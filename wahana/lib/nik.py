"""NIK (Nomor Induk Kependudukan, the 16-digit national identity number) and No KK (Nomor Kartu
Keluarga, the 16-digit family card number) checks. Pure functions, no Django.

A NIK is PPKKCC DDMMYY SSSS: province, kabupaten and kecamatan of first registration, birth date
(day + 40 for women) and a serial. What cannot be a NIK is an *error* (refused); what may be true
but looks odd is a *warning* (kept, marked for checking): real registrations carry region codes of
regions that were later split, and people's recorded birth dates do not always match.

The format and the birth-date segment are checked with python-stdnum (`stdnum.id.nik`); its
bundled region names are deliberately not used (they lag behind Kemendagri's list), the caller
passes the province codes it knows instead.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.id import nik as stdnum_nik

PANJANG = 16
# "6.21002E+15", "6,21E+15": how a spreadsheet shows a long number; the digits are already gone.
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE][+-]?\d+$")
# Separators people type or spreadsheets add; removed before checking.
_SEPARATORS = re.compile(r"[\s.\-]")

PESAN_ANGKA_ILMIAH = (
    "{label} tertulis dalam notasi ilmiah ({nilai}): digitnya sudah hilang di lembar kerja. "
    "Format kolom sebagai Teks lalu ketik ulang {label} dari dokumen aslinya."
)


@dataclass
class NikResult:
    """The outcome of a check: `value` is the normalised digits (as far as they could be read)."""

    value: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: datetime.date | None = None
    sex: str | None = None  # "L" (laki-laki) or "P" (perempuan), from the birth-day segment

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise(value) -> str:
    """Digits as typed, without spaces, dots, dashes or a spreadsheet's leading apostrophe."""
    text = "" if value is None else str(value).strip()
    text = text.lstrip("'\u2019`").strip()
    return _SEPARATORS.sub("", text)


def _check_digits(value, label: str) -> NikResult:
    raw = "" if value is None else str(value).strip().lstrip("'\u2019`").strip()
    if _SCIENTIFIC.match(raw):
        return NikResult(value=raw, errors=[PESAN_ANGKA_ILMIAH.format(label=label, nilai=raw)])
    digits = normalise(value)
    result = NikResult(value=digits)
    if not digits:
        result.errors.append(f"{label} kosong.")
    elif not digits.isdigit():
        result.errors.append(f"{label} hanya boleh berisi angka.")
    elif len(digits) != PANJANG:
        result.errors.append(f"{label} harus {PANJANG} digit (tertulis {len(digits)} digit).")
    return result


def _warn_province(result: NikResult, label: str, known_province_codes) -> None:
    if known_province_codes is not None and result.value[:2] not in known_province_codes:
        result.warnings.append(
            f"Kode provinsi {result.value[:2]} pada {label} tidak dikenal dalam daftar wilayah."
        )


def birth_date_of(digits: str, *, today: datetime.date | None = None) -> datetime.date:
    """The birth date in a 16-digit NIK. The year has two digits: the most recent century that
    does not put the birth in the future is chosen. Raises ValueError when impossible."""
    return _birth_date(digits[6:12], today or datetime.date.today())


@lru_cache(maxsize=65536)
def _birth_date(segment: str, today: datetime.date) -> datetime.date:
    # Decided once per DDMMYY segment and day: an import checks a NIK a row, and 100 years of
    # birth dates are only ~73,000 segments. A ValueError is not cached (raised each time).
    day = int(segment[:2])
    # stdnum accepts any day and takes it modulo 40; only 1-31 (men) and 41-71 (women) exist.
    if not (1 <= day <= 31 or 41 <= day <= 71):
        raise ValueError(day)
    try:
        # stdnum reads only the DDMMYY segment (positions 7-12 of the NIK).
        stdnum_nik.get_birth_date("000000" + segment + "0000")
    except StdnumValidationError as error:
        raise ValueError(segment) from error
    month, year = int(segment[2:4]), int(segment[4:6])
    for century in (2000, 1900):
        try:
            candidate = datetime.date(century + year, month, day % 40)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    # Only a 29 February of a year 2000+yy that is still ahead can reach here.
    return datetime.date(1900 + year, month, day % 40)


def nik_check(
    value,
    *,
    known_province_codes: Collection[str] | None = None,
    birth_date: datetime.date | None = None,
    sex: str | None = None,
) -> NikResult:
    """Check a NIK. `known_province_codes` (e.g. {"62", "63"}) enables the unknown-province
    warning; `birth_date` and `sex` ("L"/"P") the mismatch warnings."""
    result = _check_digits(value, "NIK")
    if not result.ok:
        return result
    digits = result.value
    try:
        result.birth_date = birth_date_of(digits)
    except ValueError:
        result.errors.append(
            f"Segmen tanggal lahir NIK ({digits[6:12]}) bukan tanggal yang mungkin "
            "(DDMMYY, tanggal ditambah 40 untuk perempuan)."
        )
        return result
    result.sex = "P" if int(digits[6:8]) > 40 else "L"
    _warn_province(result, "NIK", known_province_codes)
    if birth_date is not None and (
        (birth_date.day, birth_date.month, birth_date.year % 100)
        != (result.birth_date.day, result.birth_date.month, result.birth_date.year % 100)
    ):
        result.warnings.append(
            f"Tanggal lahir {birth_date:%d/%m/%Y} tidak sama dengan segmen NIK "
            f"({result.birth_date:%d/%m/%y})."
        )
    if sex in ("L", "P") and sex != result.sex:
        expected = "perempuan" if result.sex == "P" else "laki-laki"
        result.warnings.append(
            f"Jenis kelamin tidak sama dengan NIK (segmen tanggal menunjukkan {expected})."
        )
    if digits.endswith("0000"):
        result.warnings.append("NIK berakhiran 0000: nomor urut ini jarang sah, mohon dicek.")
    return result


def no_kk_check(value, *, known_province_codes: Collection[str] | None = None) -> NikResult:
    """Check a No KK (family card number): 16 digits; an unknown province code is a warning."""
    result = _check_digits(value, "No KK")
    if result.ok:
        _warn_province(result, "No KK", known_province_codes)
    return result


def mask(digits: str) -> str:
    """6210**********01: enough to recognise a number on a paper list, not to use it."""
    if not digits:
        return ""
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]
