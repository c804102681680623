"""Reading real-world spreadsheets of PPKS: pure functions, no models.

Cells come from python-calamine (XLSX: str, float, int, bool, date, datetime, "" when empty) or
from the csv module (always str). Every parser returns a clean value or raises `CellError` with a
message (Bahasa Indonesia, translated for the user) that tells the operator what to fix.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from wahana.lib.nik import birth_date_of


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the operator."""


# Canonical columns of the template, in order, with a description for the instructions sheet.
COLUMNS = {
    "nik": "NIK 16 digit, kolom berformat Teks (bukan Angka).",
    "no_kk": "Nomor Kartu Keluarga 16 digit, kolom berformat Teks.",
    "nama": "Nama lengkap (wajib).",
    "jenis_kelamin": "L atau P.",
    "tempat_lahir": "Tempat lahir.",
    "tanggal_lahir": "Tanggal lahir: 05/08/1980 atau 5 Agustus 1980.",
    "kecamatan": "Nama kecamatan (membantu bila nama desa ada di beberapa kecamatan).",
    "desa": "Nama desa/kelurahan (wajib bila kode_desa kosong).",
    "kode_desa": "Kode desa/kelurahan Kemendagri, mis. 62.10.02.2003 (boleh kosong).",
    "dusun": "Dusun/lingkungan.",
    "rt": "RT.",
    "rw": "RW.",
    "alamat": "Alamat (jalan, nomor rumah).",
    "jenis_ppks": "Kode atau nama jenis PPKS, dipisah titik koma: 24; 09.",
    "kebutuhan": "Kebutuhan pelayanan.",
    "ragam_disabilitas": "fisik, intelektual, mental, sensorik atau ganda.",
    "keterangan_disabilitas": "Keterangan disabilitas.",
    "status_dtsen": "terdaftar, tidak terdaftar, atau kosong (belum dicek).",
    "desil_dtsen": "Desil DTSEN 1-10.",
    "subjek": "perorangan (bawaan) atau kelompok (komunitas tanpa NIK).",
}
# Headers people actually write, mapped to the canonical column.
ALIASES = {
    "no_nik": "nik",
    "nomor_nik": "nik",
    "nik_ktp": "nik",
    "no_ktp": "nik",
    "nomor_induk_kependudukan": "nik",
    "kk": "no_kk",
    "nomor_kk": "no_kk",
    "no_kartu_keluarga": "no_kk",
    "nomor_kartu_keluarga": "no_kk",
    "nama_lengkap": "nama",
    "nama_ppks": "nama",
    "jk": "jenis_kelamin",
    "l_p": "jenis_kelamin",
    "kelamin": "jenis_kelamin",
    "tmp_lahir": "tempat_lahir",
    "tgl_lahir": "tanggal_lahir",
    "desa_kelurahan": "desa",
    "kelurahan": "desa",
    "nama_desa": "desa",
    "kode_wilayah": "kode_desa",
    "kode_kemendagri": "kode_desa",
    "jenis": "jenis_ppks",
    "kategori_ppks": "jenis_ppks",
    "desil": "desil_dtsen",
    "status_dtks": "status_dtsen",
    "disabilitas": "ragam_disabilitas",
}

BULAN = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3,
    "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11, "nop": 11,
    "desember": 12, "des": 12,
    # English names appear in spreadsheets made with an English locale.
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORD_DATE = re.compile(r"^(\d{1,2})[\s\-.]+([A-Za-z]+)\.?[\s\-.,]+(\d{2}|\d{4})$")
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE][+-]?\d+$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def header_key(text) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", str(text or "").strip().lower()).strip("_")
    return ALIASES.get(key, key)


def map_headers(row: list) -> dict[str, int]:
    """{canonical column: index} for the columns this file has (unknown ones are ignored)."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = header_key(cell)
        if key in COLUMNS and key not in mapping:
            mapping[key] = index
    return mapping


def text(value) -> str:
    """A cell as trimmed text: no leading spreadsheet apostrophe, "3.0" read back as "3"."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    # str.split() splits on the same Unicode whitespace as the regex \s (no-break space included)
    # and is several times faster: this runs for every cell of every row.
    return " ".join(str(value).split()).lstrip("'\u2019`").strip()


