"""The one scoping mechanism: who sees which region, at code boundaries, and 404 for the rest."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models.functions import Collate
from django.http import Http404
from hypothesis import given, settings
from hypothesis import strategies as st

from wahana.akun.models import User
from wahana.akun.scope import get_visible_or_404, in_scope, region_q, scope_of, visible_to
from wahana.audit.models import AuditLog
from wahana.audit.services import audit_record
from wahana.conftest import DESA_A, DESA_B, KABUPATEN, KECAMATAN_A


def someone(kode, **extra):
    """A stand-in user with an arbitrary prefix (real accounts can only hold real codes)."""
    return SimpleNamespace(
        is_authenticated=True,
        is_active=True,
        peran="operator_kabupaten",
        kode_wilayah=kode,
        **extra,
    )


@pytest.fixture
def logs(db):
    """One audit row per region code, the model's own `kode_wilayah` being its scope field."""
    codes = ["62", "62.1", "62.10", "62.10.02", DESA_A, DESA_B, "62.11", "62.100", "63.10", ""]
    return {code: audit_record(actor=None, aksi="uji", kode_wilayah=code) for code in codes}


def seen(user):
    return set(
        visible_to(AuditLog.objects.filter(aksi="uji"), user).values_list("kode_wilayah", flat=True)
    )


@pytest.mark.django_db
def test_a_prefix_sees_itself_and_what_lies_inside_it_only(logs):
    assert seen(someone(KABUPATEN)) == {"62.10", "62.10.02", DESA_A, DESA_B}
    assert seen(someone(KECAMATAN_A)) == {"62.10.02", DESA_A}
    assert seen(someone(DESA_A)) == {DESA_A}


@pytest.mark.django_db
def test_a_prefix_is_a_whole_code_not_the_start_of_a_text(logs):
    # "62.1" is a prefix of the text "62.10" but not an area containing it.
    assert seen(someone("62.1")) == {"62.1"}
    assert seen(someone("62.10")).isdisjoint({"62.100", "62.11", "62.1"})


@pytest.mark.django_db
def test_the_empty_prefix_sees_everything(logs):
    assert seen(someone("")) == set(logs)
    assert region_q("") == region_q("", "kode_wilayah")


@pytest.mark.django_db
def test_nobody_sees_anything_without_an_active_account_with_a_role(logs, personas):
    personas.tksk.is_active = False
    no_role = someone(KABUPATEN, username="x")
    no_role.peran = ""
    for user in (AnonymousUser(), None, personas.tksk, no_role):
        assert scope_of(user) is None
        assert seen(user) == set()
        assert not in_scope(user, DESA_A)


@pytest.mark.django_db
def test_scope_of_real_personas(personas):
    assert scope_of(personas.admin) == ""
    assert scope_of(personas.operator) == KABUPATEN
    assert scope_of(personas.pengurus) == DESA_A
    assert in_scope(personas.admin, DESA_B)
    assert in_scope(personas.operator, DESA_B)
    assert in_scope(personas.tksk, DESA_A)
    assert not in_scope(personas.tksk, DESA_B)
    assert not in_scope(personas.operator_lain, DESA_A)
    assert not in_scope(personas.pengurus, KECAMATAN_A)  # not upwards either


@pytest.mark.django_db
def test_scope_follows_a_relation_path_through_scope_field(personas):
    # User has the default path (its `wilayah` column); the filter is on that column.
    inside = visible_to(User.objects.all(), personas.tksk)
    assert set(inside.values_list("username", flat=True)) == {
        "tksk.kurun",
        "psm.tanjungriu",
        "pengurus.tanjungriu",
    }
    assert '"kode_wilayah"' in str(inside.query) and "JOIN" not in str(inside.query)


@pytest.mark.django_db
def test_get_visible_or_404_answers_the_same_for_missing_and_outside(logs, personas):
    qs = AuditLog.objects.all()
    inside, outside = logs[DESA_A], logs[DESA_B]
    assert get_visible_or_404(qs, personas.psm, pk=inside.pk) == inside
    for lookup in ({"pk": outside.pk}, {"pk": 10**9}, {"pk": "bukan-angka"}):
        with pytest.raises(Http404):
            get_visible_or_404(qs, personas.psm, **lookup)
    with pytest.raises(Http404):
        get_visible_or_404(qs, AnonymousUser(), pk=inside.pk)


