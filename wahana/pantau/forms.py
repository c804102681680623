from django import forms
from django.utils.translation import gettext_lazy as _

from wahana.wksbm.models import BATAS_HARI_MAKS

from .models import BOBOT_BAWAAN, BobotIndeks


class RencanaForm(forms.Form):
    judul = forms.CharField(label=_("Judul rencana"), max_length=200)
    tujuan = forms.CharField(
        label=_("Tujuan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class LangkahForm(forms.Form):
    uraian = forms.CharField(label=_("Langkah"), max_length=300)
    penanggung_jawab = forms.CharField(label=_("Penanggung jawab"), max_length=120)
    batas_waktu = forms.DateField(
        label=_("Batas waktu"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class BobotForm(forms.Form):
    """The weights of each component (points) and the report deadline day."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in BOBOT_BAWAAN:
            self.fields[key] = forms.IntegerField(
                label=BobotIndeks._meta.get_field(key).verbose_name, min_value=0, max_value=100
            )
        self.fields["batas_hari_laporan"] = forms.IntegerField(
            label=_("Batas laporan: tanggal bulan berikutnya"),
            min_value=1,
            max_value=BATAS_HARI_MAKS,
        )
