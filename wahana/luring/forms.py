"""The field forms. Their field names are the keys of the outbox item's data, so the same
payload comes from the offline script (FormData) and from a plain POST without JavaScript."""

import decimal
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from wahana.akun.scope import region_q, visible_to
from wahana.dana.models import EntriKas
from wahana.kegiatan.models import Kegiatan
from wahana.lib import kode as kodelib
from wahana.pendamping.models import Kunjungan
from wahana.ppks.models import JenisPpks, Ppks
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import PengurusWksbm, Wksbm

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
        self.fields["wksbm_id"].choices = [
            ("", _("— dipimpin sendiri (PSM/TKSK) —")),
            *_wksbm_choices(user),
        ]


def _wksbm_choices(user) -> list[tuple[str, str]]:
    return [(str(w.pk), w.nama) for w in visible_to(Wksbm.objects.all(), user).order_by("nama")]


class KunjunganLapanganForm(_Lapangan):
    kode_wilayah = forms.ChoiceField(label=_("Desa/kelurahan yang dikunjungi"))
    wksbm_id = forms.ChoiceField(label=_("WKSBM"), required=False)
    tanggal = forms.DateField(label=_("Tanggal"), widget=DATE)
    jenis = forms.ChoiceField(label=_("Jenis kegiatan"), choices=Kunjungan.Jenis.choices)
    uraian = forms.CharField(label=_("Uraian kegiatan"), max_length=300)
    temuan = forms.CharField(
        label=_("Temuan/permasalahan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    foto = forms.ImageField(label=_("Foto"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["wksbm_id"].choices = [("", "—"), *_wksbm_choices(user)]


class RapatLapanganForm(_Lapangan):
    wksbm_id = forms.ChoiceField(label=_("WKSBM"))
    tanggal = forms.DateField(label=_("Tanggal"), widget=DATE)
    tempat = forms.CharField(label=_("Tempat"), max_length=150)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 2}))
    keputusan = forms.CharField(
        label=_("Keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notulen = forms.CharField(
        label=_("Notulen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    hadir = forms.MultipleChoiceField(
        label=_("Pengurus yang hadir"), widget=forms.CheckboxSelectMultiple, required=False
    )
    jumlah_hadir_lain = forms.IntegerField(label=_("Jumlah hadirin lain"), min_value=0, initial=0)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["wksbm_id"].choices = _wksbm_choices(user)
        pengurus = visible_to(PengurusWksbm.objects.filter(aktif=True), user).select_related(
            "wksbm"
        )
        # Each name carries its WKSBM, so the list reads right even before the script narrows
        # it to the chosen WKSBM.
        self.fields["hadir"].choices = [
            (str(p.pk), f"{p.nama} — {p.get_jabatan_display()} ({p.wksbm.nama})")
            for p in pengurus.order_by("wksbm__nama", "nama")
        ]


class KasMasukLapanganForm(_Lapangan):
    wksbm_id = forms.ChoiceField(label=_("WKSBM"))
    tanggal = forms.DateField(label=_("Tanggal"), widget=DATE)
    sumber = forms.ChoiceField(label=_("Sumber"), choices=EntriKas.Sumber.choices)
    jumlah = forms.IntegerField(label=_("Jumlah (rupiah)"), min_value=1)
    kuantitas = forms.DecimalField(
        label=_("Kuantitas (beras perelek)"), required=False, min_value=0, decimal_places=2
    )
    satuan = forms.ChoiceField(
        label=_("Satuan"), choices=[("", "—"), *EntriKas.Satuan.choices], required=False
    )
    uraian = forms.CharField(label=_("Uraian"), max_length=250)
    foto = forms.ImageField(label=_("Foto bukti (kuitansi)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["wksbm_id"].choices = _wksbm_choices(user)


def payload_from(form: forms.Form) -> dict:
    """The outbox item data of a submitted form, shaped as the offline script shapes it."""
    data = {}
    for name, value in form.cleaned_data.items():
        if name in ("client_id", "foto"):
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            value = str(value)
        data[name] = value
    return data