def identity_number(value, label: str) -> str:
    """A NIK or No KK cell as typed. A number cell has already lost digits: a spreadsheet keeps
    only 15 significant digits, so the 16th is gone (or the whole number shows as 6.21E+15)."""
    if isinstance(value, bool):
        raise CellError(_("%(label)s tidak terbaca.") % {"label": label})
    if isinstance(value, int | float):
        raise CellError(
            _(
                "%(label)s tersimpan sebagai angka, bukan teks: lembar kerja hanya menyimpan 15 "
                "digit sehingga digit terakhir %(label)s sudah hilang. Format kolom %(label)s "
                "sebagai Teks, lalu ketik ulang dari KTP/KK."
            )
            % {"label": label}
        )
    raw = text(value)
    if _SCIENTIFIC.match(raw.replace(" ", "")):
        raise CellError(
            _(
                "%(label)s tertulis dalam notasi ilmiah (%(nilai)s): digitnya sudah hilang. Format "
                "kolom %(label)s sebagai Teks, lalu ketik ulang dari KTP/KK."
            )
            % {"label": label, "nilai": raw}
        )
    return raw


def _full_year(year: int, month: int, day: int) -> int:
    if year >= 100:
        return year
    # Two-digit years: the most recent century that does not put the date in the future,
    # the same rule as the birth date in a NIK.
    stub = f"000000{day:02d}{month:02d}{year:02d}0000"
    try:
        return birth_date_of(stub).year
    except ValueError as error:
        raise CellError(_("Tanggal tidak mungkin.")) from error


def date(value) -> datetime.date | None:
    """dd/mm/yyyy, dd-mm-yy, yyyy-mm-dd, "5 Agustus 1980", a date cell or an Excel serial."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError(_("Tanggal tidak terbaca."))
    if isinstance(value, int | float):
        if not 1 <= value < 2958466:
            raise CellError(_("Tanggal tidak terbaca."))
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    raw = text(value)
    if not raw:
        return None
    try:
        if match := _NUMERIC_DATE.match(raw):
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(_full_year(year, month, day), month, day)
        if match := _ISO_DATE.match(raw):
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if match := _WORD_DATE.match(raw):
            day, name, year = int(match[1]), match[2].lower(), int(match[3])
            if name not in BULAN:
                raise CellError(_("Nama bulan “%(nama)s” tidak dikenal.") % {"nama": match[2]})
            month = BULAN[name]
            return datetime.date(_full_year(year, month, day), month, day)
    except ValueError as error:
        if isinstance(error, CellError):
            raise
        raise CellError(_("Tanggal “%(nilai)s” tidak mungkin.") % {"nilai": raw}) from error
    raise CellError(
        _("Tanggal “%(nilai)s” tidak terbaca; tulis sebagai 05/08/1980.") % {"nilai": raw}
    )


def jenis_kelamin(value) -> str:
    raw = text(value).lower().replace("-", " ").replace(".", "")
    if not raw:
        return ""
    if raw in ("l", "lk", "laki laki", "laki", "pria", "male", "m"):
        return "L"
    if raw in ("p", "pr", "perempuan", "wanita", "female", "f", "w"):
        return "P"
    raise CellError(
        _("Jenis kelamin “%(nilai)s” tidak dikenal; tulis L atau P.") % {"nilai": text(value)}
    )


def desil(value) -> int | None:
    raw = text(value)
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 10:
        raise CellError(_("Desil DTSEN “%(nilai)s” harus angka 1 sampai 10.") % {"nilai": raw})
    return int(raw)


def name_key(value) -> str:
    """Lower-case words only: for matching region and kind names."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text(value).lower()).split())


def split_list(value) -> list[str]:
    return [part.strip() for part in re.split(r"[;,/\n]+", text(value)) if part.strip()]


def read_rows(path: str | Path) -> tuple[int, Iterator[list]]:
    """(number of data rows, iterator over rows including the header) for an XLSX or CSV file.
    XLSX is read with python-calamine (the first sheet); CSV is streamed."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        except Exception as error:  # calamine raises several kinds; all mean "not a workbook"
            raise CellError(_("Berkas XLSX tidak dapat dibaca.")) from error
        return max(sheet.height - 1, 0), sheet.iter_rows()
    encoding = _csv_encoding(path)
    with open(path, newline="", encoding=encoding) as handle:
        count = max(sum(1 for _line in csv.reader(handle)) - 1, 0)
    return count, _csv_rows(path, encoding)


def _csv_encoding(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(65536)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _csv_rows(path: Path, encoding: str) -> Iterator[list]:
    with open(path, newline="", encoding=encoding, errors="replace") as handle:
        sample = handle.read(8192)
        handle.seek(0)
        # Indonesian-locale spreadsheets save CSV with semicolons.
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        yield from csv.reader(handle, delimiter=delimiter)


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
