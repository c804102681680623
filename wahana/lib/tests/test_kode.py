"""Kemendagri region codes: levels, parents, ancestors, containment and validity."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wahana.lib import kode


def digits(n):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


codes = st.builds(
    lambda parts, depth: ".".join(parts[:depth]),
    st.tuples(
        digits(2),
        digits(2),
        digits(2),
        digits(4),
    ),
    st.integers(min_value=1, max_value=4),
)


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("62", True),
        ("62.10", True),
        ("62.10.02", True),
        ("62.10.02.2003", True),
        ("", False),
        ("6", False),
        ("62.1", False),
        ("62.10.2", False),
        ("62.10.02.203", False),
        ("62.10.02.20031", False),
        ("62-10", False),
        ("62.10.", False),
        ("62.10\n", False),
        ("ab.cd", False),
        ("\u0666\u0662", False),  # Arabic-Indic digits are not a Kemendagri code
    ],
)
def test_is_valid(code, valid):
    assert kode.is_valid(code) is valid


@pytest.mark.parametrize(
    ("code", "level"),
    [("", 0), ("62", 1), ("62.10", 2), ("62.10.02", 3), ("62.10.02.2003", 4)],
)
def test_tingkat(code, level):
    assert kode.tingkat(code) == level


def test_induk_and_leluhur():
    assert kode.induk("62.10.02.2003") == "62.10.02"
    assert kode.induk("62.10") == "62"
    assert kode.induk("62") == ""
    assert kode.leluhur("62.10.02.2003") == ["62", "62.10", "62.10.02", "62.10.02.2003"]
    assert kode.leluhur("62") == ["62"]
    assert kode.leluhur("") == []


def test_kabupaten_of():
    assert kode.kabupaten_of("62.10.02.2003") == "62.10"
    assert kode.kabupaten_of("62.10.02") == "62.10"
    assert kode.kabupaten_of("62.10") == "62.10"
    assert kode.kabupaten_of("62") == "62"
    assert kode.kabupaten_of("") == ""


def test_covers_respects_code_boundaries():
    assert kode.covers("", "62.10.02.2003")
    assert kode.covers("62.10", "62.10")
    assert kode.covers("62.10", "62.10.02.2003")
    assert not kode.covers("62.1", "62.10")  # a prefix of the text is not a parent area
    assert not kode.covers("62.10", "62.1")
    assert not kode.covers("62.10", "62.100")
    assert not kode.covers("62.10.02", "62.10")  # the narrower never covers the wider
    assert not kode.covers("62", "63.01")


def test_is_kelurahan():
    assert kode.is_kelurahan("62.10.01.1001")
    assert not kode.is_kelurahan("62.10.02.2003")
    assert not kode.is_kelurahan("62.10.01")  # only desa-level codes


# Timing checks off: on a busy shared test machine they fail a correct, pure-function test.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(codes)
def test_every_ancestor_covers_its_descendant(code):
    assert kode.is_valid(code)
    chain = kode.leluhur(code)
    assert chain[-1] == code
    assert len(chain) == kode.tingkat(code)
    for ancestor in chain:
        assert kode.covers(ancestor, code)
    parent = kode.induk(code)
    assert parent == (chain[-2] if len(chain) > 1 else "")
    assert not parent or not kode.covers(code, parent)
