"""The field forms. Their field names are the keys of the outbox item's data, so the same
payload comes from the offline script (FormData) and from a plain POST without JavaScript."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from wahana.akun.scope import region_q, visible_to
from wahana.kegiatan.models import Kegiatan
from wahana.lib import kode as kodelib
from wahana.ppks.models import JenisPpks, Ppks
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import Wksbm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _desa_choices(user):
    desa = Wilayah.objects.filter(region_q(user.kode_wilayah, "kode"), tingkat=kodelib.TINGKAT_DESA)
    return [(w.kode, w.nama) for w in desa.order_by("nama")]


class _Lapangan(forms.Form):
    client_id = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_id"].initial = str(uuid.uuid4())
        if "kode_wilayah" in self.fields:
            self.fields["kode_wilayah"].choices = _desa_choices(user)


class PpksLapanganForm(_Lapangan):
    kode_wilayah = forms.ChoiceField(label=_("Desa/kelurahan"))
    nama = forms.CharField(label=_("Nama"), max_length=150)
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False)
    no_kk = forms.CharField(label=_("No KK"), max_length=16, required=False)
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=[("", "—"), *Ppks.JenisKelamin.choices], required=False
    )
    tempat_lahir = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    tanggal_lahir = forms.DateField(label=_("Tanggal lahir"), widget=DATE, required=False)
    dusun = forms.CharField(label=_("Dusun"), max_length=100, required=False)
    rt = forms.CharField(label=_("RT"), max_length=5, required=False)
    rw = forms.CharField(label=_("RW"), max_length=5, required=False)
    alamat = forms.CharField(
        label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kebutuhan = forms.CharField(
        label=_("Kebutuhan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    jenis = forms.MultipleChoiceField(
        label=_("Jenis PPKS"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    konfirmasi_duplikat = forms.BooleanField(
        label=_("Simpan walaupun mirip data yang sudah ada"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [
            (j.kode, f"{j.kode} {j.nama}") for j in JenisPpks.objects.berlaku()
        ]


class KegiatanLapanganForm(_Lapangan):
    wksbm_id = forms.ChoiceField(label=_("WKSBM"), required=False)
    judul = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    jenis = forms.ChoiceField(label=_("Jenis"), choices=Kegiatan.Jenis.choices)
    tanggal = forms.DateField(label=_("Tanggal"), widget=DATE)
    tempat = forms.CharField(label=_("Tempat"), max_length=200)
    uraian = forms.CharField(
        label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    jumlah_peserta = forms.IntegerField(label=_("Jumlah peserta"), min_value=0, initial=0)
    sumber_dana = forms.ChoiceField(label=_("Sumber dana"), choices=Kegiatan.SumberDana.choices)
    foto = forms.ImageField(label=_("Foto"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["wksbm_id"].choices = [("", _("— dipimpin sendiri (PSM/TKSK) —"))] + [
            (str(w.pk), w.nama) for w in visible_to(Wksbm.objects.all(), user).order_by("nama")
        ]


def payload_from(form: forms.Form) -> dict:
    """The outbox item data of a submitted form, shaped as the offline script shapes it."""
    data = {}
    for name, value in form.cleaned_data.items():
        if name in ("client_id", "foto"):
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    return data
