"""Computing and storing the index from the records, keeping it fresh when records change,
roll-ups equal to a recount, completeness and alerts."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wahana.conftest import DESA_A, DESA_B, KABUPATEN, KECAMATAN_A
from wahana.dana.services import entri_kas_reverse
from wahana.dana.tests.factories import make_receipt
from wahana.pantau import indeks, services
from wahana.pantau.bulan import bulan_ini, bulan_sebelum, geser
from wahana.pantau.models import IndeksBulanan, Notifikasi, RekapWilayah, Status
from wahana.pantau.tests.factories import make_kegiatan, make_rapat, make_terbentuk, make_wksbm
from wahana.wksbm.models import BatasLaporan, RapatWksbm

pytestmark = pytest.mark.django_db
DESA_A2 = "62.10.02.2002"  # Petak Bahandang, also in Kurun
TENGAH = datetime.time(12)  # midday local time: the same date in UTC and Asia/Jakarta


def _indeks(wksbm, bulan=None) -> IndeksBulanan:
    return IndeksBulanan.objects.get(wksbm=wksbm, bulan=bulan or bulan_ini())


@pytest.fixture
def wksbm_a(personas):
    return make_terbentuk(make_wksbm(DESA_A, "WKSBM Tanjung Riu"))


def test_stored_row_carries_region_components_and_records(wksbm_a):
    rapat = make_rapat(wksbm_a, bulan_ini())
    services.indeks_refresh(bulan=bulan_ini(), wksbm_ids=[wksbm_a.pk])
    row = _indeks(wksbm_a)
    assert row.kode_wilayah == DESA_A
    assert row.skor == 45  # sk, pengurus, lembaga, meeting
    assert row.status == Status.KURANG
    assert row.komponen["rapat"] == {
        "poin": 15,
        "maks": 15,
        "ok": True,
        "jumlah": 1,
        "rapat_id": rapat.pk,
        "terakhir": bulan_ini().isoformat(),
    }
    assert row.versi == 0


def test_new_meeting_raises_the_index_on_commit(
    wksbm_a, personas, django_capture_on_commit_callbacks
):
    services.indeks_refresh(bulan=bulan_ini(), wksbm_ids=[wksbm_a.pk])
    assert _indeks(wksbm_a).status == Status.MATI_SURI
    with django_capture_on_commit_callbacks(execute=True):
        make_rapat(wksbm_a, bulan_ini())
        make_kegiatan(wksbm_a, bulan_ini(), oleh=personas.operator)
    row = _indeks(wksbm_a)
    assert row.skor == 55
    assert row.status == Status.KURANG
    # The roll-ups above moved with it.
    assert RekapWilayah.objects.get(kode=KECAMATAN_A, bulan=bulan_ini()).kurang == 1
    assert RekapWilayah.objects.get(kode="", bulan=bulan_ini()).kurang == 1


def test_reversed_receipt_no_longer_counts(wksbm_a, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entri = make_receipt(acting_user=personas.operator, wksbm=wksbm_a, tanggal=bulan_ini())
    assert _indeks(wksbm_a).komponen["dana"]["ok"] is True
    with django_capture_on_commit_callbacks(execute=True):
        entri_kas_reverse(
            acting_user=personas.operator, entri=entri, tanggal=bulan_ini(), alasan="Salah catat"
        )
    row = _indeks(wksbm_a)
    assert row.komponen["dana"]["ok"] is False
    assert row.dana_dihimpun == 0


def test_six_month_dormancy_follows_the_calendar(wksbm_a):
    bulan = datetime.date(2026, 8, 1)
    make_rapat(wksbm_a, datetime.date(2026, 3, 10))  # M-5: still inside the 6 months
    services.indeks_refresh(bulan=bulan, wksbm_ids=[wksbm_a.pk], alert=False)
    row = _indeks(wksbm_a, bulan)
    assert row.komponen["rapat"]["ok"] is False  # not in the last 3 months
    assert row.komponen["bergerak_6_bulan"] is True
    services.indeks_refresh(bulan=geser(bulan, 1), wksbm_ids=[wksbm_a.pk], alert=False)
    assert _indeks(wksbm_a, geser(bulan, 1)).komponen["bergerak_6_bulan"] is False
    assert _indeks(wksbm_a, geser(bulan, 1)).status == Status.MATI_SURI


def test_pengesahan_after_the_month_is_belum_terbentuk(personas):
    wksbm = make_terbentuk(make_wksbm(DESA_A))
    services.indeks_refresh(bulan=datetime.date(2014, 5, 1), wksbm_ids=[wksbm.pk], alert=False)
    assert _indeks(wksbm, datetime.date(2014, 5, 1)).status == Status.BELUM


def test_new_weights_apply_from_this_month_and_past_months_keep_theirs(
    wksbm_a, personas, django_capture_on_commit_callbacks
):
    lalu = bulan_sebelum(bulan_ini())
    make_rapat(wksbm_a, bulan_ini())
    make_rapat(wksbm_a, lalu)
    services.indeks_refresh(bulan=lalu, wksbm_ids=[wksbm_a.pk], alert=False)
    before = _indeks(wksbm_a, lalu)
    nilai = {
        "sk": 0,
        "pengurus": 0,
        "lembaga": 0,
        "rapat": 50,
        "dana": 50,
        "bantuan": 0,
        "kegiatan": 0,
        "laporan": 0,
    }
    with django_capture_on_commit_callbacks(execute=True):
        v1 = services.bobot_update(
            acting_user=personas.operator, kabupaten=KABUPATEN, nilai=nilai, batas_hari_laporan=10
        )
    assert v1.versi == 1
    now = _indeks(wksbm_a)
    assert (now.versi, now.skor) == (1, 50)
    services.indeks_refresh(bulan=lalu, wksbm_ids=[wksbm_a.pk], alert=False)
    again = _indeks(wksbm_a, lalu)
    assert (again.versi, again.skor) == (0, before.skor)
    with django_capture_on_commit_callbacks(execute=True):
        v2 = services.bobot_update(
            acting_user=personas.operator, kabupaten=KABUPATEN, nilai=nilai, batas_hari_laporan=5
        )
    assert v2.versi == 2
    assert _indeks(wksbm_a).versi == 2


def test_wksbm_report_takes_the_deadline_of_its_own_month(wksbm_a, personas):
    """The WKSBM report (a meeting of the month) is on time by the kabupaten's deadline for
    that month, the same rule as the TKSK/PSM reports: last month's report, recorded on the 8th
    of this month, is on time under last month's deadline of the 10th, in last month's row and
    in this month's `laporan` component, though the deadline from this month on is the 3rd."""
    lalu = bulan_sebelum(bulan_ini())
    BatasLaporan.objects.create(wilayah_id=KABUPATEN, berlaku_mulai=lalu, hari=10)
    BatasLaporan.objects.create(wilayah_id=KABUPATEN, berlaku_mulai=bulan_ini(), hari=3)
    rapat = make_rapat(wksbm_a, lalu)
    tercatat = timezone.make_aware(datetime.datetime.combine(bulan_ini().replace(day=8), TENGAH))
    RapatWksbm.objects.filter(pk=rapat.pk).update(dibuat=tercatat)
    for bulan in (lalu, bulan_ini()):
        services.indeks_refresh(bulan=bulan, wksbm_ids=[wksbm_a.pk], alert=False)
    assert (_indeks(wksbm_a, lalu).laporan_diterima, _indeks(wksbm_a, lalu).laporan_tepat) == (
        True,
        True,
    )
    komponen = _indeks(wksbm_a).komponen["laporan"]
    assert (komponen["ok"], komponen["batas"]) == (True, bulan_ini().replace(day=10).isoformat())


