"""The dashboard's attention list is read from an index in its order (lowest score of the month
first) and stops after PERHATIAN_MAKS rows, instead of sorting a whole month's index rows: at
the nation's 83,762 WKSBM the sort took 110 ms of a 200 ms page budget, the index walk 0.4 ms."""

import pytest
from django.db import connection

from wahana.pantau.bulan import bulan_ini
from wahana.pantau.selectors import perhatian_for


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Priced out, a sort still happens when nothing else gives the order: the plan
            # shows whether an index *can* give it, as it will on a large table.
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize("kode", ["", "62", "62.10"], ids=["nation", "province", "kabupaten"])
def test_attention_list_walks_an_index_in_its_order(kode):
    plan = _plan(perhatian_for(kode, bulan_ini()))
    if connection.vendor == "postgresql":
        assert "Sort" not in plan, plan
        assert "indeks_bulan_skor" in plan, plan
    else:
        assert "TEMP B-TREE" not in plan, plan
        assert "indeks_bulan_skor" in plan, plan
