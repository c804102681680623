from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wahana.akun.scope import visible_to
from wahana.berkas.forms import BerkasField
from wahana.berkas.models import Berkas
from wahana.lib import kode as kodelib
from wahana.wilayah.widgets import WilayahPicker

from .models import KUOTA_DEFAULT, PesertaBimtek

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class BimtekForm(forms.Form):
    judul = forms.CharField(label=_("Judul"), max_length=200)
    kode_wilayah = forms.CharField(
        label=_("Wilayah penyelenggara"),
        max_length=13,
        help_text=_(
            "Provinsi (mis. 62) untuk bimtek Dinsos Provinsi, kabupaten (mis. 62.10) "
            "untuk bimtek Dinsos Kabupaten."
        ),
    )
    tempat = forms.CharField(label=_("Tempat"), max_length=200)
    tanggal_mulai = forms.DateField(label=_("Tanggal mulai"), widget=DATE_WIDGET)
    tanggal_selesai = forms.DateField(
        label=_("Tanggal selesai"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Kosongkan untuk bimtek satu hari."),
    )
    jam_mulai = forms.TimeField(label=_("Jam mulai"), widget=TIME_WIDGET, required=False)
    jam_selesai = forms.TimeField(label=_("Jam selesai"), widget=TIME_WIDGET, required=False)
    topik = forms.CharField(
        label=_("Topik"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Satu topik per baris."),
    )
    keterangan = forms.CharField(
        label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    nomor_surat = forms.CharField(label=_("Nomor surat undangan"), max_length=100, required=False)
    tanggal_surat = forms.DateField(
        label=_("Tanggal surat undangan"), widget=DATE_WIDGET, required=False
    )
    penandatangan_nama = forms.CharField(
        label=_("Nama penandatangan"), max_length=120, required=False
    )
    penandatangan_jabatan = forms.CharField(
        label=_("Jabatan penandatangan"),
        max_length=120,
        required=False,
        help_text=_("Mis. Kepala Dinas Sosial Kabupaten Gunung Mas."),
    )
    penandatangan_nip = forms.CharField(label=_("NIP penandatangan"), max_length=30, required=False)

    def __init__(self, *args, acting_user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kode_wilayah"]
        else:
            self.fields["kode_wilayah"].widget = WilayahPicker(dalam=acting_user.kode_wilayah)


class SasaranForm(forms.Form):
    """The desa of one kecamatan to target, each with its quota."""

    def __init__(self, *args, desa_list, terpilih: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.desa_list = desa_list
        for desa in desa_list:
            self.fields[f"pilih_{desa.kode}"] = forms.BooleanField(
                label=desa.nama, required=False, initial=desa.kode in terpilih
            )
            self.fields[f"kuota_{desa.kode}"] = forms.IntegerField(
                label=_("Kuota"),
                min_value=1,
                max_value=50,
                initial=terpilih.get(desa.kode, KUOTA_DEFAULT),
            )

    def rows(self):
        return [
            {
                "desa": desa,
                "pilih": self[f"pilih_{desa.kode}"],
                "kuota": self[f"kuota_{desa.kode}"],
            }
            for desa in self.desa_list
        ]

    def pilihan(self) -> dict[str, int]:
        return {
            desa.kode: self.cleaned_data[f"kuota_{desa.kode}"]
            for desa in self.desa_list
            if self.cleaned_data.get(f"pilih_{desa.kode}")
        }


class KecamatanForm(forms.Form):
    kecamatan = forms.CharField(label=_("Kecamatan"), max_length=8)

    def __init__(self, *args, dalam: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].widget = WilayahPicker(
            dalam=dalam, tingkat=kodelib.TINGKAT_KECAMATAN
        )


class FasilitatorForm(forms.Form):
    nama = forms.CharField(label=_("Nama fasilitator"), max_length=120)
    instansi = forms.CharField(label=_("Instansi"), max_length=150, required=False)
    materi = forms.CharField(label=_("Materi yang dibawakan"), max_length=200, required=False)


class MateriForm(forms.Form):
    judul = forms.CharField(label=_("Judul materi"), max_length=200, required=False)
    berkas = BerkasField(label=_("Berkas (PDF/JPEG/PNG)"), jenis=Berkas.Jenis.DOKUMEN)


class PendaftaranForm(forms.Form):
    class Asal:
        PENGURUS = "pengurus"
        PSM = "psm"
        BARU = "baru"

    asal = forms.ChoiceField(
        label=_("Peserta dari"),
        choices=[
            (Asal.PENGURUS, _("Pengurus WKSBM desa ini")),
            (Asal.PSM, _("PSM desa ini")),
            (Asal.BARU, _("Orang lain (isi nama)")),
        ],
        widget=forms.RadioSelect,
        initial=Asal.PENGURUS,
    )
    pengurus = forms.ModelChoiceField(
        label=_("Pengurus WKSBM"), queryset=None, required=False, empty_label="—"
    )
    pendamping = forms.ModelChoiceField(
        label=_("PSM"), queryset=None, required=False, empty_label="—"
    )
    nama = forms.CharField(label=_("Nama"), max_length=120, required=False)
    telepon = forms.CharField(label=_("Telepon"), max_length=20, required=False)
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=[("", "—"), *PesertaBimtek.JenisKelamin.choices],
        required=False,
    )
    peran_wksbm = forms.CharField(
        label=_("Peran dalam WKSBM"),
        max_length=80,
        required=False,
        help_text=_("Untuk pengurus dan PSM terisi otomatis bila dikosongkan."),
    )

    def __init__(self, *args, user, sasaran, **kwargs):
        from wahana.pendamping.models import Pendamping
        from wahana.wksbm.models import PengurusWksbm

        super().__init__(*args, **kwargs)
        desa = sasaran.kode_wilayah
        self.fields["pengurus"].queryset = visible_to(
            PengurusWksbm.objects.filter(wilayah_id=desa, aktif=True), user
        ).order_by("nama")
        self.fields["pendamping"].queryset = (
            visible_to(Pendamping.objects.filter(jenis=Pendamping.Jenis.PSM, aktif=True), user)
            .filter(
                Q(wilayah_id=desa)
                | Q(wilayah_id=kodelib.induk(desa))
                | Q(penugasan_set__wilayah_id=desa)
            )
            .distinct()
            .order_by("nama")
        )

    def clean(self):
        data = super().clean()
        asal = data.get("asal")
        if asal == self.Asal.PENGURUS and not data.get("pengurus"):
            self.add_error("pengurus", _("Pilih pengurus WKSBM."))
        elif asal == self.Asal.PSM and not data.get("pendamping"):
            self.add_error("pendamping", _("Pilih PSM."))
        elif asal == self.Asal.BARU and not data.get("nama"):
            self.add_error("nama", _("Nama peserta wajib diisi."))
        if asal != self.Asal.PENGURUS:
            data["pengurus"] = None
        if asal != self.Asal.PSM:
            data["pendamping"] = None
        return data

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "asal"}
