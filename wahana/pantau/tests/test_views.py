"""Dashboards, score pages, revival plans and the API through HTTP: scope, drill-down links,
freshness, query budget, no personal data."""

import pytest

from wahana.conftest import DESA_A, DESA_B, KABUPATEN, KECAMATAN_A
from wahana.pantau import services
from wahana.pantau.bulan import bulan_ini
from wahana.pantau.models import LangkahRevitalisasi, RencanaRevitalisasi
from wahana.pantau.tests.factories import make_rapat, make_terbentuk, make_wksbm

pytestmark = pytest.mark.django_db


@pytest.fixture
def dunia(personas):
    a = make_terbentuk(make_wksbm(DESA_A, "WKSBM Tanjung Riu"))
    b = make_terbentuk(make_wksbm(DESA_B, "WKSBM Sepang Kota"))
    rapat = make_rapat(a, bulan_ini())
    services.indeks_refresh(bulan=bulan_ini())
    return {"a": a, "b": b, "rapat": rapat}


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("operator", f"/pantau/wilayah/{KABUPATEN}/"),
        ("pimpinan", "/pantau/"),
        ("tksk", f"/pantau/wilayah/{KECAMATAN_A}/"),
        ("provinsi", "/pantau/"),
        ("admin", "/pantau/"),
        ("pengurus", "/pantau/"),
    ],
)
def test_dashboards_answer_within_the_query_budget(
    client, personas, dunia, persona, url, django_assert_max_num_queries
):
    client.force_login(getattr(personas, persona))
    client.get(url)  # the first request may write the session
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert "diperbarui" in response.content.decode()


def test_kabupaten_dashboard_drills_down_to_the_wksbm(client, personas, dunia):
    client.force_login(personas.operator)
    html = client.get(f"/pantau/wilayah/{KABUPATEN}/").content.decode()
    assert f'href="/pantau/wilayah/{KECAMATAN_A}/"' in html
    assert "<svg" in html
    html = client.get(f"/pantau/wilayah/{KECAMATAN_A}/").content.decode()
    assert f'href="/pantau/wksbm/{dunia["a"].pk}/"' in html
    assert "WKSBM Sepang Kota" not in html
    html = client.get(f"/pantau/wksbm/{dunia['a'].pk}/").content.decode()
    assert 'id="skor">45<' in html
    assert (
        f'href="/wksbm/rapat/{dunia["rapat"].pk}/"' in html
    )  # the record behind the meeting points


def test_score_page_outside_scope_is_404(client, personas, dunia):
    client.force_login(personas.outsider)
    assert client.get(f"/pantau/wksbm/{dunia['a'].pk}/").status_code == 404
    assert client.get(f"/pantau/wilayah/{KECAMATAN_A}/").status_code == 404
    assert client.get(f"/pantau/wilayah/{KABUPATEN}/").status_code == 404
    assert client.get(f"/pantau/wksbm/{dunia['b'].pk}/").status_code == 200


def test_attention_list_names_dormant_wksbm_without_visits(client, personas, dunia):
    client.force_login(personas.operator)
    html = client.get(f"/pantau/wilayah/{KABUPATEN}/").content.decode()
    perhatian = html.split("Perlu perhatian")[1]
    assert "WKSBM Sepang Kota" in perhatian  # mati suri
    assert "tanpa pendampingan 3 bulan" in perhatian


def test_revival_plan_steps_and_progress(client, personas, dunia):
    client.force_login(personas.tksk)
    response = client.post(
        f"/pantau/wksbm/{dunia['a'].pk}/rencana/baru/", {"judul": "Hidupkan lagi", "tujuan": ""}
    )
    rencana = RencanaRevitalisasi.objects.get(judul="Hidupkan lagi")
    assert response["Location"] == f"/pantau/rencana/{rencana.pk}/"
    for uraian in ("Temui kepala desa", "Rapat pengurus"):
        client.post(
            f"/pantau/rencana/{rencana.pk}/",
            {"uraian": uraian, "penanggung_jawab": "TKSK", "batas_waktu": "2030-01-31"},
        )
    langkah = LangkahRevitalisasi.objects.filter(rencana=rencana).first()
    client.post(f"/pantau/rencana/{rencana.pk}/langkah/{langkah.pk}/")
    assert 'id="kemajuan">50%' in client.get(f"/pantau/rencana/{rencana.pk}/").content.decode()
    html = client.get(f"/pantau/wilayah/{KECAMATAN_A}/").content.decode()
    assert "Hidupkan lagi" in html
    client.force_login(personas.pimpinan)
    assert (
        client.post(f"/pantau/wksbm/{dunia['a'].pk}/rencana/baru/", {"judul": "x"}).status_code
        == 403
    )


