from django import forms
from django.utils.translation import gettext_lazy as _


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    aksi = forms.ChoiceField(label=_("Aksi"), required=False)
    pelaku = forms.CharField(label=_("Pengguna"), max_length=150, required=False)
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=_date_widget())
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=_date_widget())

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aksi"].choices = [("", _("Semua aksi"))] + [(a, a) for a in actions]

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data
