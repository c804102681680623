"""Printable documents of a bimtek: the invitation letter per desa, the certificate, and the
daftar hadir (attendance list) as PDF and XLSX.

PDFs use fpdf2's built-in Helvetica, so no font file has to be installed on the server; text is
folded to Latin-1 (Indonesian needs nothing beyond it)."""

import io

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from wahana.lib import kode as kodelib

_FOLD = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-"}
)


def _t(text) -> str:
    return str(text or "").translate(_FOLD).encode("latin-1", "replace").decode("latin-1")


def _tanggal(value) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def _hari_text(hari) -> str:
    """'10 Juli 2018' or '10 Juli 2018 s.d. 12 Juli 2018'."""
    if not hari:
        return ""
    first, last = hari[0].tanggal, hari[-1].tanggal
    if first == last:
        return formats.date_format(first, "l, j F Y")
    return f"{_tanggal(first)} s.d. {_tanggal(last)}"


def _jam_text(hari) -> str:
    if not hari or not hari[0].jam_mulai:
        return ""
    start = hari[0].jam_mulai.strftime("%H.%M")
    end = hari[0].jam_selesai.strftime("%H.%M") if hari[0].jam_selesai else _("selesai")
    return f"{start} - {end} WIB"


def pemerintah(bimtek) -> str:
    """'PEMERINTAH PROVINSI KALIMANTAN TENGAH' / 'PEMERINTAH KABUPATEN GUNUNG MAS'."""
    nama = bimtek.wilayah.nama
    if kodelib.tingkat(bimtek.kode_wilayah) == kodelib.TINGKAT_PROVINSI:
        nama = f"Provinsi {nama}"
    return f"Pemerintah {nama}".upper()


