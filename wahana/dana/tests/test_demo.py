import datetime
import io

import pytest
from django.utils import timezone

from wahana.berkas.models import Berkas
from wahana.conftest import DESA_A
from wahana.dana import demo as dana_demo
from wahana.dana.bulan import bulan_ini, bulan_sebelum
from wahana.dana.models import BukuKas, EntriKas, TutupBuku, UsulanDanaDesa
from wahana.kegiatan import demo as kegiatan_demo
from wahana.kegiatan.models import Kegiatan
from wahana.ppks.models import LayananPpks
from wahana.ppks.tests.factories import ppks_make
from wahana.wksbm.models import TahapWksbm

from .factories import make_wksbm_a, make_wksbm_b


def _revive(wksbm):
    """A completed second cycle, as the wksbm demo leaves Tanjung Riu."""
    sk = Berkas.objects.create(
        wilayah_id=wksbm.wilayah_id,
        jenis="dokumen",
        nama_asli="sk.pdf",
        tipe_mime="application/pdf",
        ekstensi=".pdf",
        ukuran=1,
        sha256="0" * 64,
        berkas="sk.pdf",
        diunggah=timezone.now(),
    )
    TahapWksbm.objects.create(
        wksbm=wksbm,
        wilayah_id=wksbm.wilayah_id,
        siklus=2,
        tahap="pengesahan",
        tanggal=datetime.date(2019, 3, 1),
        sk_nomor="1/2019",
        sk_tanggal=datetime.date(2019, 3, 1),
        sk_penandatangan_nama="Kepala Desa",
        sk_penandatangan_jabatan="Kepala Desa",
        sk_berkas=sk,
    )


@pytest.mark.django_db
def test_demo_fills_the_revived_wksbm_only(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    revived, dormant = make_wksbm_a(), make_wksbm_b()
    _revive(revived)
    for i in range(6):
        ppks_make(kode=DESA_A, nama=f"Warga Tanjung Riu {i}", jenis=("01",))
    out = io.StringIO()
    kegiatan_demo.load(stdout=out)
    dana_demo.load(stdout=out)

    assert not Kegiatan.objects.filter(wksbm=dormant).exists()
    assert not EntriKas.objects.filter(wksbm=dormant).exists()
    verified = Kegiatan.objects.filter(wksbm=revived, status="diverifikasi")
    assert verified.count() >= 10
    entries = list(EntriKas.objects.filter(wksbm=revived).order_by("urutan"))
    running = 0
    for entry in entries:
        running += entry.masuk - entry.keluar
        assert entry.saldo_setelah == running >= 0
    assert BukuKas.objects.get(wksbm=revived).saldo == running
    jimpitan = [e for e in entries if e.sumber == "jimpitan" and e.membalik_id is None]
    assert len(jimpitan) >= 50 and jimpitan[0].tanggal == datetime.date(2025, 12, 7)
    assert any(e.tujuan == "ppks" for e in entries)
    assert LayananPpks.objects.filter(penyedia="wksbm", ppks__wilayah_id=DESA_A).exists()
    assert sum(1 for e in entries if e.membalik_id) == 1
    closed = TutupBuku.objects.filter(wksbm=revived).order_by("bulan")
    assert closed.first().bulan == datetime.date(2025, 12, 1)
    assert closed.last().bulan == bulan_sebelum(bulan_ini())
    assert closed.last().status == "ditutup" and closed.first().status == "diverifikasi"
    usulan = UsulanDanaDesa.objects.get(wksbm=revived)
    assert usulan.status == "direalisasikan" and usulan.penerimaan.get().sumber == "dana_desa"
    assert usulan.kegiatan.exists()

    count = len(entries)
    dana_demo.load(stdout=out)
    kegiatan_demo.load(stdout=out)
    assert EntriKas.objects.filter(wksbm=revived).count() == count
