import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wahana.akun.models import Peran, User
from wahana.akun.scope import region_q, scope_of
from wahana.berkas.forms import BerkasField
from wahana.berkas.models import Berkas
from wahana.lib import kode as kodelib
from wahana.wilayah.widgets import WilayahPicker

from .models import FotoKunjungan, Kunjungan, Pendamping, Program, TindakLanjut
from .selectors import pendamping_list_visible_to, program_list_visible_to


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PendampingForm(forms.ModelForm):
    kode_wilayah = forms.CharField(
        label=_("Kode wilayah tugas"),
        max_length=13,
        help_text=_("Kecamatan untuk TKSK; kecamatan atau desa tempat tinggal untuk PSM."),
    )
    dokumen_sk = BerkasField(jenis=Berkas.Jenis.DOKUMEN, required=False, label=_("Dokumen SK"))

    class Meta:
        model = Pendamping
        fields = [
            "jenis",
            "nama",
            "nik",
            "nomor_anggota",
            "tanggal_lahir",
            "jenis_kelamin",
            "telepon",
            "alamat",
            "pendidikan",
            "tahun_diangkat",
            "nomor_sk",
            "tanggal_sk",
            "masa_mulai",
            "masa_selesai",
            "aktif",
            "akun",
        ]
        widgets = {
            "tanggal_lahir": _date_widget(),
            "tanggal_sk": _date_widget(),
            "masa_mulai": _date_widget(),
            "masa_selesai": _date_widget(),
            "alamat": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        prefix = scope_of(acting_user) or ""
        self.fields["kode_wilayah"].widget = WilayahPicker(dalam=prefix)
        if self.instance.pk:
            self.fields["kode_wilayah"].initial = self.instance.wilayah_id
        # Only TKSK and PSM accounts inside the operator's area can be linked.
        self.fields["akun"].queryset = User.objects.filter(
            region_q(prefix), peran__in=[Peran.TKSK, Peran.PSM]
        ).order_by("username")
        self.fields["akun"].required = False

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("nik", "nomor_anggota", "telepon", "alamat", "nomor_sk"):
            data[name] = data.get(name) or ""
        return data

    def _post_clean(self):
        # The service validates the record (NIK, one active TKSK, account); skip the model's.
        pass


class PenugasanForm(forms.Form):
    kode_wilayah = forms.CharField(label=_("Kode desa/kelurahan"), max_length=13)
    mulai = forms.DateField(label=_("Mulai"), required=False, widget=_date_widget())

    def __init__(self, *args, dalam: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kode_wilayah"].widget = WilayahPicker(
            dalam=dalam, tingkat=kodelib.TINGKAT_DESA
        )


class KunjunganForm(forms.Form):
    pendamping = forms.ModelChoiceField(label=_("Pendamping"), queryset=Pendamping.objects.none())
    kode_wilayah = forms.CharField(label=_("Kode desa/kelurahan"), max_length=13)
    tanggal = forms.DateField(label=_("Tanggal"), widget=_date_widget())
    jenis = forms.ChoiceField(label=_("Jenis kegiatan"), choices=Kunjungan.Jenis.choices)
    uraian = forms.CharField(label=_("Uraian kegiatan"), max_length=300)
    temuan = forms.CharField(
        label=_("Temuan/permasalahan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    wksbm = forms.ModelChoiceField(label=_("WKSBM"), queryset=None, required=False)
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), required=False
    )
    foto_1 = BerkasField(jenis=Berkas.Jenis.FOTO, required=False, label=_("Foto 1"))
    foto_2 = BerkasField(jenis=Berkas.Jenis.FOTO, required=False, label=_("Foto 2"))
    foto_3 = BerkasField(jenis=Berkas.Jenis.FOTO, required=False, label=_("Foto 3"))

    def __init__(self, *args, acting_user, **kwargs):
        from wahana.akun.scope import visible_to
        from wahana.wksbm.models import Wksbm

        super().__init__(*args, **kwargs)
        pendamping = pendamping_list_visible_to(acting_user, aktif=True)
        if not acting_user.is_pengelola:
            pendamping = pendamping.filter(akun=acting_user)
        self.fields["pendamping"].queryset = pendamping
        self.fields["kode_wilayah"].widget = WilayahPicker(
            dalam=acting_user.kode_wilayah, tingkat=kodelib.TINGKAT_DESA
        )
        self.fields["wksbm"].queryset = visible_to(
            Wksbm.objects.filter(tingkat=Wksbm.Tingkat.DESA), acting_user
        ).order_by("nama")
        self.fields["program"].queryset = program_list_visible_to(acting_user)

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise forms.ValidationError(_("Tanggal kunjungan tidak boleh di masa depan."))
        return tanggal

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["foto"] = [data.pop(f"foto_{i}") for i in (1, 2, 3) if data.get(f"foto_{i}")]
        for i in (1, 2, 3):
            data.pop(f"foto_{i}", None)
        return data


class KunjunganUpdateForm(KunjunganForm):
    """Correct a visit: the worker and the desa stay; photos can be added and removed."""

    hapus_foto = forms.ModelMultipleChoiceField(
        label=_("Hapus foto"),
        queryset=FotoKunjungan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, acting_user, kunjungan: Kunjungan, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "tanggal": kunjungan.tanggal,
                "jenis": kunjungan.jenis,
                "uraian": kunjungan.uraian,
                "temuan": kunjungan.temuan,
                "wksbm": kunjungan.wksbm_id,
                "program": kunjungan.program_id,
            },
        )
        super().__init__(*args, acting_user=acting_user, **kwargs)
        del self.fields["pendamping"], self.fields["kode_wilayah"]
        self.fields["wksbm"].queryset = self.fields["wksbm"].queryset.filter(
            wilayah_id=kunjungan.wilayah_id
        )
        fotos = kunjungan.foto_set.all()
        self.fields["hapus_foto"].queryset = fotos
        self.fields["hapus_foto"].label_from_instance = lambda f: (
            f.keterangan or _("Foto %(n)s") % {"n": f.pk}
        )
        if not fotos.exists():
            del self.fields["hapus_foto"]

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["hapus_foto"] = [f.pk for f in data.pop("hapus_foto", None) or ()]
        return data


