"""Region scope as a property of the real endpoints: for a generated user (a role, and a region
of the level that role may have) and the records of every app moved to generated regions, every
paginated API list under /api/v1 answers only records inside the user's region (and counts only
those), the API detail of a record outside it answers 404, and the PPKS and WKSBM list pages,
their search and the PPKS exports (CSV, XLSX) name nobody outside it.

A few PPKS of generated names are added in generated desa too.

The API lists are found in the OpenAPI document (a GET without path parameters answering
{"items", "count"}): a new list is checked without being named here. The records are those
every app's permission matrix builds (wahana/akun/tests/test_scope_property.py); each example
maps every region code in use to a generated one in all region-bound tables at once (a child
row holds its parent's code, so the two move together), inside a savepoint rolled back after.
"""

import io
import zipfile
from html import unescape

import pytest
from django.core.cache import cache
from django.db import DatabaseError, models, transaction
from django.db.models import Case, F, Value, When
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from wahana.akun.models import PERAN_TINGKAT, Peran, User
from wahana.akun.scope import scope_field_of
from wahana.akun.tests import test_scope_property as prop
from wahana.akun.tests.test_scope_property import MODELS, _owner, _Rollback, inside
from wahana.bimtek.models import SasaranBimtek
from wahana.config.api import api
from wahana.conftest import KECAMATAN_A, KECAMATAN_B
from wahana.lib.kode import TINGKAT_DESA, tingkat
from wahana.pendamping.models import ProgramDesa
from wahana.ppks.models import Ppks
from wahana.ppks.tests.factories import make_nik, ppks_make
from wahana.wksbm.models import Wksbm

# The module's fixtures: the matrices' records (rolled back at the end) and the regions.
world = prop.world
codes = prop.codes

PREFIX = "/api/v1/"
LIMIT = 1000  # NINJA_PAGINATION_MAX_LIMIT: one page holds every record of the test world
# Lists of reference data, the same for everyone: not records of a region's people or bodies.
REFERENCE = {
    f"{PREFIX}wilayah",  # the official region codes (Kemendagri), needed by every region picker
}


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _reached(model, link: str):
    """The regions the item's rows of `model` (linked by `link`) reach."""
    return lambda item: model.objects.filter(**{link: item["id"]}).values_list(
        "wilayah_id", flat=True
    )


# Records a list answers beyond their own region, by a rule of their app: a bimtek is shown where
# it is organised and in every desa it targets (wahana/bimtek/selectors.py), a programme where it
# is run and in every desa it reaches (wahana/pendamping/selectors.py).
ALSO_IN = {
    f"{PREFIX}bimtek/": _reached(SasaranBimtek, "bimtek_id"),
    f"{PREFIX}pendamping/program": _reached(ProgramDesa, "program_id"),
}


def _api_lists() -> list[tuple[str, str | None]]:
    """(path of every paginated GET list, path of its record's GET detail or None), from the
    OpenAPI document."""
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    paths = schema["paths"]
    found = []
    for path, operations in sorted(paths.items()):
        operation = operations.get("get")
        if operation is None or "{" in path:
            continue
        content = operation["responses"].get(200, operation["responses"].get("200", {}))
        body = content.get("content", {}).get("application/json", {}).get("schema", {})
        properties = _resolve(schema, body).get("properties", {})
        if not {"items", "count"} <= properties.keys() or path in REFERENCE:
            continue
        required = [p["name"] for p in operation.get("parameters", []) if p.get("required")]
        assert not required, f"{path}: a list with required parameters {required} is unchecked"
        base = path.rstrip("/") + "/{"
        details = [
            other
            for other, ops in paths.items()
            if "get" in ops
            and other.startswith(base)
            and other.endswith("}")
            and other.count("{") == 1
        ]
        found.append((path, details[0] if len(details) == 1 else None))
    return found


API_LISTS = _api_lists()


def test_the_api_lists_are_found_in_the_openapi_document():
    """The discovery finds the lists of every domain app, with the details it can reach."""
    paths = [path for path, _detail in API_LISTS]
    for app in ("wksbm", "ppks", "pendamping", "kegiatan", "dana", "bimtek"):
        assert any(path.startswith(f"{PREFIX}{app}") for path in paths), app
    assert f"{PREFIX}ppks/{{ppks_id}}" in [detail for _path, detail in API_LISTS]
    assert len(API_LISTS) >= 15
    schema_paths = api.get_openapi_schema(path_prefix=PREFIX)["paths"]
    assert schema_paths.keys() >= REFERENCE | ALSO_IN.keys()  # each names a list that exists