def test_weights_refused_to_readers_and_other_kabupaten(personas):
    from django.core.exceptions import PermissionDenied

    nilai = dict.fromkeys(("sk", "rapat"), 10)
    for user in (personas.pimpinan, personas.tksk, personas.operator_lain):
        with pytest.raises(PermissionDenied):
            services.bobot_update(
                acting_user=user, kabupaten=KABUPATEN, nilai=nilai, batas_hari_laporan=5
            )


def test_rollups_equal_a_recount_after_changes(personas, django_capture_on_commit_callbacks):
    a = make_terbentuk(make_wksbm(DESA_A))
    a2 = make_wksbm(DESA_A2)
    b = make_terbentuk(make_wksbm(DESA_B))
    bulan = bulan_ini()
    services.indeks_refresh(bulan=bulan)
    with django_capture_on_commit_callbacks(execute=True):
        make_rapat(b, bulan)
        make_kegiatan(b, bulan, oleh=personas.operator)
        make_rapat(a, bulan)
    rows = list(IndeksBulanan.objects.filter(bulan=bulan))
    assert {r.wksbm_id for r in rows} == {a.pk, a2.pk, b.pk}
    for kode in ("", "62", KABUPATEN, KECAMATAN_A, DESA_A, DESA_B):
        mine = [
            r
            for r in rows
            if kode == "" or r.wilayah_id == kode or r.wilayah_id.startswith(kode + ".")
        ]
        counts = Counter(r.status for r in mine)
        rekap = RekapWilayah.objects.get(kode=kode, bulan=bulan)
        assert (rekap.jumlah_wksbm, rekap.aktif, rekap.kurang, rekap.mati_suri, rekap.belum) == (
            len(mine),
            counts["aktif"],
            counts["kurang"],
            counts["mati_suri"],
            counts["belum"],
        ), kode
        assert rekap.total_skor == sum(r.skor for r in mine if r.status != "belum")
        assert rekap.laporan_diterima == sum(
            r.laporan_diterima for r in mine if r.status != "belum"
        )
    # From scratch gives the same figures.
    before = {
        (r.kode, r.aktif, r.kurang, r.mati_suri, r.total_skor)
        for r in RekapWilayah.objects.filter(bulan=bulan)
    }
    RekapWilayah.objects.all().delete()
    services.indeks_refresh(bulan=bulan)
    after = {
        (r.kode, r.aktif, r.kurang, r.mati_suri, r.total_skor)
        for r in RekapWilayah.objects.filter(bulan=bulan)
    }
    assert before == after


