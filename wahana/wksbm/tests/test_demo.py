import datetime
import io

import pytest

from wahana.akun import demo as akun_demo
from wahana.wksbm import demo, selectors
from wahana.wksbm.models import RapatWksbm, TahapWksbm, Wksbm

pytestmark = pytest.mark.django_db


def test_demo_tells_the_story_and_is_idempotent(personas):
    akun_demo.load(stdout=io.StringIO())
    out = io.StringIO()
    demo.load(stdout=out)
    assert "127 dibuat" in out.getvalue()
    qs = selectors.wksbm_list_visible_to(personas.operator)
    counts = selectors.wksbm_stage_counts(qs)
    assert sum(counts.values()) == 127
    assert selectors.desa_tanpa_wksbm(personas.operator).count() == 0
    # Most legalised in 2014; some never got their SK.
    assert counts[TahapWksbm.Tahap.PENGESAHAN] > 100
    assert counts.get(TahapWksbm.Tahap.SOSIALISASI, 0) + counts.get("pembentukan", 0) >= 10
    assert TahapWksbm.objects.filter(siklus=1, tahap="pengesahan", tanggal__year=2014).count() > 100

    riu = qs.get(wilayah_id="62.10.02.2003")
    assert (riu.tahap_terkini, riu.siklus_terkini, riu.ketua_nama) == (
        "pengesahan",
        2,
        "Agustinus Nyahu",
    )
    revival = riu.tahap_set.filter(siklus=2).order_by("urutan")
    assert [t.tanggal.year for t in revival] in ([2018, 2018, 2018, 2018], [2018, 2018, 2018, 2019])
    assert riu.rapat_terakhir >= datetime.date.today() - datetime.timedelta(days=62)
    assert riu.lembaga_set.filter(tanggal_keluar__isnull=True).count() >= 3
    active = set(riu.pengurus_set.filter(aktif=True).values_list("jabatan", flat=True))
    assert {"ketua", "sekretaris", "bendahara", "pelindung"} <= active
    assert riu.pengurus_set.filter(aktif=False).exists()  # the 2014 pengurus, kept as history
    # Mati suri: only WKSBM revived after the 2018 bimtek met after 2015.
    revived = set(TahapWksbm.objects.filter(siklus=2).values_list("wksbm_id", flat=True))
    late = set(RapatWksbm.objects.filter(tanggal__year__gt=2015).values_list("wksbm_id", flat=True))
    assert late and late <= revived

    again = io.StringIO()
    demo.load(stdout=again)
    assert "0 dibuat, 127 sudah ada" in again.getvalue()
    assert Wksbm.objects.count() == 127