def _regions_in(value):
    """Every kode_wilayah an answer carries, in its items and anything nested in them."""
    if isinstance(value, dict):
        if value.get("kode_wilayah"):
            yield value["kode_wilayah"]
        for nested in value.values():
            yield from _regions_in(nested)
    elif isinstance(value, list):
        for nested in value:
            yield from _regions_in(nested)


def _relocate(data, regions: list[str]) -> None:
    """Map every region code in use to a generated one (drawn from `regions`), in every table
    holding a region, with one UPDATE per table so that no row is moved twice."""
    owners = sorted({_owner(model)[:2] for model in MODELS}, key=lambda o: (o[0]._meta.label, o[1]))
    used = set()
    for owner, attname in owners:
        used |= set(models.QuerySet(owner).values_list(attname, flat=True))
    used -= {None, ""}
    mapping = {
        old: data.draw(st.sampled_from(regions), label=f"wilayah {old} menjadi")
        for old in sorted(used)
    }
    for owner, attname in owners:
        moved = Case(
            *[When(**{attname: old}, then=Value(new)) for old, new in mapping.items()],
            default=F(attname),
        )
        try:
            with transaction.atomic():
                # A plain queryset: append-only models refuse updates through their managers.
                models.QuerySet(owner).filter(**{f"{attname}__in": list(mapping)}).update(
                    **{attname: moved}
                )
        except DatabaseError:
            pass  # a rule of the database (one WKSBM per desa, a guard trigger): stays


def _outside(model, prefix: str) -> tuple[list[int], set[str]]:
    """(ids of the records outside the prefix, their names that no record inside shares)."""
    inner, outer, ids = set(), set(), []
    field = scope_field_of(model.objects.all())
    for pk, nama, kode in model.objects.values_list("pk", "nama", field):
        if inside(kode, prefix):
            inner.add(nama)
        else:
            ids.append(pk)
            outer.add(nama)
    return sorted(ids), {name for name in outer if not any(name in other for other in inner)}


def _around(text: str, found: str) -> str:
    """Where a leaked name stands, for the failure message."""
    at = text.index(found)
    return text[max(0, at - 300) : at + 100]


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return unescape(
            " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
        )


def _answerable(path: str, item: dict, prefix: str) -> bool:
    """Every region the item carries lies inside the prefix, or its app's rule shows it there."""
    if all(inside(kode, prefix) for kode in _regions_in(item)):
        return True
    return any(inside(kode, prefix) for kode in ALSO_IN.get(path, lambda item: ())(item))


def _check_api(client, admin, prefix: str) -> tuple[int, int]:
    """Every API list answers only records inside `prefix` and counts only those; a record the
    (unscoped) admin lists outside it answers 404 to its detail. Answers (records listed,
    details refused)."""
    seen = refused = 0
    for path, detail in API_LISTS:
        response = client.get(path, {"limit": LIMIT})
        assert response.status_code in (200, 403, 404), (path, response.status_code)
        if response.status_code != 200:
            continue
        body = response.json()
        assert body["count"] == len(body["items"]), path  # counts nothing it does not list
        for item in body["items"]:
            assert _answerable(path, item, prefix), (path, item)
        seen += len(body["items"])
        if detail is None:
            continue
        name = detail[detail.index("{") + 1 : -1]
        every = admin.get(path, {"limit": LIMIT}).json()["items"]
        outside = [i for i in every if not _answerable(path, i, prefix)]
        for item in outside[:2]:
            # The detail's parameter names the item's key (`wksbm_id`), or is its `id`.
            key = name if name in item else "id"
            url = detail.replace(f"{{{name}}}", str(item[key]))
            assert client.get(url).status_code == 404, (url, prefix)
            refused += 1
    return seen, refused


