"""The loader writes new areas without the ORM (COPY on PostgreSQL, executemany on SQLite): the
rows must come out exactly as the ORM would have written them, and bad files are still refused
with the file and line to fix."""

import datetime

import pytest
from django.core.management import CommandError
from django.utils import timezone

from wahana.wilayah.models import Wilayah
from wahana.wilayah.services import wilayah_load
from wahana.wilayah.tests.test_load import load, write_files


@pytest.mark.django_db
def test_new_areas_are_written_as_the_orm_would(tmp_path):
    before = timezone.now()
    report = wilayah_load(directory=write_files(tmp_path), prefix="99")
    after = timezone.now()

    assert len(report.added) == 8  # 1 provinsi, 2 kabupaten/kota, 2 kecamatan, 3 desa/kelurahan
    desa = Wilayah.objects.get(kode="99.01.01.2002")
    assert (desa.nama, desa.nama_cari, desa.tingkat, desa.jenis, desa.induk_id, desa.aktif) == (
        "Tanjung Uji",
        "tanjung uji",
        Wilayah.Tingkat.DESA,
        Wilayah.Jenis.DESA,
        "99.01.01",
        True,
    )
    assert Wilayah.objects.get(kode="99.71").jenis == Wilayah.Jenis.KOTA
    assert Wilayah.objects.get(kode="99.71.01.1001").jenis == Wilayah.Jenis.KELURAHAN
    # auto_now is not applied to raw rows: the loader stamps them itself, as an aware time.
    stamps = set(Wilayah.objects.filter(kode__startswith="99").values_list("diubah", flat=True))
    assert len(stamps) == 1
    (stamp,) = stamps
    assert stamp.tzinfo is not None
    assert before - datetime.timedelta(seconds=1) <= stamp <= after
    # The rows are found by the search column and by the parent index like ORM-made ones.
    found = Wilayah.objects.filter(kode__startswith="99.", nama_cari__startswith="tanjung u")
    assert list(found) == [desa]
    assert list(Wilayah.objects.get(kode="99.01.01").anak.values_list("kode", flat=True)) == [
        "99.01.01.2001",
        "99.01.01.2002",
    ]


@pytest.mark.django_db
def test_a_file_without_a_column_is_refused(tmp_path):
    write_files(tmp_path)
    (tmp_path / "districts.csv").write_text("code,name\n99.01.01,Sungai Satu\n", encoding="utf-8")
    with pytest.raises(CommandError, match="districts.csv: kolom regency_code tidak ada"):
        load(tmp_path, "--prefix", "99")
    assert not Wilayah.objects.filter(kode__startswith="99").exists()


@pytest.mark.django_db
def test_a_short_row_is_refused_with_its_line(tmp_path):
    write_files(tmp_path)
    with (tmp_path / "villages.csv").open("a", encoding="utf-8") as handle:
        handle.write("99.01.01.2003,99.01.01\n")
    with pytest.raises(CommandError, match="villages.csv:5: kolom kurang"):
        load(tmp_path, "--prefix", "99")
    assert not Wilayah.objects.filter(kode__startswith="99").exists()
