"""Region reads: search ranking, narrowing to an area, children and breadcrumbs."""

import pytest

from wahana.conftest import DESA_A, KABUPATEN, KECAMATAN_A
from wahana.wilayah.models import Wilayah
from wahana.wilayah.selectors import (
    wilayah_children,
    wilayah_path,
    wilayah_search,
    wilayah_within,
)


def area(kode, nama, induk=None, tingkat=None, jenis="desa", aktif=True):
    return Wilayah.objects.create(
        kode=kode,
        nama=nama,
        induk_id=induk,
        tingkat=tingkat or kode.count(".") + 1,
        jenis=jenis,
        aktif=aktif,
    )


@pytest.fixture
def province_99(db):
    """A fictional province whose names tell starts-with from contains apart."""
    area("99", "Provinsi Uji", jenis="provinsi")
    area("99.01", "Kabupaten Batu Mas", "99", jenis="kabupaten")
    area("99.01.01", "Masaran", "99.01", jenis="kecamatan")
    area("99.01.01.2001", "Mas Ayu", "99.01.01")
    area("99.01.01.2002", "Sungai Emas", "99.01.01")
    area("99.01.01.2003", "Masjid Lama", "99.01.01", aktif=False)


def codes(areas):
    return [w.kode for w in areas]


@pytest.mark.django_db
def test_search_puts_names_starting_with_the_words_first(province_99):
    found = wilayah_search(q="mas", within="99")
    # Starts-with first (by level, then name); then names that only contain it.
    assert codes(found) == ["99.01.01", "99.01.01.2001", "99.01", "99.01.01.2002"]


@pytest.mark.django_db
def test_search_ignores_case_and_extra_spaces_and_skips_retired_areas(province_99):
    assert codes(wilayah_search(q="  MAS   AYU ", within="99")) == ["99.01.01.2001"]
    assert "99.01.01.2003" not in codes(wilayah_search(q="masjid", within="99"))
    assert wilayah_search(q="   ", within="99") == []


@pytest.mark.django_db
def test_search_by_level_and_limit(province_99):
    assert codes(wilayah_search(q="mas", within="99", tingkat=4)) == [
        "99.01.01.2001",
        "99.01.01.2002",
    ]
    assert codes(wilayah_search(q="mas", within="99", limit=2)) == ["99.01.01", "99.01.01.2001"]


@pytest.mark.django_db
def test_search_stays_inside_the_area():
    found = codes(wilayah_search(q="tanjung", within=KABUPATEN, tingkat=4))
    assert found == ["62.10.01.2004", DESA_A, "62.10.03.2009"]  # Karitak, Riu, Untung
    assert all(code.startswith("62.10.") for code in found)
    outside = codes(wilayah_search(q="tanjung", within="62", tingkat=4, limit=500))
    assert len(outside) > len(found)
    assert set(found) < set(outside)


@pytest.mark.django_db
def test_search_answers_in_two_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        found = wilayah_search(q="tanjung", within="62", limit=20)
        # The parents shown next to each result come with it, not one query per row.
        parents = [w.induk.nama for w in found if w.induk]
    assert len(parents) == 20


@pytest.mark.django_db
def test_within_respects_code_boundaries():
    assert set(codes(wilayah_within("62.1"))) == set()
    gunung_mas = codes(wilayah_within(KABUPATEN))
    assert len(gunung_mas) == 1 + 12 + 127
    assert "62.11" not in gunung_mas
    assert not any(code.startswith("62.11") for code in gunung_mas)
    assert wilayah_within("").filter(kode="62.11").exists()


@pytest.mark.django_db
def test_children_are_the_active_areas_one_level_down_by_name(province_99):
    kecamatan = wilayah_children(kode=KABUPATEN)
    assert kecamatan.count() == 12
    names = [w.nama for w in kecamatan]
    assert names == sorted(names)
    assert codes(wilayah_children(kode="99.01.01")) == ["99.01.01.2001", "99.01.01.2002"]
    provinces = wilayah_children(kode="")
    assert {"62", "99"} <= set(codes(provinces))
    assert all(w.tingkat == 1 for w in provinces)


@pytest.mark.django_db
def test_a_desa_has_no_children_and_costs_no_query(province_99, django_assert_num_queries):
    """The desa is the lowest level: its sub-areas are none, answered without a query (the home
    page of every PSM and pengurus asks), while a kecamatan's are read."""
    assert Wilayah.objects.filter(kode="99.01.01.2001").exists()
    with django_assert_num_queries(0):
        assert list(wilayah_children(kode="99.01.01.2001")) == []
        assert wilayah_children(kode=DESA_A).count() == 0
    with django_assert_num_queries(1):
        assert len(wilayah_children(kode="99.01.01")) == 2


@pytest.mark.django_db
def test_path_runs_from_the_province_down():
    assert [w.nama for w in wilayah_path(kode=DESA_A)] == [
        "Kalimantan Tengah",
        "Kabupaten Gunung Mas",
        "Kurun",
        "Tanjung Riu",
    ]
    assert codes(wilayah_path(kode=KECAMATAN_A)) == ["62", "62.10", KECAMATAN_A]
    assert wilayah_path(kode="") == []