@pytest.mark.django_db
def test_an_out_of_scope_404_is_audited_but_answers_like_a_missing_record(personas, client):
    from wahana.wksbm.tests.factories import make_wksbm

    elsewhere = make_wksbm(user=personas.admin, kode_wilayah=DESA_B)
    client.force_login(personas.psm)
    outside = client.get(f"/wksbm/{elsewhere.pk}/")
    missing = client.get(f"/wksbm/{elsewhere.pk + 10**6}/")
    assert outside.status_code == missing.status_code == 404
    assert outside.content == missing.content

    refusal = AuditLog.objects.get(aksi="akses_ditolak")
    assert refusal.pelaku == personas.psm
    assert (refusal.objek_tipe, refusal.objek_id) == ("wksbm.wksbm", str(elsewhere.pk))
    assert refusal.kode_wilayah == DESA_A

    # Through the API as well; a missing record and an anonymous caller leave no row.
    api = client.get(f"/api/v1/wksbm/{elsewhere.pk}")
    assert api.status_code == 404
    assert AuditLog.objects.filter(aksi="akses_ditolak").count() == 2
    client.logout()
    client.get(f"/wksbm/{elsewhere.pk}/")
    assert AuditLog.objects.filter(aksi="akses_ditolak").count() == 2


class _Rollback(Exception):
    pass


# Region codes as the scope's range sees them: digits and dots, well-formed or not.
CODE = st.from_regex(r"\A[0-9.]{1,11}\Z")  # + ".0" fits the 13 of a code column


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, derandomize=True)
@given(prefix=CODE, codes=st.lists(CODE, max_size=12))
def test_the_range_holds_exactly_the_prefix_and_the_codes_below_it(prefix, codes):
    """Against the segment oracle, for any codes of digits and dots: the range ends just past
    `prefix` + "." in byte order, so a longer segment ("62.100") stays out."""
    codes = [*codes, prefix, prefix + ".0", prefix + "0", prefix + ".", prefix[:-1]]
    try:
        with transaction.atomic():
            for code in codes:
                audit_record(actor=None, aksi="uji", kode_wilayah=code)
            found = set(
                AuditLog.objects.filter(region_q(prefix, "kode_wilayah"), aksi="uji").values_list(
                    "kode_wilayah", flat=True
                )
            )
            assert found == {c for c in codes if c == prefix or c.startswith(prefix + ".")}
            raise _Rollback
    except _Rollback:
        pass


def test_the_scope_is_one_range_not_a_like():
    sql = str(AuditLog.objects.filter(region_q(KABUPATEN, "kode_wilayah")).query)
    assert not re.search(r"\bLIKE\b| OR ", sql.upper()), sql


@pytest.mark.django_db
@pytest.mark.postgresql  # a database collation: the PostgreSQL run only (never skipped)
def test_the_range_is_byte_order_under_a_collation_that_ignores_punctuation(logs):
    """Production may run PostgreSQL under en_US.UTF-8, which ignores "." and "/" at the first
    level. An ICU collation that does the same (alternate=shifted) stands in for it here: plain
    >= and < on it lose the codes below the prefix, the scope's range does not."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE COLLATION uji_abaikan_tanda (provider = icu, locale = 'en-US-u-ka-shifted')"
        )
    logs_here = AuditLog.objects.filter(aksi="uji").annotate(
        kode=Collate("kode_wilayah", "uji_abaikan_tanda")
    )
    plain = set(
        logs_here.filter(kode__gte=KABUPATEN, kode__lt=KABUPATEN + "/").values_list(
            "kode_wilayah", flat=True
        )
    )
    assert plain != {KABUPATEN, KECAMATAN_A, DESA_A, DESA_B}  # the trap is real
    assert set(logs_here.filter(region_q(KABUPATEN, "kode")).values_list("kode", flat=True)) == {
        KABUPATEN,
        KECAMATAN_A,
        DESA_A,
        DESA_B,
    }
