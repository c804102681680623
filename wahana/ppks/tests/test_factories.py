import pytest

from wahana.lib.nik import nik_check

from ..models import Ppks
from .factories import layanan_make, make_nik, make_no_kk, ppks_make, rujukan_make


@pytest.mark.django_db
def test_every_factory_builds(personas):
    ppks = ppks_make(no_kk=make_no_kk())
    assert nik_check(make_nik()).ok
    assert ppks.nik_indeks and ppks.no_kk_indeks and ppks.nik_samaran.startswith("6210")
    assert layanan_make(ppks).kode_wilayah == ppks.kode_wilayah
    assert rujukan_make(ppks, personas.psm).riwayat.count() == 1
    assert list(Ppks.objects.filter(pk=ppks.pk).values_list("jenis__kode", flat=True)) == ["24"]
