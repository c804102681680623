"""NIK and No KK rules, with property-based tests over generated numbers."""

import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from wahana.lib.nik import birth_date_of, mask, nik_check, no_kk_check, normalise

PROVINCES = {"62", "63", "11"}


def make_nik(
    *, prov="62", kab="10", kec="02", birth=datetime.date(1980, 8, 5), sex="L", serial="0123"
) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{prov}{kab}{kec}{day:02d}{birth:%m}{birth:%y}{serial}"


birth_dates = st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2025, 12, 31))
sexes = st.sampled_from(["L", "P"])
serials = st.integers(min_value=1, max_value=9999).map(lambda n: f"{n:04d}")
regions = st.tuples(*[st.integers(0, 99).map(lambda n: f"{n:02d}")] * 3)


@given(birth=birth_dates, sex=sexes, serial=serials, region=regions)
def test_well_formed_nik_is_accepted_with_its_birth_date_and_sex(birth, sex, serial, region):
    nik = make_nik(
        prov=region[0], kab=region[1], kec=region[2], birth=birth, sex=sex, serial=serial
    )
    result = nik_check(nik, birth_date=birth, sex=sex)
    assert result.ok, result.errors
    assert result.value == nik
    assert result.sex == sex
    assert (result.birth_date.day, result.birth_date.month) == (birth.day, birth.month)
    assert result.birth_date.year % 100 == birth.year % 100
    # No mismatch warning when the recorded birth date and sex agree with the segment.
    assert not any("tidak sama" in w for w in result.warnings)


@given(birth=birth_dates, sex=sexes, serial=serials)
def test_spaces_dots_dashes_and_apostrophe_are_ignored(birth, sex, serial):
    nik = make_nik(birth=birth, sex=sex, serial=serial)
    typed = f"  '{nik[:6]} {nik[6:12]}-{nik[12:]} "
    assert nik_check(typed).value == nik
    assert nik_check(typed).ok


@given(st.text(alphabet="0123456789", min_size=0, max_size=30).filter(lambda s: len(s) != 16))
def test_wrong_length_is_refused(digits):
    result = nik_check(digits)
    assert not result.ok
    assert "16 digit" in result.errors[0] or "kosong" in result.errors[0]


@given(st.text(min_size=16, max_size=16).filter(lambda s: not normalise(s).isdigit()))
def test_non_digits_are_refused(text):
    assume(normalise(text) != "")
    result = nik_check(text)
    assert not result.ok


@given(day=st.integers(0, 99).filter(lambda d: not (1 <= d <= 31 or 41 <= d <= 71)))
def test_impossible_birth_day_is_refused(day):
    result = nik_check(f"621002{day:02d}0880" + "0123")
    assert not result.ok
    assert "tanggal lahir" in result.errors[0]


def test_impossible_dates_are_refused():
    assert not nik_check("6210023102800123").ok  # 31 February
    assert not nik_check("6210021513800123").ok  # month 13
    assert not nik_check("6210020100800123").ok  # month 00
    assert nik_check("6210022902000123").ok  # 29 February 2000 exists
    assert not nik_check("6210022902010123").ok  # 29 February 1901/2001 do not


def test_scientific_notation_is_refused_with_the_reason():
    result = nik_check("6.21002E+15")
    assert not result.ok
    assert "notasi ilmiah" in result.errors[0]


@given(birth=birth_dates, sex=sexes, serial=serials)
def test_unknown_province_is_a_warning_not_an_error(birth, sex, serial):
    nik = make_nik(prov="99", birth=birth, sex=sex, serial=serial)
    result = nik_check(nik, known_province_codes=PROVINCES)
    assert result.ok
    assert any("provinsi 99" in w for w in result.warnings)
    assert not any(
        "provinsi" in w
        for w in nik_check(
            make_nik(prov="62", birth=birth, sex=sex, serial=serial), known_province_codes=PROVINCES
        ).warnings
    )


@given(birth=birth_dates, other=birth_dates)
def test_birth_date_mismatch_is_a_warning(birth, other):
    assume((birth.day, birth.month, birth.year % 100) != (other.day, other.month, other.year % 100))
    result = nik_check(make_nik(birth=birth), birth_date=other)
    assert result.ok
    assert any("Tanggal lahir" in w for w in result.warnings)


@given(birth=birth_dates, sex=sexes)
def test_sex_mismatch_is_a_warning(birth, sex):
    other = "P" if sex == "L" else "L"
    result = nik_check(make_nik(birth=birth, sex=sex), sex=other)
    assert result.ok
    assert any("Jenis kelamin" in w for w in result.warnings)


def test_serial_0000_is_a_warning():
    result = nik_check(make_nik(serial="0000"))
    assert result.ok
    assert any("0000" in w for w in result.warnings)
    assert not nik_check(make_nik(serial="0001")).warnings


def test_woman_day_plus_40():
    result = nik_check("6210024508800001")
    assert result.sex == "P"
    assert result.birth_date == datetime.date(1980, 8, 5)


def test_century_is_the_latest_not_in_the_future():
    today = datetime.date(2026, 1, 1)
    assert birth_date_of("6210020101250001", today=today).year == 2025
    assert birth_date_of("6210020101270001", today=today).year == 1927


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_no_kk_any_16_digits_is_accepted(digits):
    result = no_kk_check(digits, known_province_codes={digits[:2]})
    assert result.ok
    assert result.warnings == []


def test_no_kk_refusals_and_warning():
    assert not no_kk_check("12345").ok
    assert not no_kk_check("62100212345678AB").ok
    assert not no_kk_check("6.2E+15").ok
    assert no_kk_check("9910021234567890", known_province_codes=PROVINCES).warnings


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_mask_hides_the_middle(digits):
    masked = mask(digits)
    assert masked.startswith(digits[:4]) and masked.endswith(digits[-2:])
    assert masked[4:-2] == "*" * 10
    assert len(masked) == 16


def test_birth_date_decided_once_per_segment_still_refuses_every_time():
    """The birth date is memoised per DDMMYY segment and day: an impossible segment is refused
    on every call (errors are not remembered as answers), and `today` still decides the
    century."""
    for _ in range(2):
        with pytest.raises(ValueError):
            birth_date_of("6210023202800001")
        with pytest.raises(ValueError):
            birth_date_of("6210020013800001")
    assert birth_date_of("6210020101250001", today=datetime.date(2030, 1, 1)).year == 2025
    assert birth_date_of("6210020101250001", today=datetime.date(2024, 1, 1)).year == 1925
