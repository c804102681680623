"""Printable documents of a bimtek: the invitation letter per desa, the certificate, and the
daftar hadir (attendance list) as PDF and XLSX. All are laid out by the shared report layer
(wahana/laporan/pdf.py for the letters, render.py for the attendance list): the letterhead is
the organising office's configured kop, the signature the bimtek's own signing official."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wahana.laporan.kop import kop_for
from wahana.laporan.pdf import Dokumen, Penandatangan
from wahana.laporan.render import Bagian, Isi, to_pdf, to_xlsx
from wahana.lib import kode as kodelib


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


def _penandatangan(bimtek, tempat_tanggal: str = "") -> Penandatangan:
    return Penandatangan(
        atas=tempat_tanggal,
        jabatan=bimtek.penandatangan_jabatan or _("Kepala Dinas Sosial"),
        nama=bimtek.penandatangan_nama,
        nip=bimtek.penandatangan_nip,
    )


def _kota_penyelenggara(bimtek) -> str:
    """The town a letter is dated from: the venue's last part ("..., Kuala Kurun")."""
    if "," in bimtek.tempat:
        return bimtek.tempat.rsplit(",", 1)[-1].strip()
    return bimtek.wilayah.nama


def undangan_pdf(*, bimtek, sasaran, peserta, hari) -> bytes:
    """The invitation letter to the head of one target desa, naming its participants."""
    pdf = Dokumen(footer=_("Undangan %(judul)s") % {"judul": bimtek.judul})
    pdf.set_title(pdf.footer_text)
    pdf.add_page()
    pdf.kop(kop_for(bimtek.kode_wilayah))
    tanggal_surat = bimtek.tanggal_surat or timezone.localdate()
    rows = (
        (_("Nomor"), bimtek.nomor_surat or "-"),
        (_("Lampiran"), "-"),
        (_("Perihal"), _("Undangan Bimbingan Teknis")),
    )
    pdf.line_text(f"{_kota_penyelenggara(bimtek)}, {_tanggal(tanggal_surat)}", align="R")
    pdf.butir(rows, lebar_label=25)
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
    # Named participants, then empty numbered lines up to the desa's quota.
    pdf.tabel(
        [pgettext("nomor urut", "No"), _("Nama"), _("Peran dalam WKSBM"), _("L/P")],
        [
            *[
                (str(number), item.nama, item.peran_wksbm, item.jenis_kelamin)
                for number, item in enumerate(peserta, 1)
            ],
            *[(str(number), "", "", "") for number in range(len(peserta) + 1, sasaran.kuota + 1)],
        ],
        lebar=(10, 70, 60, 30),
        rata=("CENTER", "LEFT", "LEFT", "CENTER"),
        size=10,
    )
    pdf.ln(3)
    pdf.butir(
        (
            (_("Hari/tanggal"), _hari_text(hari)),
            (_("Waktu"), _jam_text(hari) or "-"),
            (_("Tempat"), bimtek.tempat),
        ),
        lebar_label=30,
    )
    pdf.ln(2)
    pdf.line_text(
        _(
            "Demikian undangan ini kami sampaikan. Atas perhatian dan kerja samanya diucapkan "
            "terima kasih."
        ),
        align="J",
    )
    pdf.tanda_tangan([_penandatangan(bimtek)])
    return pdf.hasil()


def sertifikat_pdf(*, peserta, hari, verify_url: str) -> bytes:
    """The certificate of a participant who attended every day, with its verification code."""
    bimtek = peserta.bimtek
    pdf = Dokumen(orientation="L", nomor_halaman=False)
    pdf.set_title(_("Sertifikat %(judul)s") % {"judul": bimtek.judul})
    pdf.add_page()
    pdf.set_line_width(1)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.2)
    pdf.set_y(20)
    kop = kop_for(bimtek.kode_wilayah)
    pdf.line_text(kop.pemerintah.upper(), size=13, style="B", align="C")
    pdf.line_text(kop.nama_instansi.upper(), size=13, style="B", align="C")
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
    pdf.tanda_tangan(
        [_penandatangan(bimtek, f"{_kota_penyelenggara(bimtek)}, {_tanggal(last_day)}")], size=11
    )
    # The verification lines sit at the foot of the page, below the signature.
    pdf.set_y(max(pdf.get_y() + 2, pdf.h - 28))
    pdf.line_text(
        _("Kode verifikasi: %(kode)s") % {"kode": peserta.kode_sertifikat}, size=10, align="C"
    )
    pdf.line_text(
        _("Periksa keaslian di %(url)s") % {"url": verify_url}, size=9, align="C", height=5
    )
    return pdf.hasil()


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


def daftar_hadir(*, bimtek, hari, rows) -> Isi:
    """The attendance list: one row per participant, a column per day, the test scores."""
    header, body = _daftar_hadir_rows(hari, rows)
    fixed, scores = (10, 55, 40, 30, 40, 10), (18, 18)
    return Isi(
        judul=_("Daftar Hadir Peserta"),
        periode=_hari_text(hari) or "-",
        wilayah=bimtek.wilayah.nama_lengkap,
        kop=kop_for(bimtek.kode_wilayah),
        landscape=True,
        identitas=[
            (_("Kegiatan"), bimtek.judul),
            (_("Tempat"), bimtek.tempat),
            (_("Penyelenggara"), bimtek.nama_penyelenggara),
        ],
        bagian=[
            Bagian(
                _("Daftar hadir"),
                header,
                body,
                lebar_pdf=(*fixed, *([20] * len(hari)), *scores),
                lebar_xlsx=(5, 30, 22, 22, 22, 6, *([11] * (len(hari) + 2))),
            )
        ],
        tanda_tangan=[_penandatangan(bimtek)],
    )


def daftar_hadir_pdf(*, bimtek, hari, rows) -> bytes:
    return to_pdf(daftar_hadir(bimtek=bimtek, hari=hari, rows=rows))[0]


def daftar_hadir_xlsx(*, bimtek, hari, rows) -> bytes:
    return to_xlsx(daftar_hadir(bimtek=bimtek, hari=hari, rows=rows))[0]
