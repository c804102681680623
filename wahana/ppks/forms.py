from django import forms
from django.utils.translation import gettext_lazy as _

from wahana.lib import kode as kodelib
from wahana.wilayah.widgets import WilayahPicker

from .models import JenisPpks, LayananPpks, Ppks, RujukanPpks
from .services import FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PpksForm(forms.ModelForm):
    """The PPKS form. NIK and No KK are never pre-filled (that would show them): left empty on
    edit, the stored numbers are kept."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=40,
        required=False,
        help_text=_("16 digit. Boleh kosong untuk kelompok/komunitas."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    no_kk = forms.CharField(
        label=_("No KK"),
        max_length=40,
        required=False,
        help_text=_("16 digit nomor Kartu Keluarga."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kode_wilayah = forms.CharField(label=_("Desa/kelurahan"), max_length=13)
    konfirmasi_duplikat = forms.BooleanField(
        label=_("Saya sudah memeriksa data yang mirip; ini orang yang berbeda."),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Ppks
        fields = [*FIELDS, "jenis"]
        widgets = {
            "tanggal_lahir": DATE,
            "tanggal_persetujuan": DATE,
            "tanggal_ditemukan": DATE,
            "jenis": forms.CheckboxSelectMultiple,
            "kebutuhan": forms.Textarea(attrs={"rows": 3}),
            "disabilitas_keterangan": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = [
        "subjek",
        "nik",
        "no_kk",
        "nama",
        "jenis_kelamin",
        "tempat_lahir",
        "tanggal_lahir",
        "kode_wilayah",
        "dusun",
        "rt",
        "rw",
        "alamat",
        "jenis",
    ]

    def __init__(self, *args, acting_user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].queryset = JenisPpks.objects.berlaku()
        self.fields["kode_wilayah"].widget = WilayahPicker(
            dalam=acting_user.kode_wilayah, tingkat=kodelib.TINGKAT_DESA
        )
        if editing:
            self.fields["nik"].help_text = _("Kosongkan untuk mempertahankan NIK yang tersimpan.")
            self.fields["no_kk"].help_text = _(
                "Kosongkan untuk mempertahankan No KK yang tersimpan."
            )

    def show_duplicate_confirmation(self) -> None:
        self.fields["konfirmasi_duplikat"].widget = forms.CheckboxInput()

    def clean_kode_wilayah(self):
        value = self.cleaned_data["kode_wilayah"].strip()
        if kodelib.tingkat(value) != kodelib.TINGKAT_DESA or not kodelib.is_valid(value):
            raise forms.ValidationError(_("Pilih sebuah desa/kelurahan."))
        return value

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "data": {name: data.get(name) for name in FIELDS},
            "kode_wilayah": data["kode_wilayah"],
            "jenis": list(data.get("jenis") or []),
            "nik": data.get("nik") or "",
            "no_kk": data.get("no_kk") or "",
        }


class RevealForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan melihat NIK"),
        max_length=500,
        min_length=5,
        help_text=_("Dicatat dalam jejak audit."),
    )


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan / dasar"), max_length=500, min_length=5)


class NikSearchForm(forms.Form):
    nik = forms.CharField(label=_("Cari dengan NIK"), max_length=40)


class LayananForm(forms.ModelForm):
    class Meta:
        model = LayananPpks
        fields = ["jenis", "tanggal", "penyedia", "penyedia_nama", "keterangan"]
        widgets = {"tanggal": DATE, "keterangan": forms.Textarea(attrs={"rows": 3})}


class RujukanForm(forms.ModelForm):
    class Meta:
        model = RujukanPpks
        fields = ["lembaga", "tanggal", "alasan"]
        widgets = {"tanggal": DATE, "alasan": forms.Textarea(attrs={"rows": 3})}


class RujukanStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=RujukanPpks.Status.choices)
    tanggal = forms.DateField(label=_("Tanggal"), widget=DATE)
    catatan = forms.CharField(label=_("Catatan"), required=False, max_length=1000)


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas XLSX atau CSV"),
        help_text=_("Gunakan templat. Maksimal 50 MB."),
    )

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        name = upload.name.lower()
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise forms.ValidationError(_("Hanya berkas .xlsx atau .csv yang dapat diimpor."))
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas lebih dari 50 MB."))
        return upload
