import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wahana.dana.models import RiwayatUsulan, UsulanDanaDesa
from wahana.dana.services import entri_kas_reverse, usulan_create, usulan_status_update
from wahana.kegiatan.tests.factories import make_kegiatan
from wahana.ppks.models import JenisPpks

from .factories import make_receipt, make_wksbm_a, make_wksbm_b

MUSDES = datetime.date(2026, 1, 20)


@pytest.fixture
def usulan(personas):
    wksbm = make_wksbm_a()
    return usulan_create(
        acting_user=personas.pengurus,
        wksbm=wksbm,
        tahun=2026,
        judul="Santunan lansia terlantar",
        bidang=UsulanDanaDesa.Bidang.PEMBINAAN,
        jumlah=6_000_000,
        sumber=UsulanDanaDesa.Sumber.DANA_DESA,
        jenis_ppks=JenisPpks.objects.filter(kode__in=["01", "02"]),
        jumlah_penerima=12,
        tanggal_musdes=MUSDES,
    )


def move(personas, usulan, status, tanggal, **kw):
    return usulan_status_update(
        acting_user=personas.pengurus, usulan=usulan, status=status, tanggal=tanggal, **kw
    )


@pytest.mark.django_db
class TestUsulan:
    def test_full_path_to_realisation(self, personas, usulan):
        assert usulan.status == "diajukan" and usulan.jenis_ppks.count() == 2
        move(personas, usulan, "masuk_rkpdes", datetime.date(2026, 2, 10))
        move(personas, usulan, "masuk_apbdes", datetime.date(2026, 3, 1), catatan="Perdes APBDes")
        dd = make_receipt(
            acting_user=personas.pengurus,
            wksbm=usulan.wksbm,
            jumlah=5_500_000,
            sumber="dana_desa",
            tanggal=datetime.date(2026, 6, 15),
            uraian="Dana Desa untuk santunan",
        )
        kegiatan = make_kegiatan(
            acting_user=personas.pengurus,
            wksbm=usulan.wksbm,
            tanggal=datetime.date(2026, 6, 20),
            sumber_dana="dana_desa",
        )
        usulan = move(
            personas,
            usulan,
            "direalisasikan",
            datetime.date(2026, 6, 30),
            penerimaan=[dd],
            kegiatan=[kegiatan],
        )
        assert usulan.status == "direalisasikan"
        assert (usulan.realisasi_jumlah, usulan.realisasi_tanggal) == (
            5_500_000,
            datetime.date(2026, 6, 30),
        )
        assert list(usulan.penerimaan.all()) == [dd]
        assert list(usulan.kegiatan.all()) == [kegiatan]
        history = list(RiwayatUsulan.objects.filter(usulan=usulan).values_list("status", "tanggal"))
        assert history == [
            ("diajukan", MUSDES),
            ("masuk_rkpdes", datetime.date(2026, 2, 10)),
            ("masuk_apbdes", datetime.date(2026, 3, 1)),
            ("direalisasikan", datetime.date(2026, 6, 30)),
        ]
        with pytest.raises(ValidationError):  # final
            move(personas, usulan, "ditolak", datetime.date(2026, 7, 1), catatan="x")

    def test_steps_in_order_and_refusal_needs_a_reason(self, personas, usulan):
        with pytest.raises(ValidationError):
            move(personas, usulan, "masuk_apbdes", datetime.date(2026, 2, 1))
        with pytest.raises(ValidationError, match="alasan"):
            move(personas, usulan, "ditolak", datetime.date(2026, 2, 1))
        with pytest.raises(ValidationError, match="sebelum"):
            move(personas, usulan, "masuk_rkpdes", datetime.date(2026, 1, 1))
        usulan = move(
            personas,
            usulan,
            "ditolak",
            datetime.date(2026, 2, 1),
            catatan="Pagu bidang pembinaan habis",
        )
        assert usulan.alasan_ditolak == "Pagu bidang pembinaan habis"

    def test_realisation_links_only_proper_receipts(self, personas, usulan):
        move(personas, usulan, "masuk_rkpdes", datetime.date(2026, 2, 10))
        move(personas, usulan, "masuk_apbdes", datetime.date(2026, 3, 1))
        wksbm = usulan.wksbm
        iuran = make_receipt(
            acting_user=personas.pengurus,
            wksbm=wksbm,
            sumber="iuran",
            tanggal=datetime.date(2026, 6, 1),
        )
        dd = make_receipt(
            acting_user=personas.pengurus,
            wksbm=wksbm,
            sumber="dana_desa",
            jumlah=1_000_000,
            tanggal=datetime.date(2026, 6, 2),
        )
        entri_kas_reverse(
            acting_user=personas.pengurus,
            entri=dd,
            tanggal=datetime.date(2026, 6, 2),
            alasan="salah bulan",
        )
        for entri in (iuran, dd):
            with pytest.raises(ValidationError, match="bukan penerimaan"):
                move(
                    personas,
                    usulan,
                    "direalisasikan",
                    datetime.date(2026, 6, 30),
                    penerimaan=[entri],
                )
        with pytest.raises(ValidationError, match="realisasi"):
            move(personas, usulan, "direalisasikan", datetime.date(2026, 6, 30))
        usulan = move(
            personas,
            usulan,
            "direalisasikan",
            datetime.date(2026, 6, 30),
            realisasi_jumlah=4_000_000,
        )
        assert usulan.realisasi_jumlah == 4_000_000 and not usulan.penerimaan.exists()

    def test_who_may_write(self, personas, usulan):
        for name in ("tksk", "psm", "pimpinan", "outsider"):
            with pytest.raises(PermissionDenied):
                usulan_status_update(
                    acting_user=getattr(personas, name),
                    usulan=usulan,
                    status="masuk_rkpdes",
                    tanggal=datetime.date(2026, 2, 1),
                )
        with pytest.raises(PermissionDenied):
            usulan_create(
                acting_user=personas.pengurus,
                wksbm=make_wksbm_b(),
                tahun=2026,
                judul="x",
                bidang="pembinaan",
                jumlah=1,
                sumber="add",
            )
        usulan.refresh_from_db()
        assert usulan.status == "diajukan"

    def test_pages(self, client, personas):
        wksbm = make_wksbm_a()
        client.force_login(personas.pengurus)
        assert client.get("/dana/usulan/baru/").status_code == 200
        response = client.post(
            "/dana/usulan/baru/",
            {
                "wksbm": wksbm.pk,
                "tahun": "2027",
                "judul": "Pelatihan disabilitas",
                "bidang": "pemberdayaan",
                "jenis_ppks": [JenisPpks.objects.get(kode="02").pk],
                "jumlah_penerima": "8",
                "jumlah": "7500000",
                "sumber": "add",
                "tanggal_musdes": "2026-10-20",
            },
        )
        assert response.status_code == 302
        usulan = UsulanDanaDesa.objects.get(judul="Pelatihan disabilitas")
        client.post(
            f"/dana/usulan/{usulan.pk}/status/", {"status": "masuk_rkpdes", "tanggal": "2026-11-01"}
        )
        usulan.refresh_from_db()
        assert usulan.status == "masuk_rkpdes"
        client.force_login(personas.operator)
        html = client.get("/dana/usulan/?tahun=2027").content.decode()
        assert "Pelatihan disabilitas" in html and "7.500.000" in html
        client.force_login(personas.outsider)
        assert client.get(f"/dana/usulan/{usulan.pk}/").status_code == 404