class FotoForm(forms.Form):
    foto = BerkasField(jenis=Berkas.Jenis.FOTO, label=_("Foto"))
    keterangan = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class TindakLanjutForm(forms.Form):
    uraian = forms.CharField(label=_("Tindak lanjut"), max_length=300)
    batas_waktu = forms.DateField(label=_("Batas waktu"), widget=_date_widget())
    pemilik_pendamping = forms.ModelChoiceField(
        label=_("Penanggung jawab"),
        queryset=Pendamping.objects.none(),
        required=False,
        help_text=_("Kosongkan bila pendamping yang berkunjung sendiri yang menindaklanjuti."),
    )

    pemilik_akun = forms.ModelChoiceField(
        label=_("Atau pengguna penanggung jawab"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Mis. operator Dinsos atau pengurus WKSBM desa ini."),
    )

    def __init__(self, *args, acting_user, kunjungan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pemilik_pendamping"].queryset = pendamping_list_visible_to(
            acting_user, aktif=True
        )
        # Accounts whose scope covers the visited desa (the nation-wide admin included).
        self.fields["pemilik_akun"].queryset = (
            User.objects.filter(
                Q(wilayah_id__in=kodelib.leluhur(kunjungan.wilayah_id)) | Q(wilayah__isnull=True),
                is_active=True,
            )
            .exclude(peran="")
            .order_by("username")
        )


class TindakLanjutUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TindakLanjut.Status.choices)
    catatan = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    batas_waktu = forms.DateField(label=_("Batas waktu"), required=False, widget=_date_widget())


class ProgramForm(forms.ModelForm):
    kode_wilayah = forms.CharField(
        label=_("Kode wilayah penyelenggara"),
        max_length=13,
        help_text=_("Biasanya kabupaten, mis. 62.10."),
    )

    class Meta:
        model = Program
        fields = ["nama", "jenis", "mulai", "selesai", "keterangan"]
        widgets = {
            "mulai": _date_widget(),
            "selesai": _date_widget(),
            "keterangan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kode_wilayah"].widget = WilayahPicker(dalam=acting_user.kode_wilayah)
        if self.instance.pk:
            self.fields["kode_wilayah"].initial = self.instance.wilayah_id
            self.fields["kode_wilayah"].disabled = True
        else:
            self.fields["kode_wilayah"].initial = acting_user.kode_wilayah

    def _post_clean(self):
        pass


class ProgramDesaForm(forms.Form):
    kode_wilayah = forms.CharField(label=_("Kode desa/kelurahan"), max_length=13)
    pendamping = forms.ModelChoiceField(
        label=_("Pendamping"), queryset=Pendamping.objects.none(), required=False
    )

    def __init__(self, *args, acting_user, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kode_wilayah"].widget = WilayahPicker(
            dalam=program.wilayah_id, tingkat=kodelib.TINGKAT_DESA
        )
        self.fields["pendamping"].queryset = pendamping_list_visible_to(acting_user, aktif=True)


def _bulan_choices(jumlah: int = 18):
    today = timezone.localdate().replace(day=1)
    choices = []
    for _i in range(jumlah):
        choices.append((today.isoformat(), today.strftime("%m/%Y")))
        today = (today - datetime.timedelta(days=1)).replace(day=1)
    return choices


class LaporanCreateForm(forms.Form):
    pendamping = forms.ModelChoiceField(label=_("Pendamping"), queryset=Pendamping.objects.none())
    bulan = forms.TypedChoiceField(label=_("Bulan"), coerce=datetime.date.fromisoformat, choices=())

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        pendamping = pendamping_list_visible_to(acting_user, aktif=True).filter(
            jenis__in=[Pendamping.Jenis.TKSK, Pendamping.Jenis.PSM]
        )
        if not acting_user.is_pengelola:
            pendamping = pendamping.filter(akun=acting_user)
        self.fields["pendamping"].queryset = pendamping
        self.fields["bulan"].choices = _bulan_choices()


class RingkasanForm(forms.Form):
    ringkasan = forms.CharField(
        label=_("Ringkasan"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ringkasan kegiatan, hasil dan kendala bulan ini."),
    )


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class BulanForm(forms.Form):
    bulan = forms.CharField(label=_("Bulan"), widget=forms.TextInput(attrs={"type": "month"}))

    def clean_bulan(self):
        try:
            return datetime.date.fromisoformat(self.cleaned_data["bulan"] + "-01")
        except ValueError as error:
            raise forms.ValidationError(_("Bulan tidak sah (YYYY-MM).")) from error
