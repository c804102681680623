"""The region search stays fast with the whole country loaded (PRODUCT.md: pick-list p95 ≤ 100 ms,
measured by `make bench`): a name prefix is answered from the nama_cari index, and the answer
is the same whichever way the database gets there."""

import pytest
from django.db import connection

from wahana.wilayah.models import Wilayah
from wahana.wilayah.selectors import _by_level_and_name, _starting_with, wilayah_search


def desa(kode, nama):
    induk = kode.rsplit(".", 1)[0]
    for level, code in enumerate(("98", "98.01", "98.01.01"), start=1):
        Wilayah.objects.get_or_create(
            kode=code, defaults={"nama": f"Uji {code}", "tingkat": level, "jenis": "kecamatan"}
        )
    return Wilayah.objects.create(kode=kode, nama=nama, induk_id=induk, tingkat=4, jenis="desa")


@pytest.fixture
def names(db):
    desa("98.01.01.2001", "Masu Dua")
    desa("98.01.01.2002", "Masu")
    desa("98.01.01.2003", "Masv")  # the letter after 'u': just outside the prefix 'masu'
    desa("98.01.01.2004", "Mast")  # the letter before: just outside too
    desa("98.01.01.2005", "Masu Dua")  # the same name twice: the code decides
    desa("98.01.01.2006", "Masu Tiga")


def codes(areas):
    return [w.kode for w in areas]


@pytest.mark.django_db
def test_prefix_bounds_are_exact_and_equal_names_come_in_code_order(names):
    found = wilayah_search(q="MASU", within="98", tingkat=4)
    assert codes(found) == ["98.01.01.2002", "98.01.01.2001", "98.01.01.2005", "98.01.01.2006"]
    assert codes(wilayah_search(q="masv", within="98")) == ["98.01.01.2003"]


@pytest.mark.django_db
def test_a_prefix_is_looked_up_in_the_name_index(names):
    qs = _starting_with(Wilayah.objects.filter(tingkat=4), "masu").order_by(*_by_level_and_name())[
        :15
    ]
    if connection.vendor == "sqlite":
        # SQLite's LIKE ignores case and cannot use the index; the range can, in name order.
        plan = qs.explain()
        assert "USING INDEX wilayah_wilayah_nama_cari" in plan
        # No sort of every match: at most equal names are put in code order on the way.
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan
    else:
        # PostgreSQL serves LIKE 'masu%' from Django's varchar_pattern_ops index.
        sql = str(qs.query)
        assert "LIKE masu%" in sql
        assert "ORDER BY" in sql and '"nama" ASC' in sql