def test_batch_costs_the_same_queries_whatever_its_size(personas):
    codes = ["62.10.02.1001", DESA_A2, DESA_A, "62.10.02.2004", "62.10.02.1012", DESA_B]
    small = [make_terbentuk(make_wksbm(k)) for k in codes[:2]]
    big = small + [make_terbentuk(make_wksbm(k)) for k in codes[2:]]
    for w in big:
        make_rapat(w, bulan_ini())
    with CaptureQueriesContext(connection) as q_small:
        indeks.hitung(bulan_ini(), wksbm_ids=[w.pk for w in small])
    with CaptureQueriesContext(connection) as q_big:
        indeks.hitung(bulan_ini(), wksbm_ids=[w.pk for w in big])
    assert len(q_small) == len(q_big)


def test_completeness_counts_reports_received_and_on_time(wksbm_a, personas):
    lalu = bulan_sebelum(bulan_ini())
    b = make_terbentuk(make_wksbm(DESA_B))
    make_rapat(wksbm_a, lalu)  # recorded now: received, late unless still before the deadline
    services.indeks_refresh(bulan=lalu, alert=False)
    row = _indeks(wksbm_a, lalu)
    assert row.laporan_diterima is True
    assert _indeks(b, lalu).laporan_diterima is False
    rekap = RekapWilayah.objects.get(kode=KABUPATEN, bulan=lalu)
    assert (rekap.laporan_diharapkan, rekap.laporan_diterima) == (2, 1)
    assert rekap.persen_diterima == 50


