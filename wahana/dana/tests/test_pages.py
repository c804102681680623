import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from wahana.audit.models import AuditLog
from wahana.dana.models import EntriKas, TutupBuku
from wahana.dana.services import entri_kas_reverse, tutup_buku_close
from wahana.wksbm.models import PengurusWksbm

from .factories import make_disbursement, make_receipt, make_wksbm_a

AGU_30 = datetime.date(2026, 8, 30)
SEP_5 = datetime.date(2026, 9, 5)
SEP_12 = datetime.date(2026, 9, 12)
SEP_20 = datetime.date(2026, 9, 20)


@pytest.fixture
def buku(personas):
    """August: 50.000 in. September: 120.000 in, 45.000 out, a 20.000 receipt reversed."""
    wksbm = make_wksbm_a()
    for jabatan, nama in (("bendahara", "Lusia Bendahari"), ("ketua", "Yohanes Ketua")):
        PengurusWksbm.objects.create(
            wksbm=wksbm,
            wilayah_id=wksbm.wilayah_id,
            nama=nama,
            jabatan=jabatan,
            mulai=datetime.date(2025, 1, 1),
        )
    p = personas.pengurus
    make_receipt(acting_user=p, wksbm=wksbm, jumlah=50_000, tanggal=AGU_30, uraian="Iuran Agustus")
    make_receipt(
        acting_user=p, wksbm=wksbm, jumlah=100_000, tanggal=SEP_5, uraian="Jimpitan minggu 1"
    )
    salah = make_receipt(
        acting_user=p, wksbm=wksbm, jumlah=20_000, tanggal=SEP_12, uraian="Jimpitan ganda"
    )
    entri_kas_reverse(acting_user=p, entri=salah, tanggal=SEP_12, alasan="tercatat dua kali")
    make_receipt(
        acting_user=p, wksbm=wksbm, jumlah=20_000, tanggal=SEP_12, uraian="Jimpitan minggu 2"
    )
    make_disbursement(
        acting_user=p, wksbm=wksbm, jumlah=45_000, tanggal=SEP_20, uraian="Sembako lansia"
    )
    return wksbm


@pytest.mark.django_db
class TestBukuKasPage:
    def test_month_shows_opening_entries_totals_closing(self, client, personas, buku):
        client.force_login(personas.tksk)
        html = client.get(f"/dana/wksbm/{buku.pk}/?bulan=2026-09").content.decode()
        assert "data-saldo-awal>50.000<" in html
        assert "data-total-masuk>140.000<" in html  # 100.000 + 20.000 + 20.000
        assert "data-total-keluar>65.000<" in html  # 20.000 reversal + 45.000
        assert "data-saldo-akhir>125.000<" in html
        assert "Sembako lansia" in html and "Jimpitan ganda" in html
        assert "Catat penerimaan" not in html  # the TKSK reads, does not write

    def test_writer_sees_forms_and_records_through_http(self, client, personas, buku):
        client.force_login(personas.pengurus)
        page = client.get(f"/dana/wksbm/{buku.pk}/")
        assert "Catat penerimaan" in page.content.decode()
        response = client.post(
            f"/dana/wksbm/{buku.pk}/masuk/",
            {
                "tanggal": "2026-10-04",
                "sumber": "beras_perelek",
                "jumlah": "36000",
                "kuantitas": "3",
                "satuan": "kg",
                "uraian": "Beras perelek RT 03",
            },
        )
        assert response.status_code == 302
        entri = EntriKas.objects.get(uraian="Beras perelek RT 03")
        assert (entri.jumlah, entri.kuantitas, entri.saldo_setelah) == (36_000, 3, 161_000)
        response = client.post(
            f"/dana/wksbm/{buku.pk}/keluar/",
            {
                "tanggal": "2026-10-05",
                "tujuan": "operasional",
                "jumlah": "999999",
                "uraian": "Terlalu besar",
            },
        )
        assert response.status_code == 200
        assert "Saldo tidak cukup" in response.content.decode()
        assert not EntriKas.objects.filter(uraian="Terlalu besar").exists()

    def test_correction_through_http(self, client, personas, buku):
        client.force_login(personas.pengurus)
        keluar = EntriKas.objects.get(uraian="Sembako lansia")
        assert "Koreksi entri ini" in client.get(f"/dana/entri/{keluar.pk}/").content.decode()
        response = client.post(
            f"/dana/entri/{keluar.pk}/koreksi/",
            {"tanggal": "2026-10-01", "alasan": "salah nominal"},
        )
        assert response.status_code == 302
        assert EntriKas.objects.get(membalik=keluar).saldo_setelah == 125_000 + 45_000
        detail = client.get(f"/dana/entri/{keluar.pk}/").content.decode()
        assert "Koreksi entri ini" not in detail and "Dikoreksi oleh" in detail

    def test_close_and_verify_through_http(self, client, personas, buku):
        client.force_login(personas.pengurus)
        response = client.post(f"/dana/wksbm/{buku.pk}/tutup/", {"bulan": "2026-09"})
        assert "berurutan" in " ".join(m.message for m in response.wsgi_request._messages)
        client.post(f"/dana/wksbm/{buku.pk}/tutup/", {"bulan": "2026-08"})
        client.post(f"/dana/wksbm/{buku.pk}/tutup/", {"bulan": "2026-09"})
        september = TutupBuku.objects.get(wksbm=buku, bulan=datetime.date(2026, 9, 1))
        assert september.saldo_akhir == 125_000
        response = client.post(
            f"/dana/wksbm/{buku.pk}/masuk/",
            {"tanggal": "2026-09-30", "sumber": "iuran", "jumlah": "1000", "uraian": "Terlambat"},
        )
        assert "sudah ditutup" in response.content.decode()
        client.force_login(personas.tksk)
        assert "Verifikasi" in client.get("/dana/tutup/?status=ditutup").content.decode()
        client.post(f"/dana/tutup/{september.pk}/verifikasi/", {"catatan": "cocok"})
        september.refresh_from_db()
        assert september.status == TutupBuku.Status.DIVERIFIKASI


