import datetime

import pytest
from django.utils import timezone

from wahana.conftest import DESA_A, DESA_B, KECAMATAN_A, KECAMATAN_B
from wahana.pendamping import selectors, services
from wahana.pendamping.models import Pendamping

from .factories import DESA_A2, make_kunjungan, make_pendamping


def _ids(qs):
    return set(qs.values_list("pk", flat=True))


@pytest.mark.django_db
def test_registry_scope(personas, world):
    everyone = {world.tksk_a.pk, world.tksk_b.pk, world.psm_a.pk}
    assert _ids(selectors.pendamping_list_visible_to(personas.operator)) == everyone
    assert _ids(selectors.pendamping_list_visible_to(personas.pimpinan)) == everyone
    assert _ids(selectors.pendamping_list_visible_to(personas.tksk)) == {
        world.tksk_a.pk,
        world.psm_a.pk,
    }
    assert _ids(selectors.pendamping_list_visible_to(personas.psm)) == {world.psm_a.pk}
    assert _ids(selectors.pendamping_list_visible_to(personas.pengurus)) == set()
    assert _ids(selectors.pendamping_list_visible_to(personas.operator_lain)) == set()


@pytest.mark.django_db
def test_visit_scope_and_pengurus_sees_only_visits_to_their_wksbm(personas, world):
    from wahana.wksbm.tests.factories import make_wksbm

    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)
    at_wksbm = make_kunjungan(
        user=personas.psm, pendamping=world.psm_a, kode_wilayah=DESA_A, wksbm=wksbm
    )
    assert _ids(selectors.kunjungan_list_visible_to(personas.tksk)) == {
        world.kunjungan_a.pk,
        at_wksbm.pk,
    }
    assert _ids(selectors.kunjungan_list_visible_to(personas.tksk_lain)) == {world.kunjungan_b.pk}
    assert _ids(selectors.kunjungan_list_visible_to(personas.pengurus)) == {at_wksbm.pk}
    assert _ids(selectors.kunjungan_list_visible_to(personas.outsider)) == set()


@pytest.mark.django_db
def test_report_scope_psm_sees_only_own(personas, world):
    own = services.laporan_create(
        acting_user=personas.psm, pendamping=world.psm_a, bulan=world.laporan_a.bulan
    )
    other_psm = make_pendamping(
        user=personas.operator, kode_wilayah=DESA_A, jenis=Pendamping.Jenis.PSM, nama="Lain"
    )
    services.laporan_create(
        acting_user=personas.operator, pendamping=other_psm, bulan=world.laporan_a.bulan
    )
    assert _ids(selectors.laporan_list_visible_to(personas.psm)) == {own.pk}
    assert len(selectors.laporan_list_visible_to(personas.tksk)) == 3
    assert _ids(selectors.laporan_list_visible_to(personas.tksk_lain)) == {world.laporan_b.pk}
    assert _ids(selectors.laporan_list_visible_to(personas.pengurus)) == set()


@pytest.mark.django_db
def test_programme_visible_where_it_reaches_and_accompaniment(personas, world):
    assert _ids(selectors.program_list_visible_to(personas.tksk)) == {world.program.pk}
    assert _ids(selectors.program_list_visible_to(personas.operator_lain)) == set()
    rows = {
        r.wilayah_id: r for r in selectors.program_desa_list_for(personas.operator, world.program)
    }
    # Desa A: PSM assigned and a visit for the programme recorded. Desa B: no such visit.
    assert selectors.program_desa_didampingi(rows[DESA_A])
    assert not selectors.program_desa_didampingi(rows[DESA_B])
    # The TKSK of Kurun sees only the programme's villages in Kurun.
    assert [
        r.wilayah_id for r in selectors.program_desa_list_for(personas.tksk, world.program)
    ] == [DESA_A]


@pytest.mark.django_db
def test_coverage(personas, world):
    data = selectors.cakupan_for(personas.operator)
    kecamatan = set(data.kecamatan_tanpa_tksk.values_list("kode", flat=True))
    assert KECAMATAN_A not in kecamatan and KECAMATAN_B not in kecamatan
    assert len(kecamatan) == 10  # 12 kecamatan in Gunung Mas, 2 with a TKSK
    desa = set(data.desa_tanpa_psm.values_list("kode", flat=True))
    assert DESA_A not in desa and DESA_A2 in desa and len(desa) == 126
    assert list(data.masa_berakhir) == []

    # A term ending in 30 days is flagged; one ending in 90 days is not.
    today = timezone.localdate()
    soon = make_pendamping(
        user=personas.operator,
        kode_wilayah=DESA_A2,
        jenis=Pendamping.Jenis.PSM,
        masa_selesai=today + datetime.timedelta(days=30),
    )
    make_pendamping(
        user=personas.operator,
        kode_wilayah=DESA_A2,
        jenis=Pendamping.Jenis.PSM,
        masa_selesai=today + datetime.timedelta(days=90),
    )
    services.penugasan_psm_add(acting_user=personas.operator, pendamping=soon, kode_wilayah=DESA_A2)
    data = selectors.cakupan_for(personas.operator)
    assert list(data.masa_berakhir) == [soon]
    assert not data.desa_tanpa_psm.filter(kode=DESA_A2).exists()

    # Ending the assignment uncovers the desa again; the TKSK sees only Kurun.
    services.penugasan_psm_end(acting_user=personas.operator, penugasan=soon.penugasan_set.get())
    tksk_view = selectors.cakupan_for(personas.tksk)
    assert list(tksk_view.kecamatan_tanpa_tksk) == []
    assert DESA_A2 in set(tksk_view.desa_tanpa_psm.values_list("kode", flat=True))
    assert all(
        k.startswith(KECAMATAN_A + ".")
        for k in tksk_view.desa_tanpa_psm.values_list("kode", flat=True)
    )


@pytest.mark.django_db
def test_recap_lists_who_reported(personas, world):
    services.laporan_submit(acting_user=personas.tksk, laporan=world.laporan_a, ringkasan="A")
    rows = {
        r.pendamping.pk: r
        for r in selectors.laporan_rekap(personas.operator, bulan=world.laporan_a.bulan)
    }
    assert set(rows) == {world.tksk_a.pk, world.tksk_b.pk, world.psm_a.pk}
    assert rows[world.tksk_a.pk].status == "diajukan"
    assert rows[world.tksk_b.pk].status == "draft"
    assert rows[world.psm_a.pk].laporan is None
    assert [
        r.pendamping for r in selectors.laporan_rekap(personas.psm, bulan=world.laporan_a.bulan)
    ] == [world.psm_a]
