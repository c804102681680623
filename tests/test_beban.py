"""The load generator of `make bench` (bench/beban.py) works: a few signed-in users with their
own sessions drive every action of the deadline-day mix against a live server without an
error, and what they recorded is in the database. (Speed is measured by bench/figures/beban.py,
never here.)"""

import pytest

from bench.beban import CAMPURAN, page, run_load
from wahana.conftest import DESA_A, PASSWORD, make_personas, reload_reference_data


@pytest.mark.django_db(transaction=True)
def test_load_generator_signs_users_in_and_drives_the_mix(live_server):
    from wahana.kegiatan.models import Kegiatan
    from wahana.ppks.models import Ppks
    from wahana.wksbm.tests.factories import make_wksbm

    reload_reference_data()  # a transactional test before this one emptied them
    personas = make_personas()
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)
    mix = (*CAMPURAN, ("GET /", 1, page("/")))

    summary = run_load(
        live_server.url, [(personas.psm.username, PASSWORD)], users=3, seconds=3, mix=mix
    ).summary()

    assert summary["errors"] == 0, summary["error_messages"]
    assert summary["requests"] > 0 and set(summary["endpoints"]) <= {label for label, *_ in mix}
    counted = {label: row["ok"] for label, row in summary["endpoints"].items()}
    # Every action counted is one record, and only those.
    assert Kegiatan.objects.filter(wksbm=wksbm).count() == counted.get("POST /api/v1/kegiatan", 0)
    assert Ppks.objects.filter(
        wilayah_id=DESA_A, nama__startswith="Beban Uji"
    ).count() == counted.get("POST /api/v1/ppks/", 0)
    for row in summary["endpoints"].values():
        assert row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
