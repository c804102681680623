"""The read replica router (wahana/config/routers.py), on the real databases.

In a test run the alias `replica` is a mirror of the test database (wahana/conftest.py): a
second connection to the same database, so it sees only what the primary has committed. These
tests are transactional for that reason, and install the router as DATABASE_REPLICA_URL does.
"""

import pytest
from django.conf import settings as django_settings
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from wahana.audit.models import AuditLog
from wahana.config.routers import REPLIKA, dari_replika
from wahana.conftest import DESA_A, DESA_B, KECAMATAN_A
from wahana.pantau import services as pantau_services
from wahana.pantau.bulan import bulan_ini
from wahana.pantau.models import RekapWilayah
from wahana.pantau.tests.factories import make_rapat, make_terbentuk, make_wksbm
from wahana.ppks.tests.factories import ppks_make
from wahana.tugas.models import Tugas
from wahana.tugas.services import tugas_claim, tugas_run

# Every app but the regions, which the session loaded once and the transactional tests after
# these on the same worker need (Django empties the tables of `available_apps` afterwards).
AVAILABLE_APPS = [app for app in django_settings.INSTALLED_APPS if app != "wahana.wilayah"]
pytestmark = pytest.mark.django_db(
    transaction=True, databases=["default", "replica"], available_apps=AVAILABLE_APPS
)

TULIS = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def replika(settings):
    settings.DATABASE_ROUTERS = ["wahana.config.routers.ReplikaRouter"]
    return connections[REPLIKA]


def _sql(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries]


def _tulis(statements) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(TULIS)]


def test_dashboard_reads_the_replica_and_writes_nothing_there(client, personas, replika):
    a = make_terbentuk(make_wksbm(DESA_A, "WKSBM Tanjung Riu"))
    make_rapat(a, bulan_ini())
    pantau_services.indeks_refresh(bulan=bulan_ini())
    client.force_login(personas.tksk)
    with (
        CaptureQueriesContext(replika) as dibaca,
        CaptureQueriesContext(connections["default"]) as utama,
    ):
        response = client.get(f"/pantau/wilayah/{KECAMATAN_A}/")
    assert response.status_code == 200
    # The WKSBM's index row, committed on the primary, is shown from the replica.
    assert "WKSBM Tanjung Riu" in response.content.decode()
    assert any("pantau_indeksbulanan" in s for s in _sql(dibaca))
    assert any("pantau_rekapwilayah" in s for s in _sql(dibaca))
    assert not any("pantau_" in s for s in _sql(utama))
    assert _tulis(_sql(dibaca)) == []


def test_streamed_export_reads_the_replica_and_audits_on_the_primary(client, personas, replika):
    ppks_make(nama="Sinta Rahayu", kode=DESA_A)
    ppks_make(nama="Orang Luar", kode=DESA_B)
    client.force_login(personas.tksk)
    with (
        CaptureQueriesContext(replika) as dibaca,
        CaptureQueriesContext(connections["default"]) as utama,
    ):
        response = client.get("/ppks/ekspor/?format=csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Sinta Rahayu" in text and "Orang Luar" not in text
    assert any('FROM "ppks_ppks"' in s for s in _sql(dibaca))
    assert not any('FROM "ppks_ppks"' in s for s in _sql(utama))
    assert _tulis(_sql(dibaca)) == []
    assert any("audit_auditlog" in s for s in _tulis(_sql(utama)))
    assert AuditLog.objects.filter(aksi__startswith="ppks_diekspor").count() == 1


def test_report_job_reads_the_replica_and_stores_its_file_on_the_primary(client, personas, replika):
    ppks_make(nama="Sinta Rahayu", kode=DESA_A)
    client.force_login(personas.operator)
    response = client.post(
        "/laporan/",
        {"jenis": "rekap_ppks", "format": "xlsx", "wilayah": personas.operator.kode_wilayah},
    )
    assert response.status_code == 302
    job = tugas_claim(pekerja="uji")
    with (
        CaptureQueriesContext(replika) as dibaca,
        CaptureQueriesContext(connections["default"]) as utama,
    ):
        job = tugas_run(job)
    assert job.status == Tugas.Status.SELESAI, job.galat
    assert job.berkas_id is not None
    # The counts per kind and desa (ppks_ppks_jenis joined to ppks_ppks).
    assert any('FROM "ppks_ppks_jenis"' in s for s in _sql(dibaca))
    assert not any('"ppks_ppks' in s for s in _sql(utama))
    assert _tulis(_sql(dibaca)) == []
    assert any("berkas_berkas" in s for s in _tulis(_sql(utama)))


def test_reads_inside_a_transaction_and_every_write_stay_on_the_primary(personas, replika):
    with CaptureQueriesContext(replika) as dibaca, dari_replika():
        with transaction.atomic():
            list(RekapWilayah.objects.all())
        AuditLog.objects.create(aksi="uji_replika", pelaku=personas.admin)
        assert list(RekapWilayah.objects.all()) == []
    assert len(dibaca) == 1 and "pantau_rekapwilayah" in dibaca[0]["sql"]
    assert AuditLog.objects.filter(aksi="uji_replika").exists()


def test_migrations_run_on_the_primary_only(replika):
    assert router.allow_migrate("default", "ppks")
    assert not router.allow_migrate(REPLIKA, "ppks")


def test_without_the_router_nothing_reads_the_replica(client, personas):
    # No DATABASE_REPLICA_URL: the router is not installed and the replica alias stays unused.
    client.force_login(personas.tksk)
    with CaptureQueriesContext(connections[REPLIKA]) as dibaca:
        assert client.get(f"/pantau/wilayah/{KECAMATAN_A}/").status_code == 200
    assert len(dibaca) == 0
