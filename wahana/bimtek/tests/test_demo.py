"""`wahana demo`: the 2018 provincial bimtek leaves a follow-up task for the TKSK of every trained
desa that did not wake up, made through the service, and a re-run makes none twice."""

import io

import pytest
from django.core.management import call_command

from wahana.audit.models import AuditLog
from wahana.bimtek import demo
from wahana.bimtek.models import Bimtek, TindakLanjutBimtek
from wahana.bimtek.selectors import dampak_within
from wahana.pendamping.models import Pendamping, TindakLanjut


@pytest.mark.django_db
def test_2018_bimtek_leaves_follow_ups_for_the_desa_that_did_not_wake_up(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("demo", stdout=out)
    bimtek = Bimtek.objects.get(judul=demo.PROVINSI_2018["judul"])
    rows = [
        row
        for group in dampak_within("", bimtek)["kecamatan"]
        for row in group["dilatih"]
        if row["perlu_tindak_lanjut"]
    ]
    assert rows, "the story needs trained desa that did not wake up"
    # The rest of the trained desa woke up: they get no task.
    trained = sum(len(g["dilatih"]) for g in dampak_within("", bimtek)["kecamatan"])
    assert len(rows) < trained
    links = TindakLanjutBimtek.objects.filter(bimtek=bimtek).select_related(
        "tindak_lanjut__pemilik_pendamping"
    )
    assert sorted(link.wilayah_id for link in links) == sorted(r["desa"].kode for r in rows)
    for link in links:
        tugas = link.tindak_lanjut
        assert tugas.sumber == TindakLanjut.Sumber.BIMTEK and tugas.wilayah_id == link.wilayah_id
        owner = tugas.pemilik_pendamping
        assert owner.jenis == Pendamping.Jenis.TKSK and owner.aktif
        assert owner.wilayah_id == link.wilayah.induk_id
        assert owner.akun.username in ("tksk.kurun", "tksk.sepang")
        # Made by the kabupaten operator, audited like a press of the button.
        log = AuditLog.objects.get(aksi="tindak_lanjut_dibuat", objek_id=str(tugas.pk))
        assert log.pelaku.username == "dinsos"
    assert f"Tindak lanjut bimtek 2018: {len(rows)} tugas TKSK" in out.getvalue()

    counts = (TindakLanjut.objects.count(), AuditLog.objects.count())
    demo.load(stdout=io.StringIO())
    assert (TindakLanjut.objects.count(), AuditLog.objects.count()) == counts
