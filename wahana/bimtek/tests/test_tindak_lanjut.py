"""Follow-up tasks for the TKSK of trained desa that did not wake up (issue 7, impact).

Kurun: Tanjung Riu and Tampang Tumbang Anjir both trained on 10 July 2018; Tanjung Riu holds
meetings after it (woke up), Tampang Tumbang Anjir does nothing (needs a follow-up)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wahana.audit.models import AuditLog
from wahana.bimtek import services
from wahana.bimtek.models import TindakLanjutBimtek
from wahana.bimtek.selectors import add_months, dampak_for
from wahana.conftest import DESA_A, KECAMATAN_A
from wahana.pendamping import services as pendamping_services
from wahana.pendamping.models import TindakLanjut
from wahana.pendamping.tests.factories import make_pendamping
from wahana.tugas.models import Tugas
from wahana.tugas.registry import PERIODIC
from wahana.tugas.services import tugas_enqueue
from wahana.tugas.worker import Worker

from .factories import DESA_A2, make_trained_event

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def tksk(personas):
    return make_pendamping(
        user=personas.operator, kode_wilayah=KECAMATAN_A, nama="Debi Handrianto", akun=personas.tksk
    )


@pytest.fixture
def bimtek(personas):
    return make_trained_event(personas, D(2018, 7, 10))


def test_only_the_trained_desa_that_did_not_wake_up_gets_a_task_once(personas, tksk, bimtek):
    hasil = services.tindak_lanjut_bimtek_create(acting_user=personas.operator, bimtek=bimtek)
    assert (hasil["dibuat"], hasil["sudah_ada"], hasil["tanpa_tksk"]) == (1, 0, 0)
    [tugas] = TindakLanjut.objects.all()
    assert tugas.wilayah_id == DESA_A2 and tugas.pemilik_pendamping == tksk
    assert tugas.sumber == TindakLanjut.Sumber.BIMTEK and tugas.kunjungan is None
    assert tugas.batas_waktu == timezone.localdate() + datetime.timedelta(days=30)
    assert "Tampang Tumbang Anjir" in tugas.uraian and bimtek.judul in tugas.uraian
    assert tugas.bimtek_asal.bimtek == bimtek
    # Again (the button pressed twice, the job after the operator): nothing new.
    hasil = services.tindak_lanjut_bimtek_create(acting_user=personas.operator, bimtek=bimtek)
    assert (hasil["dibuat"], hasil["sudah_ada"]) == (0, 1)
    assert TindakLanjut.objects.count() == 1 == TindakLanjutBimtek.objects.count()
    assert AuditLog.objects.filter(aksi="tindak_lanjut_dibuat", objek_id=str(tugas.pk)).exists()
    assert AuditLog.objects.filter(aksi="bimtek_tindak_lanjut_dibuat").count() == 2
    # The database refuses a second link for the same event and desa.
    with pytest.raises(IntegrityError), transaction.atomic():
        TindakLanjutBimtek.objects.create(bimtek=bimtek, wilayah_id=DESA_A2, tindak_lanjut=tugas)
    # The impact view shows the task beside the desa.
    rows = {
        row["desa"].kode: row
        for group in dampak_for(personas.operator, bimtek)["kecamatan"]
        for row in group["dilatih"]
    }
    assert rows[DESA_A]["naik"] and not rows[DESA_A]["perlu_tindak_lanjut"]
    assert rows[DESA_A2]["perlu_tindak_lanjut"] and rows[DESA_A2]["tindak_lanjut"] == tugas


def test_not_before_six_months_and_not_without_a_tksk(personas, bimtek):
    recent = make_trained_event(personas, timezone.localdate() - datetime.timedelta(days=60))
    with pytest.raises(ValidationError) as error:
        services.tindak_lanjut_bimtek_create(acting_user=personas.operator, bimtek=recent)
    assert "enam bulan" in error.value.messages[0]
    # No active TKSK in Kurun: nobody to give the task to, and nothing made.
    hasil = services.tindak_lanjut_bimtek_create(acting_user=personas.operator, bimtek=bimtek)
    assert (hasil["dibuat"], hasil["tanpa_tksk"]) == (0, 1)
    assert hasil["desa_tanpa_tksk"] == ["Tampang Tumbang Anjir"]
    assert not TindakLanjut.objects.exists() and not TindakLanjutBimtek.objects.exists()


def test_only_managers_and_only_inside_their_scope(personas, tksk, bimtek):
    for user in (personas.tksk, personas.pimpinan, personas.psm):
        with pytest.raises(PermissionDenied):
            services.tindak_lanjut_bimtek_create(acting_user=user, bimtek=bimtek)
    # The operator of another kabupaten sees none of these desa: nothing to make.
    hasil = services.tindak_lanjut_bimtek_create(acting_user=personas.operator_lain, bimtek=bimtek)
    assert hasil["dibuat"] == 0 and not TindakLanjut.objects.exists()


def test_task_shows_on_the_tksk_list_overdue_and_the_tksk_closes_it(client, personas, tksk, bimtek):
    # Made back when the job first looked (early 2019): long past its due date now.
    services.tindak_lanjut_bimtek_create(
        acting_user=personas.operator, bimtek=bimtek, hari_ini=D(2019, 1, 15)
    )
    [tugas] = TindakLanjut.objects.all()
    assert tugas.batas_waktu == D(2019, 2, 14) and tugas.terlambat
    client.force_login(personas.tksk)
    page = client.get("/pendamping/tindak-lanjut/").content.decode()
    assert 'class="terlambat"' in page and "lewat batas" in page
    assert "Tampang Tumbang Anjir belum bergerak" in page
    assert f"/bimtek/{bimtek.pk}/dampak/" in page  # the source, instead of a visit
    overdue = client.get("/api/v1/pendamping/tindak-lanjut?terlambat=true").json()["items"]
    assert [(t["id"], t["sumber"], t["kunjungan_id"]) for t in overdue] == [
        (tugas.pk, "bimtek", None)
    ]
    assert client.get(f"/pendamping/tindak-lanjut/{tugas.pk}/").status_code == 200
    response = client.post(
        f"/pendamping/tindak-lanjut/{tugas.pk}/", {"status": "selesai", "catatan": "Sudah rapat"}
    )
    assert response.status_code == 302
    tugas.refresh_from_db()
    assert tugas.status == TindakLanjut.Status.SELESAI
    # The other kecamatan's TKSK does not see it.
    client.force_login(personas.tksk_lain)
    assert client.get(f"/pendamping/tindak-lanjut/{tugas.pk}/").status_code == 404


def test_button_on_the_impact_page(client, personas, tksk, bimtek):
    url = f"/bimtek/{bimtek.pk}/dampak/"
    client.force_login(personas.tksk)
    assert "Buat tindak lanjut" not in client.get(url).content.decode()
    assert client.post(url + "tindak-lanjut/").status_code == 403
    client.force_login(personas.operator)
    assert "Buat tindak lanjut untuk TKSK" in client.get(url).content.decode()
    response = client.post(url + "tindak-lanjut/", follow=True)
    page = response.content.decode()
    assert "1 tindak lanjut dibuat" in page and "Tindak lanjut TKSK" in page
    response = client.post(url + "tindak-lanjut/", follow=True)
    assert "0 tindak lanjut dibuat untuk TKSK, 1 sudah ada" in response.content.decode()
    assert TindakLanjut.objects.count() == 1


def test_api_makes_the_same_tasks_as_the_button(client, personas, tksk, bimtek):
    url = f"/api/v1/bimtek/{bimtek.pk}/dampak/tindak-lanjut"
    client.force_login(personas.tksk)
    assert client.post(url, content_type="application/json").status_code == 403
    assert not TindakLanjut.objects.exists()
    client.force_login(personas.operator)
    response = client.post(url, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"dibuat": 1, "sudah_ada": 0, "tanpa_tksk": 0, "desa_tanpa_tksk": []}
    [tugas] = TindakLanjut.objects.all()
    assert (tugas.wilayah_id, tugas.pemilik_pendamping, tugas.sumber) == (
        DESA_A2,
        tksk,
        TindakLanjut.Sumber.BIMTEK,
    )
    again = client.post(url, content_type="application/json").json()
    assert (again["dibuat"], again["sudah_ada"]) == (0, 1) and TindakLanjut.objects.count() == 1
    # The TKSK finds it among their open tasks through the API too.
    client.force_login(personas.tksk)
    listed = client.get("/api/v1/pendamping/tindak-lanjut").json()["items"]
    assert [(t["id"], t["sumber"]) for t in listed] == [(tugas.pk, "bimtek")]
    # Too early for a recent event: a clear error and nothing made.
    recent = make_trained_event(personas, timezone.localdate() - datetime.timedelta(days=60))
    client.force_login(personas.operator)
    response = client.post(
        f"/api/v1/bimtek/{recent.pk}/dampak/tindak-lanjut", content_type="application/json"
    )
    assert response.status_code == 422 and "enam bulan" in response.json()["detail"]["__all__"][0]
    assert not recent.tindak_lanjut_set.exists() and TindakLanjut.objects.count() == 1


def test_periodic_job_follows_recent_events_only(personas, tksk, bimtek):
    assert PERIODIC["bimtek.tindak_lanjut"].seconds == 24 * 3600
    recent = make_trained_event(personas, add_months(timezone.localdate(), -8))
    too_new = make_trained_event(personas, timezone.localdate() - datetime.timedelta(days=30))
    assert list(services.bimtek_perlu_dinilai()) == [recent]  # 2018 is history, too_new waits
    job = tugas_enqueue(nama="bimtek.tindak_lanjut")
    assert Worker().run(until_idle=True) >= 1
    job.refresh_from_db()
    assert job.status == Tugas.Status.SELESAI, job.pesan
    assert job.hasil == {"bimtek": 1, "dibuat": 1, "sudah_ada": 0, "tanpa_tksk": 0}
    [link] = TindakLanjutBimtek.objects.all()
    assert (link.bimtek, link.wilayah_id) == (recent, DESA_A2)
    assert link.tindak_lanjut.pemilik_pendamping == tksk
    # The job's task has no acting person; the audit row says so.
    log = AuditLog.objects.get(aksi="tindak_lanjut_dibuat", objek_id=str(link.tindak_lanjut.pk))
    assert log.pelaku is None
    assert not TindakLanjutBimtek.objects.filter(bimtek__in=[bimtek, too_new]).exists()


def test_a_visit_task_still_needs_its_visit(personas, tksk):
    with pytest.raises(ValidationError):
        pendamping_services.tindak_lanjut_create(
            acting_user=personas.operator,
            kode_wilayah=DESA_A2,
            uraian="Tanpa kunjungan",
            batas_waktu=D(2030, 1, 1),
            pemilik_pendamping=tksk,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        TindakLanjut.objects.create(
            wilayah_id=DESA_A2, uraian="Tanpa kunjungan", batas_waktu=D(2030, 1, 1)
        )
    assert not TindakLanjut.objects.exists()
