"""The load generator of `make bench` (bench/beban.py) works: a few signed-in users with their
own sessions drive every action of the deadline-day mix against a live server without an
error, and what they recorded is in the database. (Speed is measured by bench/figures/beban.py,
never here.)"""

import os
import subprocess
import sys
import time

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

    readings = []

    def meter():
        readings.append(len(readings) + 1.0)  # 1 CPU second "used" between the two reads
        return {"server": readings[-1]}

    summary = run_load(
        live_server.url,
        [(personas.psm.username, PASSWORD)],
        users=3,
        seconds=3,
        mix=mix,
        meter=meter,
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
    # The meter is read when the window opens and when it closes, and the load generator's
    # own CPU (the threads of this process) is reported beside it, per request.
    assert len(readings) == 2
    cpu = summary["cpu_ms_per_request"]
    assert cpu["server"] == pytest.approx(1000 / summary["requests"])
    assert cpu["generator"] > 0


def test_cpu_meter_reads_processes_from_proc():
    """The server's CPU is read from /proc: a process that works shows seconds, its children
    are found by their parent, a process that has gone counts 0."""
    from bench.figures.beban import _children, _cpu_seconds

    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; t = time.process_time()\n"
            "while time.process_time() - t < 0.3: pass\ntime.sleep(30)",
        ]
    )
    try:
        for _ in range(100):
            if _cpu_seconds(child.pid) >= 0.2:
                break
            time.sleep(0.1)
        assert _cpu_seconds(child.pid) >= 0.2
        assert child.pid in _children(os.getpid())
    finally:
        child.kill()
        child.wait()
    assert _cpu_seconds(child.pid) == 0.0
