"""The scope filter (one range of byte order, `'62.10' <= kode < '62.10/'`,
wahana/akun/scope.py) is served by an index on every table that carries a region code.

On PostgreSQL the range is written with the pattern operators (`~>=~`, `~<~`: byte order
whatever the database collation), which a b-tree serves only with a pattern operator class.
Django gives every indexed CharField one (`<column>_like`, varchar_pattern_ops), foreign keys to
Wilayah included, so no migration of ours adds them: this test keeps it so (a model that turned
`db_index` off, or moved the column into a composite index only, would lose it) and shows in
the plan that both bounds are the index's range. SQLite compares in BINARY order, so any index
that starts with the region code serves the range; the plan shows it searched there too."""

import re

import pytest
from django.apps import apps
from django.db import connection

from wahana.akun.scope import DEFAULT_SCOPE_FIELD, visible_to

REGION_COLUMN = "kode_wilayah"


def region_models():
    return sorted(
        (
            m
            for m in apps.get_models()
            if m.__module__.startswith("wahana.")
            and any(f.column == REGION_COLUMN for f in m._meta.concrete_fields)
        ),
        key=lambda m: m._meta.label,
    )


def _sqlite_index(table: str) -> str:
    """A whole (not partial) index of `table` whose first column is the region code, by the
    name SQLite gives it (unique constraints become `sqlite_autoindex_...`)."""
    with connection.cursor() as cursor:
        cursor.execute(f'PRAGMA index_list("{table}")')
        for _seq, name, _unique, _origin, partial in cursor.fetchall():
            cursor.execute(f'PRAGMA index_info("{name}")')
            if not partial and cursor.fetchone()[2] == REGION_COLUMN:
                return name
    raise AssertionError(f"{table}: no whole index starts with {REGION_COLUMN}")


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Tiny test tables would be scanned whole anyway: priced out, the plan shows
            # whether an index *can* serve the filter, as it will on a large table.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            # The same question on SQLite (the scope tells it the range may hold most rows, so
            # a tiny table is scanned): the index named, the plan shows how it is used.
            table = qs.model._meta.db_table
            index = _sqlite_index(table)
            sql = sql.replace(f'FROM "{table}"', f'FROM "{table}" INDEXED BY "{index}"', 1)
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_the_large_tables_carry_a_region_code():
    labels = {m._meta.label for m in region_models()}
    for label in ("ppks.Ppks", "kegiatan.Kegiatan", "dana.EntriKas", "wksbm.RapatWksbm"):
        assert label in labels


@pytest.mark.django_db
@pytest.mark.parametrize("model", region_models(), ids=lambda m: m._meta.label)
def test_scope_filter_is_served_by_an_index(model, personas):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    leading = [
        c
        for c in constraints.values()
        if (c["index"] or c["primary_key"] or c["unique"]) and c["columns"][:1] == [REGION_COLUMN]
    ]
    assert leading, f"{table}: no index starts with {REGION_COLUMN}"
    if getattr(model, "scope_field", DEFAULT_SCOPE_FIELD) not in (
        DEFAULT_SCOPE_FIELD,
        REGION_COLUMN,
    ):
        return  # scoped through a join: the joined table's own index serves it
    # Scope of a kabupaten operator: both bounds of the one range are an index's range.
    qs = visible_to(model.objects.order_by(), personas.operator).only("pk")
    plan = _plan(qs)
    if connection.vendor == "postgresql":
        bounds = re.search(r"Index (Only )?Cond: \((.*)\)$", plan, re.MULTILINE)
        assert bounds, plan
        # "(kode_wilayah)::text" on a varchar_pattern_ops index of its own, bare on a composite
        for bound in (r"~>=~ '62\.10'::text", r"~<~ '62\.10/'::text"):
            assert re.search(rf"(\({REGION_COLUMN}\)::text|{REGION_COLUMN}) {bound}", bounds[2]), (
                plan
            )
        assert f"Seq Scan on {table}" not in plan, plan
    else:
        assert re.search(
            rf"SEARCH {table} USING (COVERING )?INDEX \S+ \({REGION_COLUMN}>\? AND "
            rf"{REGION_COLUMN}<\?\)",
            plan,
        ), plan
