import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wahana.audit.models import AuditLog
from wahana.conftest import DESA_A, DESA_B
from wahana.dana.tests.factories import make_receipt, make_wksbm_a, make_wksbm_b
from wahana.kegiatan.models import Kegiatan
from wahana.kegiatan.selectors import kegiatan_verified
from wahana.kegiatan.services import (
    kegiatan_report,
    kegiatan_return,
    kegiatan_update,
    kegiatan_verify,
)
from wahana.pendamping.models import Pendamping
from wahana.ppks.tests.factories import ppks_make

from .factories import make_kegiatan, make_verified


def jpeg(name="foto.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), "green").save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def wksbm(personas):
    return make_wksbm_a()


@pytest.fixture
def lansia(db):
    return ppks_make(kode=DESA_A, nama="Maria Lansia", jenis=("01",))


@pytest.mark.django_db
class TestFlow:
    def test_draft_report_return_correct_verify(self, personas, wksbm, lansia):
        kegiatan = make_kegiatan(acting_user=personas.psm, wksbm=wksbm, penerima=[lansia])
        assert kegiatan.status == Kegiatan.Status.DRAFT
        assert kegiatan.kode_wilayah == DESA_A
        assert list(kegiatan.penerima.all()) == [lansia]
        kegiatan_report(acting_user=personas.psm, kegiatan=kegiatan)
        with pytest.raises(ValidationError):  # reported: no more changes
            kegiatan_update(acting_user=personas.psm, kegiatan=kegiatan, judul="Lain")
        with pytest.raises(ValidationError):
            kegiatan_return(acting_user=personas.tksk, kegiatan=kegiatan, alasan="")
        kegiatan = kegiatan_return(
            acting_user=personas.tksk, kegiatan=kegiatan, alasan="Foto belum ada"
        )
        assert kegiatan.status == Kegiatan.Status.DIKEMBALIKAN
        assert kegiatan.alasan_dikembalikan == "Foto belum ada"
        assert not kegiatan_verified().filter(pk=kegiatan.pk).exists()
        kegiatan_update(acting_user=personas.pengurus, kegiatan=kegiatan, jumlah_peserta=20)
        kegiatan_report(acting_user=personas.pengurus, kegiatan=kegiatan)
        kegiatan = kegiatan_verify(acting_user=personas.tksk, kegiatan=kegiatan)
        assert kegiatan.status == Kegiatan.Status.DIVERIFIKASI
        assert kegiatan.diverifikasi_oleh == personas.tksk
        assert kegiatan.jumlah_peserta == 20
        assert list(kegiatan_verified(wksbm_ids=[wksbm.pk])) == [kegiatan]
        aksi = set(
            AuditLog.objects.filter(objek_id=str(kegiatan.pk)).values_list("aksi", flat=True)
        )
        assert {
            "kegiatan_dibuat",
            "kegiatan_dilaporkan",
            "kegiatan_dikembalikan",
            "kegiatan_diubah",
            "kegiatan_diverifikasi",
        } <= aksi

    def test_only_the_tksk_of_the_kecamatan_verifies_and_not_their_own(self, personas, wksbm):
        kegiatan = make_kegiatan(acting_user=personas.pengurus, wksbm=wksbm)
        with pytest.raises(ValidationError):  # a draft is not yet to be verified
            kegiatan_verify(acting_user=personas.tksk, kegiatan=kegiatan)
        kegiatan_report(acting_user=personas.pengurus, kegiatan=kegiatan)
        for name in ("pengurus", "psm", "pimpinan", "tksk_lain", "outsider"):
            with pytest.raises(PermissionDenied):
                kegiatan_verify(acting_user=getattr(personas, name), kegiatan=kegiatan)
        own = make_kegiatan(acting_user=personas.tksk, wksbm=wksbm)
        kegiatan_report(acting_user=personas.tksk, kegiatan=own)
        with pytest.raises(PermissionDenied, match="pencatatnya"):
            kegiatan_verify(acting_user=personas.tksk, kegiatan=own)
        kegiatan_verify(acting_user=personas.operator, kegiatan=own)
        kegiatan.refresh_from_db()
        assert kegiatan.status == Kegiatan.Status.DILAPORKAN

    def test_writers_and_beneficiaries_within_the_area(self, personas, wksbm, lansia):
        for name in ("pimpinan", "outsider", "tksk_lain"):
            with pytest.raises(PermissionDenied):
                make_kegiatan(acting_user=getattr(personas, name), wksbm=wksbm)
        other = ppks_make(kode=DESA_B, nama="Orang Sepang", jenis=("01",))
        with pytest.raises(ValidationError, match="bukan PPKS di wilayah"):
            make_kegiatan(acting_user=personas.psm, wksbm=wksbm, penerima=[other])
        with pytest.raises(ValidationError, match="masa depan"):
            make_kegiatan(
                acting_user=personas.psm,
                wksbm=wksbm,
                tanggal=datetime.date.today() + datetime.timedelta(days=2),
            )
        assert not Kegiatan.objects.exists()

    def test_psm_leads_an_activity_without_wksbm(self, personas):
        Pendamping.objects.create(
            jenis="psm", nama="Paulus PSM", wilayah_id=DESA_A, akun=personas.psm
        )
        kegiatan = make_kegiatan(
            acting_user=personas.psm, wksbm=None, judul="Sosialisasi PKH", jenis="sosialisasi"
        )
        assert kegiatan.pendamping.nama == "Paulus PSM" and kegiatan.kode_wilayah == DESA_A
        with pytest.raises(ValidationError, match="Pilih WKSBM"):
            make_kegiatan(acting_user=personas.pengurus, wksbm=None)

    def test_photos_are_resized(self, personas, wksbm, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        kegiatan = make_kegiatan(acting_user=personas.psm, wksbm=wksbm, foto_uploads=[jpeg()])
        foto = kegiatan.foto_set.get()
        assert foto.berkas.jenis == "foto" and foto.kode_wilayah == DESA_A
        with Image.open(foto.berkas.berkas.path) as image:
            assert max(image.size) == 1600


@pytest.mark.django_db
class TestPages:
    def test_record_report_verify_through_http(self, client, personas, wksbm, lansia):
        client.force_login(personas.psm)
        response = client.post(
            f"/kegiatan/baru/?wksbm={wksbm.pk}",
            {
                "wksbm": wksbm.pk,
                "judul": "Bedah rumah Ibu Maria",
                "jenis": "rehabilitasi",
                "tanggal": "2026-10-10",
                "tempat": "RT 02",
                "jumlah_peserta": "15",
                "sumber_dana": "kas_wksbm",
                "penerima": [lansia.pk],
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        kegiatan = Kegiatan.objects.get(judul="Bedah rumah Ibu Maria")
        assert list(kegiatan.penerima.all()) == [lansia]
        detail = client.get(f"/kegiatan/{kegiatan.pk}/").content.decode()
        assert "Maria Lansia" in detail and "Laporkan ke TKSK" in detail
        client.post(f"/kegiatan/{kegiatan.pk}/laporkan/")
        client.force_login(personas.tksk)
        assert "Verifikasi" in client.get(f"/kegiatan/{kegiatan.pk}/").content.decode()
        client.post(f"/kegiatan/{kegiatan.pk}/kembalikan/", {"alasan": "Tambahkan foto"})
        kegiatan.refresh_from_db()
        assert kegiatan.status == "dikembalikan"
        client.force_login(personas.psm)
        assert "Tambahkan foto" in client.get(f"/kegiatan/{kegiatan.pk}/").content.decode()
        client.post(f"/kegiatan/{kegiatan.pk}/laporkan/")
        client.force_login(personas.tksk)
        client.post(f"/kegiatan/{kegiatan.pk}/verifikasi/")
        kegiatan.refresh_from_db()
        assert kegiatan.status == "diverifikasi"

    def test_list_filters_and_totals(self, client, personas, wksbm, lansia):
        make_verified(
            acting_user=personas.psm,
            verifier=personas.tksk,
            wksbm=wksbm,
            judul="Santunan",
            penerima=[lansia],
            jumlah_peserta=30,
        )
        make_kegiatan(
            acting_user=personas.psm, wksbm=wksbm, judul="Rapat pengurus Oktober", jumlah_peserta=7
        )
        make_kegiatan(acting_user=personas.outsider, wksbm=make_wksbm_b(), judul="Di Sepang")
        client.force_login(personas.operator)
        html = client.get("/kegiatan/?status=diverifikasi").content.decode()
        assert "Santunan" in html and "Rapat pengurus Oktober" not in html
        html = client.get("/kegiatan/?wilayah=62.10.02").content.decode()
        assert "Santunan" in html and "Rapat pengurus Oktober" in html and "Di Sepang" not in html
        assert "<strong>2</strong>" in html
        client.force_login(personas.outsider)
        html = client.get("/kegiatan/").content.decode()
        assert "Di Sepang" in html and "Santunan" not in html

    def test_pimpinan_sees_counts_not_names(self, client, personas, wksbm, lansia):
        kegiatan = make_kegiatan(acting_user=personas.psm, wksbm=wksbm, penerima=[lansia])
        client.force_login(personas.pimpinan)
        html = client.get(f"/kegiatan/{kegiatan.pk}/").content.decode()
        assert "Maria Lansia" not in html and "1 orang" in html

    def test_outsider_gets_404(self, client, personas, wksbm):
        kegiatan = make_kegiatan(acting_user=personas.psm, wksbm=wksbm)
        client.force_login(personas.outsider)
        for path in ("", "ubah/"):
            assert client.get(f"/kegiatan/{kegiatan.pk}/{path}").status_code == 404
        for path in ("laporkan/", "verifikasi/", "kembalikan/"):
            assert client.post(f"/kegiatan/{kegiatan.pk}/{path}").status_code == 404


@pytest.mark.django_db
def test_disbursement_to_an_activity_and_to_a_ppks_with_a_service(personas, wksbm, lansia):
    from wahana.dana.services import entri_kas_disburse, entri_kas_reverse
    from wahana.ppks.models import LayananPpks

    make_receipt(
        acting_user=personas.pengurus,
        wksbm=wksbm,
        jumlah=500_000,
        tanggal=datetime.date(2026, 10, 1),
    )
    kegiatan = make_kegiatan(acting_user=personas.pengurus, wksbm=wksbm)
    entri = entri_kas_disburse(
        acting_user=personas.pengurus,
        wksbm=wksbm,
        tanggal=datetime.date(2026, 10, 8),
        tujuan="kegiatan",
        jumlah=150_000,
        uraian="Konsumsi",
        kegiatan=kegiatan,
    )
    assert entri.kegiatan == kegiatan
    bantuan = entri_kas_disburse(
        acting_user=personas.pengurus,
        wksbm=wksbm,
        tanggal=datetime.date(2026, 10, 9),
        tujuan="ppks",
        jumlah=100_000,
        uraian="Sembako",
        ppks=lansia,
        jenis_layanan="perlindungan",
    )
    layanan = LayananPpks.objects.get(ppks=lansia)
    assert (layanan.jenis, layanan.penyedia, layanan.tanggal) == (
        "perlindungan",
        "wksbm",
        datetime.date(2026, 10, 9),
    )
    pembalik = entri_kas_reverse(
        acting_user=personas.pengurus,
        entri=bantuan,
        tanggal=datetime.date(2026, 10, 9),
        alasan="salah orang",
    )
    assert pembalik.ppks == lansia and pembalik.saldo_setelah == 350_000
    other = ppks_make(kode=DESA_B, nama="Orang Sepang", jenis=("01",))
    with pytest.raises(ValidationError, match="wilayah WKSBM"):
        entri_kas_disburse(
            acting_user=personas.pengurus,
            wksbm=wksbm,
            tanggal=datetime.date(2026, 10, 9),
            tujuan="ppks",
            jumlah=1,
            uraian="x",
            ppks=other,
        )
    with pytest.raises(ValidationError, match="kegiatan WKSBM"):
        entri_kas_disburse(
            acting_user=personas.pengurus,
            wksbm=wksbm,
            tanggal=datetime.date(2026, 10, 9),
            tujuan="kegiatan",
            jumlah=1,
            uraian="x",
        )