def _check_pages(client, prefix: str, niks: dict[int, str]) -> int:
    """The PPKS and WKSBM lists and their search link to no record outside `prefix` and name
    nobody outside it (but the name searched for, which the page repeats in its search box and
    links); the search by NIK (`niks`: PPKS id -> NIK) finds nobody outside; the PPKS exports,
    whole and searched, name nobody outside. Answers the pages and files that answered 200."""
    answered = 0
    for model, page in ((Ppks, "/ppks/"), (Wksbm, "/wksbm/")):
        ids, outer = _outside(model, prefix)
        for query in [{}, *({"q": name} for name in sorted(outer)[:2])]:
            response = client.get(page, query)
            assert response.status_code in (200, 403, 404), (page, query)
            answered += response.status_code == 200
            html = response.content.decode()
            links = [f'href="{page}{pk}/' for pk in ids]
            leaked = [link for link in links if link in html]
            leaked += [escape(name) for name in outer - {query.get("q")} if escape(name) in html]
            assert not leaked, (page, query, prefix, _around(html, leaked[0]))
        if model is not Ppks:
            continue
        for pk in [pk for pk in ids if pk in niks][:2]:
            response = client.post("/ppks/cari-nik/", {"nik": niks[pk]})
            assert response.status_code in (302, 403, 404), pk
            assert response.get("Location") != f"/ppks/{pk}/", (pk, prefix)
            answered += response.status_code == 302
        for query in [{}, *({"q": name} for name in sorted(outer)[:1])]:
            for fmt in ("csv", "xlsx"):
                response = client.get("/ppks/ekspor/", {"format": fmt, **query})
                assert response.status_code in (200, 403, 404), fmt
                if response.status_code != 200:
                    continue
                answered += 1
                content = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                text = _xlsx_text(content) if fmt == "xlsx" else content.decode("utf-8-sig")
                assert not [name for name in outer if name in text], (fmt, query, prefix)
    return answered


@pytest.mark.django_db
def test_the_checks_see_records_and_catch_a_leak(world):
    """Not vacuous: for a TKSK the lists answer records and details outside are refused, the
    pages have names outside to look for and answer; and the same answers checked against a
    narrower region than the user's (as if the endpoints leaked) fail."""
    tksk, tksk_lain, operator, admin = Client(), Client(), Client(), Client()
    tksk.force_login(world.personas.tksk)
    tksk_lain.force_login(world.personas.tksk_lain)
    operator.force_login(world.personas.operator)
    admin.force_login(world.personas.admin)
    seen, refused = _check_api(tksk, admin, KECAMATAN_A)
    assert seen > 10
    assert refused >= 3
    assert _outside(Ppks, KECAMATAN_B)[1]
    assert _outside(Wksbm, KECAMATAN_B)[1]
    niks = {world.ppks_a.pk: world.nik_ppks_a}
    # 3 PPKS pages (list, two searches), 2 WKSBM pages, 1 NIK search, 4 exports: all answer.
    assert _check_pages(tksk_lain, KECAMATAN_B, niks) == 10
    with pytest.raises(AssertionError):
        _check_api(operator, admin, KECAMATAN_B)
    with pytest.raises(AssertionError):
        _check_pages(operator, KECAMATAN_B, niks)


def _region_for(peran: str, regions: list[str]) -> st.SearchStrategy:
    """A region of a level the role may have (PERAN_TINGKAT), as the account form requires."""
    levels = PERAN_TINGKAT[peran]
    return st.sampled_from([k for k in ["", "62", *regions] if tingkat(k) in levels])


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    # No shrinking: each example is a whole world of requests, and the failing one is printed.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_endpoint_answers_a_record_outside_the_users_region(world, codes, data):
    peran = data.draw(st.sampled_from(Peran.values), label="peran")
    kode = data.draw(_region_for(peran, codes), label="wilayah pengguna")
    cache.clear()  # rate limits (search, export) count per example, not per test
    try:
        with transaction.atomic():
            _relocate(data, codes)
            niks = {world.ppks_a.pk: world.nik_ppks_a}
            desa = [k for k in codes if tingkat(k) == TINGKAT_DESA]
            for n in range(data.draw(st.integers(0, 4), label="PPKS baru")):
                kode_ppks = data.draw(st.sampled_from(desa), label=f"wilayah PPKS baru {n}")
                nik = make_nik(serial=9000 + n)
                baru = ppks_make(kode=kode_ppks, nama=f"Acak Warga {chr(ord('A') + n)}", nik=nik)
                niks[baru.pk] = nik
            user = User.objects.create(username="acak", peran=peran, wilayah_id=kode or None)
            client, admin = Client(), Client()
            client.force_login(user)
            admin.force_login(world.personas.admin)
            _check_api(client, admin, kode)
            _check_pages(client, kode, niks)
            raise _Rollback
    except _Rollback:
        pass
