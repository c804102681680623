"""The map: boundaries from a small GeoJSON made here, matched by code property, the unmatched
reported, drawn as SVG on the dashboard (tile grid without boundaries)."""

import json

import pytest
from django.core.management import call_command

from wahana.conftest import KABUPATEN, KECAMATAN_A, KECAMATAN_B
from wahana.pantau import services
from wahana.pantau.bulan import bulan_ini
from wahana.pantau.models import BatasWilayah
from wahana.pantau.peta import normalize_kode
from wahana.pantau.tests.factories import make_wksbm

pytestmark = pytest.mark.django_db


def _square(x, y):
    return [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]]


def _geojson(tmp_path):
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kode": KECAMATAN_A, "nama": "Kurun"},
                "geometry": {"type": "Polygon", "coordinates": _square(113.8, -1.0)},
            },
            {
                "type": "Feature",
                "properties": {"KDEPUM": "621001", "nama": "Sepang"},
                "geometry": {"type": "MultiPolygon", "coordinates": [_square(113.6, -1.2)]},
            },
            {
                "type": "Feature",
                "properties": {"nama": "Tanpa kode"},
                "geometry": {"type": "Polygon", "coordinates": _square(113.0, -1.0)},
            },
            {
                "type": "Feature",
                "properties": {"code": "99.98"},
                "geometry": {"type": "Polygon", "coordinates": _square(113.0, -1.0)},
            },
        ],
    }
    path = tmp_path / "gunung-mas.geojson"
    path.write_text(json.dumps(data))
    return path


def test_normalize_kode():
    assert normalize_kode("62.10.02") == "62.10.02"
    assert normalize_kode("6210022003") == "62.10.02.2003"
    assert normalize_kode(6210) == "62.10"
    assert normalize_kode("Kurun") is None


def test_geojson_command_matches_codes_and_reports_the_rest(tmp_path, capsys, personas):
    call_command("pantau", "geojson", str(_geojson(tmp_path)))
    out = capsys.readouterr().out
    assert "2 batas wilayah dimuat" in out
    assert "2 fitur tidak cocok" in out and "Tanpa kode" in out and "99.98" in out
    assert set(BatasWilayah.objects.values_list("wilayah_id", flat=True)) == {
        KECAMATAN_A,
        KECAMATAN_B,
    }


def test_dashboard_draws_the_map_or_a_tile_grid(
    client, personas, tmp_path, django_assert_max_num_queries
):
    make_wksbm(KECAMATAN_A + ".2003")
    services.indeks_refresh(bulan=bulan_ini())
    client.force_login(personas.pimpinan)
    html = client.get(f"/pantau/wilayah/{KABUPATEN}/").content.decode()
    assert 'class="peta-petak"' in html and '<svg class="peta"' not in html
    call_command("pantau", "geojson", str(_geojson(tmp_path)))
    with django_assert_max_num_queries(10):
        html = client.get(f"/pantau/wilayah/{KABUPATEN}/").content.decode()
    assert '<svg class="peta"' in html
    assert f'<a href="/pantau/wilayah/{KECAMATAN_A}/"><path class="indeks-belum"' in html