def test_status_drop_alerts_the_tksk_and_operator(wksbm_a, personas):
    personas.tksk.email = "tksk@example.org"
    personas.tksk.save()
    IndeksBulanan.objects.create(
        wksbm=wksbm_a,
        wilayah_id=DESA_A,
        bulan=bulan_sebelum(bulan_ini()),
        skor=80,
        status=Status.AKTIF,
        dihitung=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    services.indeks_refresh(bulan=bulan_ini(), wksbm_ids=[wksbm_a.pk])
    assert _indeks(wksbm_a).status == Status.MATI_SURI
    got = set(Notifikasi.objects.values_list("penerima__username", "jenis"))
    assert got == {("tksk.kurun", "turun"), ("dinsos", "turun")} or {u for u, _j in got} >= {
        personas.tksk.username,
        personas.operator.username,
    }
    assert personas.tksk_lain.pk not in Notifikasi.objects.values_list("penerima_id", flat=True)
    assert not Notifikasi.objects.filter(penerima=personas.outsider).exists()
    # Computing again does not alert twice.
    services.indeks_refresh(bulan=bulan_ini(), wksbm_ids=[wksbm_a.pk])
    assert Notifikasi.objects.filter(penerima=personas.tksk).count() == 1


def test_status_drop_email_when_recipient_has_address(
    wksbm_a, personas, django_capture_on_commit_callbacks
):
    personas.operator.email = "operator@example.org"
    personas.operator.save()
    IndeksBulanan.objects.create(
        wksbm=wksbm_a,
        wilayah_id=DESA_A,
        bulan=bulan_sebelum(bulan_ini()),
        skor=80,
        status=Status.AKTIF,
        dihitung=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.indeks_refresh(bulan=bulan_ini(), wksbm_ids=[wksbm_a.pk])
    assert [m.to for m in mail.outbox] == [["operator@example.org"]]


def test_late_report_alert_after_the_deadline_once(wksbm_a, personas):
    lalu = bulan_sebelum(bulan_ini())
    make_rapat(wksbm_a, geser(lalu, -1))
    make_kegiatan(wksbm_a, geser(lalu, -1), oleh=personas.operator)
    services.indeks_refresh(bulan=lalu, alert=False)
    assert _indeks(wksbm_a, lalu).status == Status.KURANG
    before = bulan_ini().replace(day=5)
    assert services.notifikasi_for_late_reports(hari_ini=before) == 0
    after = bulan_ini().replace(day=6)
    assert services.notifikasi_for_late_reports(hari_ini=after) == 2
    assert services.notifikasi_for_late_reports(hari_ini=after) == 0
    assert Notifikasi.objects.filter(penerima=personas.tksk, jenis="terlambat").count() == 1


def _sweep_alerts(hari_ini, django_capture_on_commit_callbacks):
    """The queries of a sweep that raises alerts (the current month already computed once, so
    only the alerts differ) and the late-report emails it sends."""
    services.sweep(hari_ini=hari_ini)
    Notifikasi.objects.all().delete()
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as queries,
    ):
        hasil = services.sweep(hari_ini=hari_ini)
    surat = sorted((m.subject, tuple(sorted(m.to))) for m in mail.outbox if "belum" in m.subject)
    return len(queries), hasil["terlambat"], surat


def test_late_report_alerts_cost_the_same_queries_for_one_or_many(
    personas, django_capture_on_commit_callbacks
):
    for user in (personas.tksk, personas.tksk_lain, personas.operator):
        user.email = f"{user.username}@example.org"
        user.save()
    lalu = bulan_sebelum(bulan_ini())
    codes = [DESA_A, DESA_A2, "62.10.02.1001", "62.10.02.2004", "62.10.02.1012", DESA_B]
    late = [make_terbentuk(make_wksbm(k, f"WKSBM {i}")) for i, k in enumerate(codes)]
    for w in late:  # Kurang aktif last month, and no report for it
        make_rapat(w, geser(lalu, -1))
        make_kegiatan(w, geser(lalu, -1), oleh=personas.operator)
    after = bulan_ini().replace(day=6)

    services.indeks_refresh(bulan=lalu, wksbm_ids=[late[0].pk], alert=False)
    one, alerts_one, mail_one = _sweep_alerts(after, django_capture_on_commit_callbacks)
    services.indeks_refresh(bulan=lalu, alert=False)
    many, alerts_many, mail_many = _sweep_alerts(after, django_capture_on_commit_callbacks)

    assert many == one
    # Each late WKSBM alerts the TKSK of its kecamatan and the kabupaten operator, in the app
    # and by email, once.
    assert (alerts_one, alerts_many) == (2, 12)
    got = Counter(Notifikasi.objects.values_list("penerima__username", "jenis", "wksbm_id"))
    assert set(got.values()) == {1}
    assert {(u, w) for u, _j, w in got} == {
        (tksk, w.pk)
        for w in late
        for tksk in ("tksk.sepang" if w.kode_wilayah == DESA_B else "tksk.kurun", "operator.gumas")
    }
    bulan = lalu.strftime("%m/%Y")
    assert mail_one == [
        (
            f"Laporan {bulan} WKSBM 0 belum masuk",
            ("operator.gumas@example.org", "tksk.kurun@example.org"),
        )
    ]
    assert (
        len(mail_many) == 6
        and (
            f"Laporan {bulan} WKSBM 5 belum masuk",
            ("operator.gumas@example.org", "tksk.sepang@example.org"),
        )
        in mail_many
    )
    assert services.sweep(hari_ini=after)["terlambat"] == 0


def test_deleted_wksbm_leaves_the_rollups_of_every_month(
    personas, django_capture_on_commit_callbacks
):
    # Registered by mistake and removed before anything was recorded for it.
    a = make_wksbm(DESA_A)
    b = make_terbentuk(make_wksbm(DESA_B))
    lalu = bulan_sebelum(bulan_ini())
    for bulan in (lalu, bulan_ini()):
        services.indeks_refresh(bulan=bulan, alert=False)
        assert RekapWilayah.objects.get(kode="", bulan=bulan).jumlah_wksbm == 2
    with django_capture_on_commit_callbacks(execute=True):
        a.delete()
    for bulan in (lalu, bulan_ini()):
        assert RekapWilayah.objects.get(kode="", bulan=bulan).jumlah_wksbm == 1
        assert RekapWilayah.objects.get(kode=KECAMATAN_A, bulan=bulan).jumlah_wksbm == 0
        assert RekapWilayah.objects.get(kode=DESA_A, bulan=bulan).jumlah_wksbm == 0
    assert set(IndeksBulanan.objects.values_list("wksbm_id", flat=True)) == {b.pk}