def test_bell_counts_unread_notifications(client, personas, dunia):
    from wahana.pantau.models import Notifikasi

    Notifikasi.objects.create(
        penerima=personas.tksk, wilayah_id=DESA_A, jenis="turun", judul="Turun", kunci="k"
    )
    client.force_login(personas.tksk)
    assert '<span class="jumlah">1</span>' in client.get("/pantau/notifikasi/").content.decode()
    client.post("/pantau/notifikasi/")
    assert '<span class="jumlah">0</span>' in client.get("/pantau/notifikasi/").content.decode()


def test_api_is_aggregate_and_scoped(client, personas, dunia):
    client.force_login(personas.tksk)
    body = client.get(f"/api/v1/pantau/indeks?kode={KECAMATAN_A}").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["kode_wilayah"] == DESA_A
    assert {k["kunci"] for k in item["komponen"]} >= {"sk", "rapat", "laporan"}
    assert "pengurus_id" not in str(body)
    rekap = client.get(f"/api/v1/pantau/rekap?kode={KECAMATAN_A}").json()["items"][0]
    assert (rekap["kode_wilayah"], rekap["jumlah_wksbm"]) == (KECAMATAN_A, 1)
    assert client.get(f"/api/v1/pantau/rekap?kode={KABUPATEN}").status_code == 404
    assert client.get(f"/api/v1/pantau/wksbm/{dunia['b'].pk}/riwayat").status_code == 404


def test_bimtek_impact_links_a_sleeping_trained_desa_to_a_revival_plan(client, personas, dunia):
    client.force_login(personas.tksk)
    response = client.get(f"/pantau/desa/{DESA_A}/rencana/baru/")
    assert response["Location"] == f"/pantau/wksbm/{dunia['a'].pk}/rencana/baru/"
    assert client.get(f"/pantau/desa/{DESA_B}/rencana/baru/").status_code == 404


def _tabel(html: str, tabel_id: str) -> str:
    start = html.index(f'<table class="tabel" id="{tabel_id}">')
    return html[start : html.index("</table>", start)]


def test_sub_region_tables_link_each_region_and_dash_those_without_figures(client, personas, dunia):
    """The dashboard and the completeness page list the sub-regions alike: a header row, each
    region linked to the same page one level down, its figures, or one dash across the figure
    columns when nothing was computed there."""
    client.force_login(personas.operator)
    bulan = f"{bulan_ini():%Y-%m}"
    dasbor = _tabel(client.get(f"/pantau/wilayah/{KABUPATEN}/").content.decode(), "sub-wilayah")
    kelengkapan = _tabel(
        client.get(f"/pantau/kelengkapan/{KABUPATEN}/?bulan={bulan}").content.decode(),
        "kelengkapan-sub",
    )
    assert dasbor.count("<th>") == 8 and kelengkapan.count("<th>") == 5
    assert (
        f'<tr><td><a href="/pantau/wilayah/{KECAMATAN_A}/">Kurun</a></td><td>1</td><td>0</td>'
        "<td>1</td><td>0</td><td>0</td><td>45</td><td>100%</td></tr>"
    ) in dasbor
    assert (
        f'<tr><td><a href="/pantau/kelengkapan/{KECAMATAN_A}/?bulan={bulan}">Kurun</a></td>'
        "<td>1 / 1</td><td>0 / 0</td><td>0 / 0</td><td>1</td></tr>"
    ) in kelengkapan
    tewah = "62.10.03"  # no WKSBM and no worker: no figures
    assert f'<a href="/pantau/wilayah/{tewah}/">Tewah</a></td><td colspan="7">–</td>' in dasbor
    assert (
        f'<a href="/pantau/kelengkapan/{tewah}/?bulan={bulan}">Tewah</a></td><td colspan="4">–</td>'
    ) in kelengkapan
