import io

import pytest

from wahana.akun import demo as akun_demo
from wahana.pendamping import demo
from wahana.pendamping.models import Kunjungan, LaporanBulanan, Pendamping, PenugasanPsm
from wahana.pendamping.selectors import cakupan_for


@pytest.mark.django_db
def test_demo_tells_the_story_and_is_idempotent(personas):
    akun_demo.load(stdout=io.StringIO())
    out = io.StringIO()
    demo.load(stdout=out)
    tksk = Pendamping.objects.filter(jenis="tksk", wilayah__kode__startswith="62.10.")
    assert tksk.count() == 12 and tksk.filter(aktif=True).count() == 11
    desa_with_psm = PenugasanPsm.objects.values("wilayah_id").distinct().count()
    assert 75 <= desa_with_psm <= 105  # about two thirds of 127
    assert Pendamping.objects.get(akun__username="tksk.kurun").wilayah_id == "62.10.02"
    assert Pendamping.objects.get(akun__username="tksk.sepang").wilayah_id == "62.10.01"
    assert Pendamping.objects.get(akun__username="psm.tanjungriu").wilayah_id == "62.10.02.2003"
    statuses = set(LaporanBulanan.objects.values_list("status", flat=True))
    assert statuses == set(LaporanBulanan.Status.values)
    assert LaporanBulanan.objects.filter(versi=2, asal__status="disetujui").exists()
    assert Kunjungan.objects.filter(program__isnull=False).exists()
    coverage = cakupan_for(personas.operator)
    assert list(coverage.kecamatan_tanpa_tksk.values_list("kode", flat=True)) == ["62.10.08"]

    counts = (Pendamping.objects.count(), Kunjungan.objects.count(), LaporanBulanan.objects.count())
    demo.load(stdout=io.StringIO())
    assert counts == (
        Pendamping.objects.count(),
        Kunjungan.objects.count(),
        LaporanBulanan.objects.count(),
    )
