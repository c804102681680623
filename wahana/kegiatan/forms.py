from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wahana.berkas.forms import BerkasField
from wahana.berkas.models import Berkas

from .models import Kegiatan
from .selectors import ppks_pilihan_for, program_pilihan_for


class KegiatanForm(forms.Form):
    judul = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    jenis = forms.ChoiceField(label=_("Jenis"), choices=Kegiatan.Jenis.choices)
    tanggal = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tempat = forms.CharField(label=_("Tempat"), max_length=200)
    uraian = forms.CharField(
        label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    jumlah_peserta = forms.IntegerField(label=_("Jumlah peserta"), min_value=0, initial=0)
    sumber_dana = forms.ChoiceField(label=_("Sumber dana"), choices=Kegiatan.SumberDana.choices)
    program = forms.ModelChoiceField(
        label=_("Program Dinsos (bila bagian dari program)"), queryset=None, required=False
    )
    penerima = forms.ModelMultipleChoiceField(
        label=_("Penerima manfaat (PPKS)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    foto = BerkasField(label=_("Foto bukti"), jenis=Berkas.Jenis.FOTO, required=False)

    def __init__(self, *args, user, kode_wilayah: str, with_foto: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tanggal"].initial = timezone.localdate()
        self.fields["program"].queryset = program_pilihan_for(kode_wilayah)
        self.fields["penerima"].queryset = ppks_pilihan_for(user, kode_wilayah)
        if not with_foto:
            del self.fields["foto"]


class FotoForm(forms.Form):
    foto = BerkasField(label=_("Foto bukti"), jenis=Berkas.Jenis.FOTO)
    keterangan = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class KembalikanForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan dikembalikan"), widget=forms.Textarea(attrs={"rows": 2})
    )
