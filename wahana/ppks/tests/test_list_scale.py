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


@pytest.mark.django_db
def test_the_total_is_exact_below_the_cap_and_a_stated_floor_above(
    client, personas, many, monkeypatch
):
    from django.test.utils import CaptureQueriesContext

    from ..views import PaginatorTerbatas

    client.force_login(personas.operator)
    exact = client.get("/ppks/", {"wilayah": DESA_A}).context["page"].paginator
    assert (exact.count, exact.lebih, exact.num_pages) == (30, False, 1)
    monkeypatch.setattr(PaginatorTerbatas, "BATAS", 20)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/ppks/", {"q": "warga"})
    paginator = answer.context["page"].paginator
    assert paginator.lebih and paginator.num_pages == 1
    assert "lebih dari 20" in answer.content.decode()
    # The count reads at most BATAS + 1 rows and sorts nothing (not the ranked search either).
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*) FROM (")]
    # (A name search also counts its starting names up to the page's end, as bounded.)
    assert "LIMIT 21" in counts[0] and all(" LIMIT " in c and "ORDER BY" not in c for c in counts)
    # The count is the live table: a deletion, an import or a concurrent write shows at once.
    Ppks.objects.filter(pk__in=list(Ppks.objects.values_list("pk", flat=True)[:45])).delete()
    after = client.get("/ppks/", {"q": "warga"}).context["page"].paginator
    assert (after.count, after.lebih) == (15, False)


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


@pytest.mark.django_db
@pytest.mark.postgresql
def test_the_name_search_is_read_from_the_trigram_index(personas, many):
    # The search's own condition can be answered by the trigram index (on a 60-row table the
    # planner prefers the scope index, on 1M PPKS the bitmap of the matches; docs/scaling.md).
    sql, params = (
        Ppks.objects.filter(nama_kunci__contains="uji").values("pk").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        for kind in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on ppks_nama_trgm" in plan, plan


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["lambung", "roz", "siti z", "ani"])
def test_a_name_searchs_pages_are_the_ranked_order(personas, q):
    from ..selectors import PeringkatNama, ppks_list_pages

    names = [
        "Lambung Sari", "Budi Lambung", "Lambungan", "Ani Lambung", "Lambung", "Roz Ali",
        "Agus Roz", "Rozak", "Siti Zahra", "Siti Z", "Ani Siti Zaenab", "Ani", "Ani Ani",
        "Rani", "Lambung Ani", "Sitiz",
    ]  # fmt: skip
    for n, nama in enumerate(names):
        ppks_make(nama=nama, kode=DESA_A if n % 2 else DESA_B)
    filters = Filter(q=q)
    ranked = list(ppks_list_visible_to(personas.operator, filters))
    assert ranked, q
    pages = ppks_list_pages(ppks_list_visible_to(personas.operator, filters), filters)
    assert isinstance(pages, PeringkatNama)
    for size in (1, 2, 3, 50):
        for start in range(0, len(ranked) + 2):
            assert pages[start : start + size] == ranked[start : start + size], (q, size, start)
