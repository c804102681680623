"""The spreadsheet cell parsers, with property-based tests."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .. import impor_parse as parse

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]  # fmt: skip
dates = st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2025, 12, 31))


@given(dates)
def test_dd_mm_yyyy_and_indonesian_month_names(day):
    assert parse.date(day.strftime("%d/%m/%Y")) == day
    assert parse.date(f"{day.day}-{day.month}-{day.year}") == day
    assert parse.date(f"{day.day} {MONTHS[day.month - 1]} {day.year}") == day
    assert parse.date(f"  {day.day} {MONTHS[day.month - 1].lower()[:3]} {day.year} ") == day
    assert parse.date(day.isoformat()) == day
    assert parse.date(day) == day
    assert parse.date(datetime.datetime.combine(day, datetime.time())) == day


@given(dates)
def test_excel_serial_numbers(day):
    serial = (day - parse.EXCEL_EPOCH).days
    assert parse.date(float(serial)) == day


def test_impossible_and_unreadable_dates():
    for value in ("31/02/1980", "5 Agustusan 1980", "kemarin", "1980/13/40"):
        with pytest.raises(parse.CellError):
            parse.date(value)
    assert parse.date("") is None and parse.date(None) is None


@given(
    st.text(alphabet="0123456789", min_size=16, max_size=16),
    st.sampled_from(["", "'", " '"]),
    st.sampled_from(["", " ", "  \u00a0"]),
)
def test_identity_number_text_keeps_every_digit(digits, prefix, padding):
    assert parse.identity_number(f"{prefix}{padding}{digits}{padding}", "NIK") == digits


@given(st.integers(min_value=10**15, max_value=10**16 - 1))
def test_identity_number_stored_as_number_is_refused(number):
    for value in (number, float(number)):
        with pytest.raises(parse.CellError, match="15 digit"):
            parse.identity_number(value, "NIK")


@pytest.mark.parametrize("value", ["6.21002E+15", "6,21002E+15", "6.21E15"])
def test_identity_number_in_scientific_notation_is_refused(value):
    with pytest.raises(parse.CellError, match="notasi ilmiah"):
        parse.identity_number(value, "NIK")


@given(st.text())
def test_text_never_fails_and_is_trimmed(value):
    result = parse.text(value)
    assert result == result.strip()
    assert not result.startswith("'")


def test_text_reads_numbers_back():
    assert parse.text(3.0) == "3"
    assert parse.text("  RT  01 ") == "RT 01"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("L", "L"), ("laki-laki", "L"), ("Pr", "P"), ("Perempuan", "P"), ("", "")],
)
def test_jenis_kelamin(value, expected):
    assert parse.jenis_kelamin(value) == expected


@given(st.integers(min_value=1, max_value=10))
def test_desil_in_range(n):
    assert parse.desil(float(n)) == n == parse.desil(str(n))


@given(st.integers().filter(lambda n: not 1 <= n <= 10))
def test_desil_out_of_range(n):
    with pytest.raises(parse.CellError):
        parse.desil(n)


def test_headers_with_aliases():
    mapping = parse.map_headers(
        ["No.", "NIK", "No. KK", "Nama Lengkap", "Desa/Kelurahan", "Tgl Lahir", "Jenis", "Lainnya"]
    )
    assert mapping == {
        "nik": 1,
        "no_kk": 2,
        "nama": 3,
        "desa": 4,
        "tanggal_lahir": 5,
        "jenis_ppks": 6,
    }
