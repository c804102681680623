import pytest
from django.http import Http404

from wahana.conftest import DESA_A, DESA_B, KABUPATEN, KECAMATAN_A
from wahana.wksbm import selectors

from .factories import make_lembaga, make_pengurus, make_rapat, make_wksbm

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    op = personas.operator
    a = make_wksbm(user=op, kode_wilayah=DESA_A, nama="WKSBM A")
    b = make_wksbm(user=op, kode_wilayah=DESA_B, nama="WKSBM B")
    kec = make_wksbm(user=op, kode_wilayah=KECAMATAN_A, tingkat="kecamatan", nama="WKSBM Kurun")
    forum = make_wksbm(user=op, kode_wilayah=KABUPATEN, tingkat="kabupaten", nama="Forum")
    return {"a": a, "b": b, "kec": kec, "forum": forum}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("admin", {"WKSBM A", "WKSBM B", "WKSBM Kurun", "Forum"}),
        ("operator", {"WKSBM A", "WKSBM B", "WKSBM Kurun", "Forum"}),
        ("pimpinan", {"WKSBM A", "WKSBM B", "WKSBM Kurun", "Forum"}),
        ("tksk", {"WKSBM A", "WKSBM Kurun"}),
        ("pengurus", {"WKSBM A"}),
        ("psm", {"WKSBM A"}),
        ("outsider", {"WKSBM B"}),
        ("tksk_lain", {"WKSBM B"}),
        ("operator_lain", set()),
    ],
)
def test_list_is_scoped(personas, world, persona, visible):
    user = getattr(personas, persona)
    assert {w.nama for w in selectors.wksbm_list_visible_to(user)} == visible


def test_get_for_answers_write_right_or_404(personas, world):
    a = world["a"]
    assert selectors.wksbm_get_for(personas.pengurus, a.pk)[1] is True
    assert selectors.wksbm_get_for(personas.tksk, a.pk)[1] is False
    assert selectors.wksbm_get_for(personas.pimpinan, a.pk)[1] is False
    for user in (personas.outsider, personas.tksk_lain, personas.operator_lain):
        with pytest.raises(Http404):
            selectors.wksbm_get_for(user, a.pk)
    with pytest.raises(Http404):
        selectors.wksbm_get_for(personas.operator, "bukan-angka")


def test_child_records_are_scoped_by_their_own_region_code(personas, world):
    a = world["a"]
    pengurus = make_pengurus(user=personas.operator, wksbm=a)
    lembaga = make_lembaga(user=personas.operator, wksbm=a)
    rapat = make_rapat(user=personas.operator, wksbm=a)
    for getter, obj in (
        (selectors.pengurus_get_for, pengurus),
        (selectors.lembaga_get_for, lembaga),
        (selectors.rapat_get_for, rapat),
    ):
        assert obj.kode_wilayah == DESA_A
        assert getter(personas.psm, obj.pk) == (obj, True)
        with pytest.raises(Http404):
            getter(personas.outsider, obj.pk)


def test_desa_without_wksbm_within_scope(personas, world):
    # 127 desa/kelurahan in Gunung Mas, two of which have a desa-level WKSBM.
    assert selectors.desa_tanpa_wksbm(personas.operator).count() == 125
    kurun = selectors.desa_tanpa_wksbm(personas.tksk)
    assert DESA_A not in {d.kode for d in kurun} and kurun.count() > 0
    assert all(d.kode.startswith(KECAMATAN_A + ".") for d in kurun)
    assert selectors.desa_tanpa_wksbm(personas.pengurus).count() == 0
    assert selectors.desa_tanpa_wksbm(personas.operator, q="tanjung riu").count() == 0
    assert (
        selectors.desa_tanpa_wksbm(personas.operator_lain).filter(kode__startswith="62.10").count()
        == 0
    )


def test_kecamatan_choices_only_for_a_kabupaten_scope(personas):
    names = {k.nama for k in selectors.kecamatan_choices_for(personas.operator)}
    assert len(names) == 12 and "Kurun" in names
    assert selectors.kecamatan_choices_for(personas.tksk) == []
    assert selectors.kecamatan_choices_for(personas.admin) == []