@pytest.mark.django_db
class TestDownloads:
    def test_xlsx_has_the_right_totals(self, client, personas, buku):
        client.force_login(personas.operator)
        response = client.get(f"/dana/wksbm/{buku.pk}/buku.xlsx?bulan=2026-09")
        assert response.status_code == 200
        assert "buku-kas-62.10.02.2003-2026-09.xlsx" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.values)
        assert values[1][0] == "BUKU KAS WKSBM"
        assert ("WKSBM", "WKSBM Tanjung Riu") in [row[:2] for row in values]
        assert ("Saldo awal (Rp)", 50_000) in [row[:2] for row in values]
        start = next(i for i, row in enumerate(values) if row[0] == "No")
        entries = [row for row in values[start:] if isinstance(row[0], int)]
        assert [row[0] for row in entries] == [2, 3, 4, 5, 6]
        assert [row[6] for row in entries] == [150_000, 170_000, 150_000, 170_000, 125_000]
        assert f"Jumlah baris: {len(entries)}" in [row[0] for row in values]
        assert AuditLog.objects.filter(aksi="buku_kas_diunduh", keterangan="2026-09 xlsx").exists()
        jumlah = next(row for row in values if row[2] == "Jumlah")
        assert (jumlah[4], jumlah[5]) == (140_000, 65_000)
        akhir = next(row for row in values if row[2] == "Saldo akhir")
        assert akhir[6] == 125_000
        assert "Lusia Bendahari" in [row[0] for row in values]

    def test_pdf_text(self, client, personas, buku):
        tutup_buku_close(acting_user=personas.pengurus, wksbm=buku, bulan=AGU_30)
        client.force_login(personas.pimpinan)
        response = client.get(f"/dana/wksbm/{buku.pk}/buku.pdf?bulan=2026-09")
        assert response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
        text = "\n".join(page.extract_text() for page in reader.pages)
        for expected in (
            "BUKU KAS WKSBM",
            "WKSBM Tanjung Riu",
            "Tanjung Riu",
            "Kecamatan Kurun",
            "Periode: Bulan September 2026",
            "Saldo awal",
            "50.000",
            "140.000",
            "65.000",
            "125.000",
            "Sembako lansia",
            "Bendahara",
            "Ketua",
            "Lusia Bendahari",
            "Yohanes Ketua",
            "PEMERINTAH KABUPATEN GUNUNG MAS",
            "Jumlah baris: 5",
            "Halaman 1 dari 1",
        ):
            assert expected in text, expected

    def test_outsider_gets_404_for_downloads(self, client, personas, buku):
        client.force_login(personas.outsider)
        for path in ("buku.xlsx", "buku.pdf", ""):
            assert client.get(f"/dana/wksbm/{buku.pk}/{path}").status_code == 404
