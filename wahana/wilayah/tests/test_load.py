"""`wahana wilayah load`: the official CSV files in, the region table brought in line with them.

Most cases use a fictional province 99 in a temporary folder, so they neither depend on nor
disturb the regions of province 62 that the test session loads."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wahana.akun.models import Peran
from wahana.conftest import make_user
from wahana.wilayah.models import Wilayah
from wahana.wilayah.services import wilayah_load

PROVINCES = [("99", "Provinsi Uji")]
REGENCIES = [("99.01", "99", "Kabupaten Uji"), ("99.71", "99", "Kota Uji")]
DISTRICTS = [("99.01.01", "99.01", "Sungai Satu"), ("99.71.01", "99.71", "Pusat Kota")]
VILLAGES = [
    ("99.01.01.2001", "99.01.01", "Tumbang Uji"),
    ("99.01.01.2002", "99.01.01", "Tanjung Uji"),
    ("99.71.01.1001", "99.71.01", "Kelurahan Pusat"),
]


def write_files(
    directory, *, provinces=PROVINCES, regencies=REGENCIES, districts=DISTRICTS, villages=VILLAGES
):
    files = {
        "provinces.csv": (("code", "name"), provinces),
        "regencies.csv": (("code", "province_code", "name"), regencies),
        "districts.csv": (("code", "regency_code", "name"), districts),
        "villages.csv": (("code", "district_code", "name"), villages),
    }
    for name, (header, rows) in files.items():
        with (directory / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    return directory


def load(directory, *args) -> str:
    out = StringIO()
    call_command("wilayah", "load", "--dir", str(directory), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def files(tmp_path):
    return write_files(tmp_path)


@pytest.mark.django_db
def test_first_load_creates_every_level_with_kind_and_parent(files):
    output = load(files, "--prefix", "99")

    assert "Wilayah 99: 8 ditambah, 0 berganti nama, 0 dinonaktifkan" in output
    areas = {w.kode: w for w in Wilayah.objects.filter(kode__startswith="99")}
    assert set(areas) == {"99", "99.01", "99.71", "99.01.01", "99.71.01"} | {v[0] for v in VILLAGES}
    assert (areas["99"].tingkat, areas["99"].jenis, areas["99"].induk_id) == (1, "provinsi", None)
    assert (areas["99.01"].jenis, areas["99.71"].jenis) == ("kabupaten", "kota")
    assert areas["99.01.01"].jenis == "kecamatan"
    assert areas["99.01.01.2001"].jenis == "desa"
    assert areas["99.71.01.1001"].jenis == "kelurahan"
    assert areas["99.01.01.2002"].induk_id == "99.01.01"
    assert areas["99.01.01.2002"].nama_cari == "tanjung uji"
    assert all(w.aktif for w in areas.values())


@pytest.mark.django_db
def test_rerun_with_the_same_files_changes_nothing_and_says_so(files):
    load(files, "--prefix", "99")
    before = {w.kode: w.diubah for w in Wilayah.objects.filter(kode__startswith="99")}

    output = load(files, "--prefix", "99")
    report = wilayah_load(directory=files, prefix="99")

    assert "Wilayah 99: tidak ada perubahan (8 wilayah" in output
    assert report.changed is False
    assert report.unchanged == 8
    after = {w.kode: w.diubah for w in Wilayah.objects.filter(kode__startswith="99")}
    assert after == before, "an unchanged area must not be written again"


@pytest.mark.django_db
def test_changed_files_report_added_renamed_and_retired_areas(files):
    load(files, "--prefix", "99")
    villages = [
        ("99.01.01.2001", "99.01.01", "Tumbang Uji Baru"),  # renamed
        # 99.01.01.2002 Tanjung Uji left the official list
        ("99.71.01.1001", "99.71.01", "Kelurahan Pusat"),
        ("99.01.01.2003", "99.01.01", "Desa Pemekaran"),  # added
    ]
    write_files(files, villages=villages)

    output = load(files, "--prefix", "99")

    assert "Wilayah 99: 1 ditambah, 1 berganti nama, 1 dinonaktifkan" in output
    assert "berganti nama 99.01.01.2001: Tumbang Uji -> Tumbang Uji Baru" in output
    assert "dinonaktifkan 99.01.01.2002" in output
    renamed = Wilayah.objects.get(kode="99.01.01.2001")
    assert (renamed.nama, renamed.nama_cari) == ("Tumbang Uji Baru", "tumbang uji baru")
    assert Wilayah.objects.get(kode="99.01.01.2003").aktif
    retired = Wilayah.objects.get(kode="99.01.01.2002")  # retired, never deleted
    assert retired.aktif is False
    assert retired.nama == "Tanjung Uji"

    # The area comes back in a later file: it is active again, not duplicated.
    write_files(files)
    report = wilayah_load(directory=files, prefix="99")
    assert report.reactivated == ["99.01.01.2002"]
    assert report.renamed == [("99.01.01.2001", "Tumbang Uji Baru", "Tumbang Uji")]
    assert report.retired == ["99.01.01.2003"]
    assert Wilayah.objects.get(kode="99.01.01.2002").aktif


@pytest.mark.django_db
def test_an_area_a_record_points_to_survives_its_removal(files):
    load(files, "--prefix", "99")
    user = make_user("pengurus.tanjunguji", Peran.PENGURUS_WKSBM, "99.01.01.2002")
    write_files(files, villages=[v for v in VILLAGES if v[0] != "99.01.01.2002"])

    output = load(files, "--prefix", "99")

    assert "dinonaktifkan 99.01.01.2002" in output
    user.refresh_from_db()
    assert user.wilayah_id == "99.01.01.2002"
    assert user.wilayah.aktif is False


@pytest.mark.django_db
def test_prefix_loads_the_area_and_the_areas_above_it_only(files):
    output = load(files, "--prefix", "99.01")

    assert "Wilayah 99.01: 5 ditambah" in output
    loaded = set(Wilayah.objects.filter(kode__startswith="99").values_list("kode", flat=True))
    assert loaded == {"99", "99.01", "99.01.01", "99.01.01.2001", "99.01.01.2002"}
    # Loading a sibling later does not retire the first one.
    load(files, "--prefix", "99.71")
    assert Wilayah.objects.filter(kode__startswith="99", aktif=True).count() == 8


@pytest.mark.django_db
def test_prefix_62_10_of_the_shipped_files_loads_gunung_mas_with_62_above_it():
    # Start from an empty province 62 (the session loaded it): children before parents.
    for level in (4, 3, 2, 1):
        Wilayah.objects.filter(kode__startswith="62", tingkat=level).delete()

    output = load(_shipped_dir(), "--prefix", "62.10")

    assert "Wilayah 62.10: 141 ditambah" in output
    assert Wilayah.objects.get(kode="62").nama == "Kalimantan Tengah"
    assert Wilayah.objects.get(kode="62.10").nama == "Kabupaten Gunung Mas"
    assert Wilayah.objects.filter(induk_id="62.10").count() == 12
    assert Wilayah.objects.filter(kode__startswith="62.10.", tingkat=4).count() == 127
    assert not Wilayah.objects.filter(kode="62.01").exists()
    assert "tidak ada perubahan" in load(_shipped_dir(), "--prefix", "62.10")


def _shipped_dir():
    from wahana.wilayah.services import DATA_DIR

    return DATA_DIR


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["62.1", "6", "62.10.", "abc", "62.10.02.20"])
def test_an_invalid_prefix_is_refused(files, prefix):
    with pytest.raises(CommandError, match="Kode wilayah tidak sah"):
        load(files, "--prefix", prefix)


@pytest.mark.django_db
def test_a_prefix_missing_from_the_files_is_refused(files):
    with pytest.raises(CommandError, match="99.02 tidak ada di berkas resmi"):
        load(files, "--prefix", "99.02")
    assert not Wilayah.objects.filter(kode__startswith="99").exists()


@pytest.mark.django_db
def test_a_malformed_file_is_refused_and_nothing_is_loaded(files):
    write_files(files, villages=[*VILLAGES, ("99.01.01.20", "99.01.01", "Kode Pendek")])
    with pytest.raises(CommandError, match="villages.csv:5"):
        load(files, "--prefix", "99")
    assert not Wilayah.objects.filter(kode__startswith="99").exists()


@pytest.mark.django_db
def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(CommandError):
        load(tmp_path / "tidak-ada", "--prefix", "99")
