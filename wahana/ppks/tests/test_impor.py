"""Import: dry run row by row, commit all or nothing, re-import changes nothing, messy files."""

import datetime
import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from wahana.audit.models import AuditLog
from wahana.conftest import DESA_A, DESA_B, KABUPATEN

from .. import impor
from ..models import ImporBaris, ImporPpks, Ppks
from .factories import make_nik, make_no_kk, ppks_make

HEADER = ["NIK", "No. KK", "Nama Lengkap", "L/P", "Tgl Lahir", "Kecamatan", "Desa/Kelurahan",
          "RT", "Jenis PPKS", "Desil"]  # fmt: skip
NIK_A = make_nik(birth=datetime.date(1980, 8, 5), sex="P", serial=11)
NIK_B = make_nik(birth=datetime.date(1962, 1, 2), sex="L", serial=12)
NIK_C = make_nik(birth=datetime.date(1990, 12, 31), sex="L", serial=13)
KK = make_no_kk(serial=77)


def workbook(rows, *, header=HEADER) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    r, c, datetime.datetime.combine(value, datetime.time()), date_format
                )
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


MESSY = [
    # 2: a clean new record, NIK with a leading apostrophe and spaces, Indonesian month name
    [
        f"'{NIK_A} ",
        KK,
        "Siti Aminah",
        "P",
        "5 Agustus 1980",
        "Kurun",
        "Tanjung Riu",
        "3",
        "24; 23",
        "2",
    ],
    # 3: NIK stored as a number: the 16th digit is gone
    [float(NIK_B), "", "Andreas Liang", "L", "02/01/1962", "Kurun", "Tanjung Riu", "", "08", ""],
    # 4: NIK in scientific notation
    ["6.21002E+15", "", "Yohana", "P", "", "Kurun", "Tanjung Riu", "", "24", ""],
    # 5: unknown desa: a typo
    [
        NIK_C,
        "",
        "Markus Ulin",
        "L",
        datetime.date(1990, 12, 31),
        "Kurun",
        "Tanjung Ryu",
        "",
        "24",
        "",
    ],
    # 6: the same row as row 2 again
    [
        f"'{NIK_A} ",
        KK,
        "Siti Aminah",
        "P",
        "5 Agustus 1980",
        "Kurun",
        "Tanjung Riu",
        "3",
        "24; 23",
        "2",
    ],
    # 7: impossible date segment in the NIK
    ["6210023202800001", "", "Nama Salah", "L", "", "Kurun", "Tanjung Riu", "", "24", ""],
    # 8: an empty row is skipped
    ["", "", "", "", "", "", "", "", "", ""],
]


@pytest.fixture
def inline(monkeypatch):
    """Run import steps in the request instead of a thread (one test transaction)."""
    monkeypatch.setattr(impor, "start_background", impor.run_safely)


