"""The list at scale: a page costs a fixed number of queries however many records and kinds
there are, and its query can be served by an index (checked with EXPLAIN)."""

import pytest
from django.db import connection

from wahana.conftest import DESA_A, DESA_B

from ..models import Ppks
from ..selectors import Filter, ppks_list_visible_to
from .factories import ppks_make

URLS = (
    "/ppks/",
    "/ppks/?hal=2",
    "/ppks/?jenis=24",
    "/ppks/?wilayah=62.10.02",
    f"/ppks/?wilayah={DESA_A}&desil=2",
    "/ppks/?q=warga",
    "/ppks/?status=perlu_dicek",
)


@pytest.fixture
def many(personas):
    for n in range(60):
        ppks_make(
            nama=f"Warga Uji {n:02d}",
            kode=DESA_A if n % 2 else DESA_B,
            jenis=("24", "23") if n % 3 else ("09",),
            desil_dtsen=n % 10 + 1,
            perlu_dicek=n % 4 == 0,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_list_page_within_query_budget(client, personas, many, url, django_assert_max_num_queries):
    client.force_login(personas.operator)
    # The first request after sign-in also starts the session clocks (a session write, once
    # every few minutes): the budget is for a page of someone already browsing.
    client.get("/ppks/?hal=3")
    with django_assert_max_num_queries(10):
        answer = client.get(url)
    assert answer.status_code == 200
    assert b"Warga Uji" in answer.content


@pytest.mark.django_db
def test_person_with_two_kinds_listed_once(client, personas, many):
    client.force_login(personas.operator)
    answer = client.get("/ppks/", {"jenis": "24", "wilayah": DESA_A})
    # 40 of the 60 have kind 24 (two kinds each); half of them live in DESA_A.
    expected = Ppks.objects.filter(wilayah_id=DESA_A, jenis__kode="24").count()
    assert answer.context["page"].paginator.count == expected == 20
    names = [p.nama for p in answer.context["page"].object_list]
    assert len(names) == len(set(names))


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # With sequential scans priced out, the plan shows whether an index *can* serve the
            # query: on a large table the planner will then choose it (a tiny test table would
            # be scanned anyway).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["operator", "psm"])
def test_list_query_uses_an_index(personas, many, persona):
    user = getattr(personas, persona)
    qs = ppks_list_visible_to(user, Filter()).select_related("wilayah")[:50]
    plan = _plan(qs)
    table = Ppks._meta.db_table
    if connection.vendor == "postgresql":
        assert f"Seq Scan on {table}" not in plan, plan
        assert "Index" in plan, plan
    else:
        assert "INDEX" in plan, plan
