"""The strings of the field app's scripts, translated on the server (the scripts carry none)."""

from django import template
from django.utils.translation import gettext as _

from ..models import Jenis

register = template.Library()


@register.simple_tag
def luring_teks() -> dict:
    """Every user-facing string of static/luring/luring.js; `%(name)s` marks a value."""
    return {
        "jenis": {value: str(label) for value, label in Jenis.choices},
        "status": {
            "menunggu": _("menunggu sinyal"),
            "ditolak": _("ditolak server — periksa"),
            "konflik": _("konflik — diteruskan ke peninjau"),
        },
        "buang": _("Buang"),
        "buang_tanya": _("Buang item ini dari ponsel? Isinya hilang."),
        "milik_lain": _(
            "%(n)s item milik pengguna lain belum terkirim di ponsel ini; masuk sebagai pengguna "
            "itu untuk mengirimnya."
        ),
        "tanpa_sinyal": _("tidak ada sinyal"),
        "sesi_berakhir": _("sesi berakhir — masuk lagi"),
        "foto_hilang": _("Foto hilang dari ponsel."),
        "referensi": _("Data acuan: %(ppks)s PPKS, %(wksbm)s WKSBM; diunduh %(waktu)s."),
        "tersimpan": _("Tersimpan di ponsel; dikirim saat ada sinyal."),
        "gagal_simpan": _("Gagal menyimpan di ponsel: %(galat)s"),
        "halaman_lain": _(
            "Halaman ini tersimpan untuk akun lain atau sesi yang sudah keluar. Buka lagi saat "
            "ada sinyal; isian tidak disimpan."
        ),
    }