def upload(client, user, content: bytes, name="ppks.xlsx"):
    client.force_login(user)
    response = client.post("/ppks/impor/", {"berkas": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content
    return ImporPpks.objects.latest("pk")


def verdicts(imp) -> dict[int, tuple[str, str]]:
    return {b.nomor: (b.aksi, " ".join(b.pesan)) for b in ImporBaris.objects.filter(impor=imp)}


@pytest.mark.django_db
class TestImport:
    def test_dry_run_explains_every_row_and_writes_nothing(self, client, personas, inline):
        imp = upload(client, personas.operator, workbook(MESSY))
        assert imp.status == ImporPpks.Status.DIPERIKSA
        rows = verdicts(imp)
        assert rows[2][0] == "baru"
        assert rows[3][0] == "tolak" and "15 digit" in rows[3][1]
        assert rows[4][0] == "tolak" and "notasi ilmiah" in rows[4][1]
        assert rows[5][0] == "tolak" and "Tanjung Riu (62.10.02.2003)" in rows[5][1]
        assert rows[6][0] == "tolak" and "Baris ganda" in rows[6][1] and "baris 2" in rows[6][1]
        assert rows[7][0] == "tolak" and "tanggal lahir" in rows[7][1]
        assert 8 not in rows
        assert (imp.jumlah_baru, imp.jumlah_tolak) == (1, 5)
        assert not Ppks.objects.exists()
        # The spreadsheet (NIK in clear) is gone; refused rows are kept encrypted.
        assert not imp.berkas
        stored = list(ImporBaris.objects.filter(impor=imp).values_list("asli_sandi", "data"))
        assert NIK_A not in str(stored) and NIK_C not in str(stored)
        page = client.get(f"/ppks/impor/{imp.pk}/")
        assert "notasi ilmiah" in page.content.decode() and b"Simpan semua" in page.content

    def test_commit_then_reimport_changes_nothing(self, client, personas, inline):
        existing = ppks_make(
            nama="Andreas Liang", nik=NIK_B, tanggal_lahir=datetime.date(1962, 1, 2)
        )
        rows = [
            [
                NIK_A,
                KK,
                "Siti Aminah",
                "P",
                "05/08/1980",
                "Kurun",
                "Tanjung Riu",
                "3",
                "24; 23",
                "2",
            ],
            [NIK_B, "", "Andreas Liang", "L", "02/01/1962", "", "Tanjung Riu", "", "08", "1"],
        ]
        content = workbook(rows)
        imp = upload(client, personas.operator, content)
        assert verdicts(imp) == {2: ("baru", ""), 3: ("ubah", "Berubah: desil_dtsen, jenis")}
        response = client.post(f"/ppks/impor/{imp.pk}/simpan/")
        assert response.status_code == 302
        imp.refresh_from_db()
        assert imp.status == ImporPpks.Status.SELESAI
        created = Ppks.objects.get(nama="Siti Aminah")
        assert created.kode_wilayah == DESA_A and created.desil_dtsen == 2
        assert created.tanggal_lahir == datetime.date(1980, 8, 5) and created.rt == "3"
        assert sorted(created.jenis.values_list("kode", flat=True)) == ["23", "24"]
        assert created.no_kk_samaran == KK[:4] + "*" * 10 + KK[-2:]
        existing.refresh_from_db()
        assert existing.desil_dtsen == 1
        assert list(existing.jenis.values_list("kode", flat=True)) == ["08"]
        assert AuditLog.objects.filter(aksi="ppks_diimpor", objek_id=str(imp.pk)).exists()
        before = list(Ppks.objects.order_by("pk").values())
        again = upload(client, personas.operator, content)
        assert {v[0] for v in verdicts(again).values()} == {"sama"}
        assert client.post(f"/ppks/impor/{again.pk}/simpan/").status_code == 302
        assert list(Ppks.objects.order_by("pk").values()) == before

    def test_changed_row_report_is_translated(self, client, personas, inline, monkeypatch):
        # The row report is stored in the language of whoever checks the file: every part of
        # it goes through gettext, the "Berubah:" before the changed columns included.
        monkeypatch.setattr(impor, "_", lambda text: f"[{text}]")
        ppks_make(nama="Andreas Liang", nik=NIK_B, tanggal_lahir=datetime.date(1962, 1, 2))
        row = [NIK_B, "", "Andreas Liang", "L", "02/01/1962", "", "Tanjung Riu", "", "08", "1"]
        imp = upload(client, personas.operator, workbook([row]))
        assert verdicts(imp) == {2: ("ubah", "[Berubah: desil_dtsen, jenis]")}

    def test_commit_is_all_or_nothing(self, client, personas, inline):
        rows = [
            [NIK_A, "", "Siti Aminah", "P", "05/08/1980", "", "Tanjung Riu", "", "24", ""],
            [NIK_C, "", "Markus Ulin", "L", "31/12/1990", "", "Sepang Kota", "", "24", ""],
        ]
        imp = upload(client, personas.operator, workbook(rows))
        assert imp.jumlah_baru == 2
        # Between the dry run and the commit someone registers the second person.
        ppks_make(nama="Markus", nik=NIK_C, kode=DESA_B, tanggal_lahir=datetime.date(1990, 12, 31))
        client.post(f"/ppks/impor/{imp.pk}/simpan/")
        imp.refresh_from_db()
        assert imp.status == ImporPpks.Status.GAGAL and "Tidak ada yang disimpan" in imp.pesan
        assert not Ppks.objects.filter(nama="Siti Aminah").exists()

    def test_out_of_scope_nik_refused_without_details(self, client, personas, inline):
        ppks_make(nama="Warga Kobar", nik=NIK_A, kode="62.01.01.2001")
        rows = [[NIK_A, "", "Siti Aminah", "P", "", "", "Tanjung Riu", "", "24", ""]]
        imp = upload(client, personas.operator, workbook(rows))
        ((aksi, pesan),) = verdicts(imp).values()
        assert aksi == "tolak" and "di luar cakupan" in pesan and "Kobar" not in pesan

    def test_error_sheet_lists_refused_rows_with_reasons(self, client, personas, inline, tmp_path):
        imp = upload(client, personas.operator, workbook(MESSY))
        response = client.get(f"/ppks/impor/{imp.pk}/ditolak.xlsx")
        assert response.status_code == 200
        path = tmp_path / "ditolak.xlsx"
        with open(path, "wb") as handle:
            handle.write(response.content)
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        assert rows[0][:3] == ["baris", "alasan", "NIK"]
        assert [int(r[0]) for r in rows[1:]] == [3, 4, 5, 6, 7]
        assert "15 digit" in rows[1][1] and rows[3][4] == "Markus Ulin"

    def test_csv_with_semicolons_and_windows_encoding(self, client, personas, inline):
        text = "nik;nama;desa;jenis_ppks;tanggal_lahir\n" + (
            f"{NIK_A};Siti Aminah;Tanjung Riu;Fakir Miskin;05-08-1980\n"
            "6210020101700001;José Ñandú;Tanjung Riu;24;1 Januari 1970\n"
        )
        imp = upload(client, personas.operator, text.encode("cp1252"), name="ppks.csv")
        rows = verdicts(imp)
        assert rows[2][0] == "baru" and rows[3][0] == "baru"
        assert ImporBaris.objects.get(impor=imp, nomor=3).nama == "José Ñandú"

    def test_ragged_rows_and_unmapped_columns(self, client, personas, inline):
        """Rows shorter than the header read their missing cells as empty; a column the import
        does not know (here after every known one) is never read as a missing one (a missing
        `subjek` must stay perorangan, not become the cell beside it)."""
        text = "nik,nama,desa,jenis_ppks,tanggal_lahir,catatan\n" + (
            f"{NIK_A},Siti Aminah,Tanjung Riu,24,05/08/1980,kelompok\n"
            f"{NIK_B},Paulus Liang,Tanjung Riu\n"
            f"{NIK_C},Markus Ulin\n"
        )
        imp = upload(client, personas.operator, text.encode(), name="ppks.csv")
        rows = verdicts(imp)
        assert rows[2][0] == "baru" and rows[3][0] == "tolak" and rows[4][0] == "tolak"
        assert "Jenis PPKS wajib" in rows[3][1] and "Desa/kelurahan wajib" in rows[4][1]
        staged = ImporBaris.objects.get(impor=imp, nomor=2).data
        assert staged["subjek"] == Ppks.Subjek.PERORANGAN and staged["jenis"]

    def test_repeated_nik_same_or_different_content(self, client, personas, inline):
        """The second row with a NIK already in the file is refused; the message says whether it
        repeats the first (same cleaned values, however written) or differs from it."""
        first = [NIK_A, KK, "Siti Aminah", "P", "05/08/1980", "Kurun", "Tanjung Riu", "3", "24", ""]
        same = [f"'{NIK_A} ", KK, " Siti  Aminah", "P", "5 Agustus 1980", "Kurun",
                "Tanjung Riu", "3", "24", ""]  # fmt: skip
        other = [NIK_A, KK, "Siti Aminah", "P", "05/08/1980", "Kurun", "Tanjung Riu", "4", "24", ""]
        imp = upload(client, personas.operator, workbook([first, same, other]))
        rows = verdicts(imp)
        assert rows[2][0] == "baru"
        assert rows[3][0] == "tolak" and "sama persis dengan baris 2" in rows[3][1]
        assert rows[4][0] == "tolak" and "baris 2 dengan isi berbeda" in rows[4][1]

    def test_missing_columns_fail_clearly(self, client, personas, inline):
        imp = upload(client, personas.operator, workbook([["x"]], header=["Nomor"]))
        assert imp.status == ImporPpks.Status.GAGAL and "Kolom wajib" in imp.pesan

    def test_only_pengelola_import_and_others_get_404(self, client, personas):
        for user in (personas.psm, personas.pimpinan, personas.tksk):
            client.force_login(user)
            assert client.get("/ppks/impor/").status_code == 404
        imp = ImporPpks.objects.create(
            dibuat_oleh=personas.operator,
            wilayah_id="62.10",
            nama_berkas="x.xlsx",
            berkas="ppks-impor/x.xlsx",
        )
        client.force_login(personas.operator_lain)
        assert client.get(f"/ppks/impor/{imp.pk}/").status_code == 404

    def test_progress_partial_polls_while_running(self, client, personas):
        imp = ImporPpks.objects.create(
            dibuat_oleh=personas.operator,
            wilayah_id="62.10",
            nama_berkas="x.xlsx",
            berkas="ppks-impor/x.xlsx",
            status=ImporPpks.Status.MEMERIKSA,
            total_baris=200,
            diproses=50,
        )
        client.force_login(personas.operator)
        response = client.get(f"/ppks/impor/{imp.pk}/?kemajuan=1", HTTP_HX_REQUEST="true")
        assert b'value="25"' in response.content and b"hx-trigger" in response.content
        ImporPpks.objects.filter(pk=imp.pk).update(status=ImporPpks.Status.DIPERIKSA)
        response = client.get(f"/ppks/impor/{imp.pk}/?kemajuan=1", HTTP_HX_REQUEST="true")
        assert response.status_code == 204 and response["HX-Refresh"] == "true"

    def test_templates_download(self, client, personas):
        client.force_login(personas.operator)
        response = client.get("/ppks/impor/templat/")
        assert response.status_code == 200 and response.content[:2] == b"PK"
        csv = client.get("/ppks/impor/templat/?format=csv")
        assert csv.content.decode("utf-8-sig").startswith("nik,no_kk,nama")


@pytest.mark.django_db
def test_commit_opens_review_pairs_for_similar_people(client, personas, inline):
    from ..models import DuplikatPpks

    earlier = ppks_make(
        nama="Hj. Siti Aminah",
        kode=DESA_B,
        tanggal_lahir=datetime.date(1980, 8, 5),
        jenis_kelamin="P",
    )
    bystander = ppks_make(
        nama="Siti Aminah",
        kode="62.01.01.2001",
        tanggal_lahir=datetime.date(1980, 8, 5),
        jenis_kelamin="P",
    )
    rows = [[NIK_A, "", "Siti Aminah", "P", "05/08/1980", "", "Tanjung Riu", "", "24", ""]]
    imp = upload(client, personas.operator, workbook(rows))
    client.post(f"/ppks/impor/{imp.pk}/simpan/")
    created = Ppks.objects.get(nama="Siti Aminah", wilayah_id=DESA_A)
    pair = DuplikatPpks.objects.get()
    assert (pair.utama, pair.duplikat, pair.kode_wilayah) == (earlier, created, "62.10")
    assert not DuplikatPpks.objects.filter(utama=bystander).exists()


@pytest.mark.django_db
def test_commit_pairs_records_of_the_same_file_across_batches(
    client, personas, inline, monkeypatch
):
    """The duplicate search runs once after every batch is written: a record pairs with a stored
    one and with an earlier record of the same file in another batch (older record first), and
    never with a similar name born another day, in another kabupaten or dissimilar."""
    from ..models import DuplikatPpks

    monkeypatch.setattr(impor, "BATCH", 1)
    born = datetime.date(1980, 8, 5)
    stored = ppks_make(nama="Siti Aminah", kode=DESA_B, tanggal_lahir=born, jenis_kelamin="P")
    ppks_make(nama="Siti Aminah", kode="62.01.01.2001", tanggal_lahir=born, jenis_kelamin="P")
    niks = [make_nik(birth=born, sex="P", serial=serial) for serial in (31, 32, 33)]
    other_day = make_nik(birth=datetime.date(1980, 8, 6), sex="P", serial=34)
    rows = [
        [niks[0], "", "Sitiaminah", "P", "05/08/1980", "", "Tanjung Riu", "", "24", ""],
        [niks[1], "", "Yohana Lambung", "P", "05/08/1980", "", "Tanjung Riu", "", "24", ""],
        [other_day, "", "Johana Lambung", "P", "06/08/1980", "", "Tanjung Riu", "", "24", ""],
        [niks[2], "", "Johana Lambung", "P", "05/08/1980", "", "Tanjung Riu", "", "24", ""],
    ]
    imp = upload(client, personas.operator, workbook(rows))
    client.post(f"/ppks/impor/{imp.pk}/simpan/")
    name_of = dict(Ppks.objects.values_list("pk", "nama"))
    found = {
        (name_of[utama], name_of[duplikat], utama < duplikat)
        for utama, duplikat in DuplikatPpks.objects.values_list("utama", "duplikat")
    }
    assert found == {
        ("Siti Aminah", "Sitiaminah", True),
        ("Yohana Lambung", "Johana Lambung", True),
    }
    assert DuplikatPpks.objects.filter(utama=stored).count() == 1


@pytest.mark.django_db(transaction=True)
def test_commit_progress_written_beside_the_open_transaction(personas):
    """The commit's progress goes to the import row from a second connection while the commit's
    transaction is open, so the claim of the import must not lock that row (with a row lock the
    commit waited for ever on PostgreSQL: each connection waited for the other)."""
    import threading

    from django.db import connection

    rows = [
        [make_nik(birth=datetime.date(1970, 1, 1 + n), serial=40 + n), "", f"Warga {n}", "L",
         f"{1 + n:02d}/01/1970", "Kurun", "Tanjung Riu", "", "24", ""]
        for n in range(3)
    ]  # fmt: skip
    upload_file = SimpleUploadedFile("ppks.xlsx", workbook(rows))
    imp = impor.impor_create(acting_user=personas.operator, upload=upload_file)
    impor.impor_check(impor=imp)
    assert imp.jumlah_baru == 3

    def commit():
        try:
            impor.impor_commit(acting_user=personas.operator, impor=imp)
        finally:
            connection.close()

    worker = threading.Thread(target=commit, daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), "the commit waits for its own progress writer"
    imp.refresh_from_db()
    assert (imp.status, imp.diproses, Ppks.objects.count()) == (ImporPpks.Status.SELESAI, 3, 3)


def test_a_queued_import_page_polls_until_its_check_starts(client, personas):
    """The check's thread may start after the page is shown: a queued import polls too (a
    browser test waited at "Menunggu" for ever when the thread lost that race)."""
    imp = ImporPpks.objects.create(
        wilayah_id=KABUPATEN, dibuat_oleh=personas.operator, nama_berkas="antre.xlsx"
    )
    assert imp.status == ImporPpks.Status.MENUNGGU
    client.force_login(personas.operator)
    assert 'id="kemajuan"' in client.get(f"/ppks/impor/{imp.pk}/").content.decode()
    poll = client.get(f"/ppks/impor/{imp.pk}/", {"kemajuan": "1"}, HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and 'id="kemajuan"' in poll.content.decode()