class _Pdf(FPDF):
    def __init__(self, orientation="P"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.set_margins(20, 15, 20)
        self.set_auto_page_break(True, margin=15)
        self.set_font("Helvetica", size=11)

    def line_text(self, text, *, size=11, style="", align="L", height=6):
        self.set_font("Helvetica", style=style, size=size)
        self.multi_cell(0, height, _t(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def kop(self, bimtek):
        """The Dinsos letterhead, as text."""
        self.line_text(pemerintah(bimtek), size=13, style="B", align="C")
        self.line_text("DINAS SOSIAL", size=15, style="B", align="C")
        self.set_line_width(0.8)
        y = self.get_y() + 1
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_line_width(0.2)
        self.ln(5)

    def tanda_tangan(self, bimtek, tempat_tanggal: str):
        self.ln(6)
        x = self.w / 2 + 10
        for text, style in (
            (tempat_tanggal, ""),
            (bimtek.penandatangan_jabatan or _("Kepala Dinas Sosial"), ""),
        ):
            if not text:
                continue
            self.set_x(x)
            self.set_font("Helvetica", style=style, size=11)
            self.multi_cell(0, 6, _t(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(18)
        self.set_x(x)
        self.set_font("Helvetica", style="BU", size=11)
        self.multi_cell(
            0,
            6,
            _t(bimtek.penandatangan_nama or "(.............................)"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        if bimtek.penandatangan_nip:
            self.set_x(x)
            self.set_font("Helvetica", size=11)
            self.multi_cell(
                0, 6, _t(f"NIP. {bimtek.penandatangan_nip}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def _kota_penyelenggara(bimtek) -> str:
    """The town a letter is dated from: the venue's last part ("..., Kuala Kurun")."""
    if "," in bimtek.tempat:
        return bimtek.tempat.rsplit(",", 1)[-1].strip()
    return bimtek.wilayah.nama


def undangan_pdf(*, bimtek, sasaran, peserta, hari) -> bytes:
    """The invitation letter to the head of one target desa, naming its participants."""
    pdf = _Pdf()
    pdf.set_title(_t(_("Undangan %(judul)s") % {"judul": bimtek.judul}))
    pdf.add_page()
    pdf.kop(bimtek)
    tanggal_surat = bimtek.tanggal_surat or timezone.localdate()
    rows = (
        (_("Nomor"), bimtek.nomor_surat or "-"),
        (_("Lampiran"), "-"),
        (_("Perihal"), _("Undangan Bimbingan Teknis")),
    )
    pdf.line_text(f"{_kota_penyelenggara(bimtek)}, {_tanggal(tanggal_surat)}", align="R")
    for label, value in rows:
        pdf.set_font("Helvetica", size=11)
        pdf.cell(25, 6, _t(label))
        pdf.cell(5, 6, ":")
        pdf.multi_cell(0, 6, _t(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    desa = sasaran.wilayah
    kepala = _("Lurah") if kodelib.is_kelurahan(desa.kode) else _("Kepala Desa")
    pdf.line_text(_("Kepada Yth."))
    pdf.line_text(f"{kepala} {desa.nama}", style="B")
    pdf.line_text(
        _("Kecamatan %(kecamatan)s") % {"kecamatan": desa.induk.nama if desa.induk_id else ""}
    )
    pdf.line_text(_("di -"))
    pdf.line_text(f"      {desa.nama}")
    pdf.ln(4)
    pdf.line_text(
        _(
            "Dengan hormat, dalam rangka %(judul)s, kami mengundang peserta dari %(desa)s "
            "berikut ini untuk hadir pada kegiatan tersebut:"
        )
        % {"judul": bimtek.judul, "desa": desa.nama},
        align="J",
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", size=10)
    with pdf.table(
        col_widths=(10, 70, 60, 30), text_align=("CENTER", "LEFT", "LEFT", "CENTER")
    ) as table:
        table.row(
            [
                _t(pgettext("nomor urut", "No")),
                _t(_("Nama")),
                _t(_("Peran dalam WKSBM")),
                _t(_("L/P")),
            ]
        )
        for number, item in enumerate(peserta, 1):
            table.row([str(number), _t(item.nama), _t(item.peran_wksbm), _t(item.jenis_kelamin)])
        for number in range(len(peserta) + 1, sasaran.kuota + 1):
            table.row([str(number), "", "", ""])
    pdf.ln(3)
    for label, value in (
        (_("Hari/tanggal"), _hari_text(hari)),
        (_("Waktu"), _jam_text(hari) or "-"),
        (_("Tempat"), bimtek.tempat),
    ):
        pdf.set_font("Helvetica", size=11)
        pdf.cell(30, 6, _t(label))
        pdf.cell(5, 6, ":")
        pdf.multi_cell(0, 6, _t(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.line_text(
        _(
            "Demikian undangan ini kami sampaikan. Atas perhatian dan kerja samanya diucapkan "
            "terima kasih."
        ),
        align="J",
    )
    pdf.tanda_tangan(bimtek, "")
    return pdf.output_bytes()


def sertifikat_pdf(*, peserta, hari, verify_url: str) -> bytes:
    """The certificate of a participant who attended every day, with its verification code."""
    bimtek = peserta.bimtek
    pdf = _Pdf(orientation="L")
    pdf.set_title(_t(_("Sertifikat %(judul)s") % {"judul": bimtek.judul}))
    pdf.add_page()
    pdf.set_line_width(1)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.2)
    pdf.set_y(20)
    pdf.line_text(pemerintah(bimtek), size=13, style="B", align="C")
    pdf.line_text("DINAS SOSIAL", size=13, style="B", align="C")
    pdf.ln(6)
    pdf.line_text("SERTIFIKAT", size=28, style="B", align="C", height=12)
    pdf.ln(4)
    pdf.line_text(_("diberikan kepada"), align="C")
    pdf.ln(2)
    pdf.line_text(peserta.nama, size=22, style="B", align="C", height=10)
    pdf.line_text(
        _("%(peran)s dari %(desa)s")
        % {"peran": peserta.peran_wksbm or _("Peserta"), "desa": peserta.wilayah.nama},
        align="C",
    )
    pdf.ln(4)
    pdf.line_text(
        _("sebagai PESERTA %(judul)s yang diselenggarakan oleh %(penyelenggara)s")
        % {"judul": bimtek.judul, "penyelenggara": bimtek.nama_penyelenggara},
        align="C",
    )
    pdf.line_text(
        _("pada %(tanggal)s di %(tempat)s")
        % {"tanggal": _hari_text(hari), "tempat": bimtek.tempat},
        align="C",
    )
    last_day = hari[-1].tanggal if hari else None
    pdf.tanda_tangan(bimtek, f"{_kota_penyelenggara(bimtek)}, {_tanggal(last_day)}")
    # The verification lines sit at the foot of the page, below the signature.
    pdf.set_y(max(pdf.get_y() + 2, pdf.h - 28))
    pdf.line_text(
        _("Kode verifikasi: %(kode)s") % {"kode": peserta.kode_sertifikat}, size=10, align="C"
    )
    pdf.line_text(
        _("Periksa keaslian di %(url)s") % {"url": verify_url}, size=9, align="C", height=5
    )
    return pdf.output_bytes()


def _daftar_hadir_rows(hari, rows):
    header = [
        pgettext("nomor urut", "No"),
        _("Nama"),
        _("Desa/Kelurahan"),
        _("Kecamatan"),
        _("Peran dalam WKSBM"),
        _("L/P"),
        *[formats.date_format(h.tanggal, "d/m/Y") for h in hari],
        _("Pre-test"),
        _("Post-test"),
    ]
    body = []
    for number, row in enumerate(rows, 1):
        peserta = row["peserta"]
        body.append(
            [
                number,
                peserta.nama,
                peserta.wilayah.nama,
                peserta.wilayah.induk.nama if peserta.wilayah.induk_id else "",
                peserta.peran_wksbm,
                peserta.jenis_kelamin,
                *[_("Hadir") if sel["hadir"] else "-" for sel in row["sel"]],
                peserta.nilai_pre_test,
                peserta.nilai_post_test,
            ]
        )
    return header, body


def daftar_hadir_pdf(*, bimtek, hari, rows) -> bytes:
    pdf = _Pdf(orientation="L")
    pdf.set_title(_t(_("Daftar hadir %(judul)s") % {"judul": bimtek.judul}))
    pdf.add_page()
    pdf.kop(bimtek)
    pdf.line_text(_("DAFTAR HADIR PESERTA"), size=13, style="B", align="C")
    pdf.line_text(bimtek.judul, style="B", align="C")
    pdf.line_text(f"{_hari_text(hari)} · {bimtek.tempat}", align="C")
    pdf.ln(3)
    header, body = _daftar_hadir_rows(hari, rows)
    day_width = 20
    fixed = (10, 55, 40, 30, 40, 10)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    scores = (18, 18)
    remaining = width - sum(fixed) - sum(scores)
    day_width = max(12, min(day_width, remaining / max(len(hari), 1)))
    pdf.set_font("Helvetica", size=9)
    with pdf.table(
        col_widths=(*fixed, *([day_width] * len(hari)), *scores),
        width=sum(fixed) + day_width * len(hari) + sum(scores),
        repeat_headings=1,
    ) as table:
        table.row([_t(h) for h in header])
        for line in body:
            table.row([_t("" if v is None else v) for v in line])
    pdf.ln(3)
    pdf.line_text(
        _("Jumlah peserta: %(n)d. Dicetak %(waktu)s.")
        % {"n": len(body), "waktu": formats.date_format(timezone.localtime(), "j F Y, H.i")},
        size=9,
    )
    return pdf.output_bytes()


def daftar_hadir_xlsx(*, bimtek, hari, rows) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet(_("Daftar hadir")[:31])
    bold = workbook.add_format({"bold": True})
    head = workbook.add_format({"bold": True, "bg_color": "#E6F2EC", "border": 1})
    sheet.write(0, 0, bimtek.judul, bold)
    sheet.write(1, 0, f"{_hari_text(hari)} · {bimtek.tempat}")
    sheet.write(2, 0, bimtek.nama_penyelenggara)
    header, body = _daftar_hadir_rows(hari, rows)
    first = 4
    sheet.write_row(first, 0, header, head)
    for offset, line in enumerate(body, 1):
        sheet.write_row(first + offset, 0, ["" if v is None else v for v in line])
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 4, 22)
    sheet.set_column(5, 5 + len(hari) + 2, 11)
    sheet.freeze_panes(first + 1, 2)
    workbook.close()
    return out.getvalue()
