from django import forms
from django.utils.translation import gettext_lazy as _

from wahana.berkas.forms import BerkasField
from wahana.berkas.models import Berkas
from wahana.dana.bulan import parse_bulan
from wahana.wilayah.models import Wilayah

from .services import FORMAT, JENIS


def wilayah_choices(user) -> list[tuple[str, str]]:
    """The user's own region and the regions one and two levels below it, down to kecamatan."""
    prefix = user.kode_wilayah
    qs = Wilayah.objects.filter(tingkat__lte=3, aktif=True)
    if prefix:
        qs = qs.filter(kode__startswith=prefix + ".") | Wilayah.objects.filter(kode=prefix)
        depth = prefix.count(".") + 1
        qs = qs.filter(tingkat__lte=min(3, depth + 1))
    else:
        qs = qs.filter(tingkat__lte=2)
    return [(w.kode, f"{w.kode} {w.nama_lengkap}") for w in qs.order_by("kode")]


class BulanField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        bulan = parse_bulan(value)
        if bulan is None:
            raise forms.ValidationError(_("Tulis bulan sebagai tttt-bb, mis. 2026-11."))
        return bulan


class LaporanForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Laporan"), choices=[(j.kode, j.nama) for j in JENIS.values()]
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, f.upper()) for f in FORMAT], initial="xlsx"
    )
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)
    bulan = BulanField(label=_("Bulan"), required=False)
    wksbm = forms.IntegerField(label=_("Nomor WKSBM (untuk profil)"), required=False, min_value=1)
    bimtek = forms.IntegerField(label=_("Nomor bimtek"), required=False, min_value=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = wilayah_choices(user)


class KopForm(forms.Form):
    pemerintah = forms.CharField(label=_("Pemerintah"), max_length=150)
    nama_instansi = forms.CharField(label=_("Nama instansi"), max_length=150)
    alamat = forms.CharField(label=_("Alamat"), max_length=250, required=False)
    kota = forms.CharField(label=_("Kota penandatanganan"), max_length=80, required=False)
    logo = BerkasField(jenis=Berkas.Jenis.FOTO, required=False, label=_("Logo (PNG/JPEG)"))
    penandatangan_nama = forms.CharField(
        label=_("Nama penandatangan"), max_length=120, required=False
    )
    penandatangan_nip = forms.CharField(label=_("NIP"), max_length=30, required=False)
    penandatangan_jabatan = forms.CharField(label=_("Jabatan"), max_length=150, required=False)


class AgregatEksporForm(forms.Form):
    wilayah = forms.ChoiceField(label=_("Wilayah"))
    bulan = BulanField(label=_("Bulan"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = wilayah_choices(user)


class AgregatImporForm(forms.Form):
    paket = forms.FileField(label=_("Paket agregat (.zip)"))
