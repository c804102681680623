from django import forms
from django.utils.translation import gettext_lazy as _

from wahana.berkas.forms import BerkasField
from wahana.berkas.models import Berkas
from wahana.wilayah.widgets import WilayahPicker

from .models import JenisLembaga, LembagaAnggota, PengurusWksbm, RapatWksbm, TahapWksbm, Wksbm

Tahap = TahapWksbm.Tahap


def _date(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tanggal tidak valid (gunakan hh/bb/tttt).")},
    )


def _text(label, max_length=None, required=False, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def _area(label, required=False, rows=3):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class WksbmForm(forms.Form):
    tingkat = forms.ChoiceField(label=_("Tingkat"), choices=Wksbm.Tingkat.choices)
    kode_wilayah = forms.CharField(
        label=_("Kode wilayah"),
        max_length=13,
        help_text=_("Desa/kelurahan (mis. 62.10.02.2003), kecamatan, atau kabupaten untuk forum."),
    )
    nama = _text(_("Nama WKSBM"), 150, required=True)
    alamat_sekretariat = _text(_("Alamat sekretariat"), 250)
    kontak_nama = _text(_("Nama kontak"), 120)
    kontak_telepon = _text(_("Telepon kontak"), 20)
    tanggal_dibentuk = _date(_("Tanggal dibentuk"), required=False)
    catatan = _area(_("Catatan"))

    def __init__(self, *args, acting_user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["tingkat"]
            del self.fields["kode_wilayah"]
        else:
            self.fields["kode_wilayah"].widget = WilayahPicker(dalam=acting_user.kode_wilayah)


class TahapForm(forms.Form):
    tahap = forms.ChoiceField(label=_("Tahap"))
    tanggal = _date(_("Tanggal"))
    keterangan = _area(_("Keterangan"), rows=2)
    bukti = BerkasField(
        label=_("Bukti (opsional: notulen, daftar hadir, foto; PDF/JPEG/PNG)"),
        jenis=Berkas.Jenis.DOKUMEN,
        required=False,
    )
    sk_nomor = _text(_("Nomor SK"), 100)
    sk_tanggal = _date(_("Tanggal SK"), required=False)
    sk_penandatangan_nama = _text(_("Nama penandatangan SK"), 120)
    sk_penandatangan_jabatan = _text(
        _("Jabatan penandatangan SK"), 120, help_text=_("Mis. Kepala Desa Tanjung Riu.")
    )
    sk_berkas = BerkasField(
        label=_("Pindaian SK (PDF/JPEG/PNG)"), jenis=Berkas.Jenis.DOKUMEN, required=False
    )

    def __init__(self, *args, allowed: list[str], has_steps: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for value in allowed:
            label = Tahap(value).label
            if value == Tahap.PERSIAPAN and has_steps:
                label = _("Persiapan — mulai revitalisasi (siklus baru)")
            choices.append((value, label))
        self.fields["tahap"].choices = choices
        self.fields["tahap"].initial = allowed[0]
        # The SK fields matter only for pengesahan.
        self.sk_needed = Tahap.PENGESAHAN in allowed
        if not self.sk_needed:
            for name in list(self.fields):
                if name.startswith("sk_"):
                    del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("tahap") == Tahap.PENGESAHAN:
            required = {
                "sk_nomor": _("Nomor SK wajib diisi untuk pengesahan."),
                "sk_tanggal": _("Tanggal SK wajib diisi untuk pengesahan."),
                "sk_penandatangan_nama": _("Nama penandatangan SK wajib diisi."),
                "sk_penandatangan_jabatan": _("Jabatan penandatangan SK wajib diisi."),
                "sk_berkas": _("Unggah pindaian SK (PDF atau gambar)."),
            }
            for name, message in required.items():
                if name not in self.errors and not data.get(name):
                    self.add_error(name, message)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "tahap": data["tahap"],
            "tanggal": data["tanggal"],
            "keterangan": data["keterangan"],
            "bukti_upload": data.get("bukti") or None,
        }
        if data["tahap"] == Tahap.PENGESAHAN:
            kwargs.update(
                sk_nomor=data["sk_nomor"],
                sk_tanggal=data["sk_tanggal"],
                sk_penandatangan_nama=data["sk_penandatangan_nama"],
                sk_penandatangan_jabatan=data["sk_penandatangan_jabatan"],
                sk_upload=data.get("sk_berkas") or None,
            )
        return kwargs


class PengurusForm(forms.Form):
    nama = _text(_("Nama"), 120, required=True)
    jabatan = forms.ChoiceField(label=_("Jabatan"), choices=PengurusWksbm.Jabatan.choices)
    bidang = _text(_("Bidang/seksi"), 120, help_text=_("Untuk seksi/koordinator."))
    nik = _text(_("NIK (opsional)"), 32, help_text=_("16 digit."))
    telepon = _text(_("Telepon"), 20)
    mulai = _date(_("Mulai menjabat"))
    selesai = _date(_("Akhir masa jabatan"), required=False)


class PengurusEndForm(forms.Form):
    selesai = _date(_("Tanggal berakhir"))


class LembagaForm(forms.Form):
    jenis = forms.ModelChoiceField(
        label=_("Jenis lembaga"),
        queryset=JenisLembaga.objects.filter(aktif=True),
        error_messages={"invalid_choice": _("Pilih jenis lembaga dari daftar.")},
    )
    nama = _text(_("Nama lembaga"), 150, required=True)
    kontak_nama = _text(_("Narahubung"), 120)
    kontak_telepon = _text(_("Telepon narahubung"), 20)
    tanggal_bergabung = _date(_("Tanggal bergabung"))
    tanggal_keluar = _date(_("Tanggal keluar"), required=False)
    keterangan = _area(_("Keterangan"), rows=2)

    def __init__(self, *args, editing: LembagaAnggota | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is None:
            del self.fields["tanggal_keluar"]
        else:
            # A retired kind stays valid on the members that already have it.
            self.fields["jenis"].queryset = JenisLembaga.objects.filter(
                aktif=True
            ) | JenisLembaga.objects.filter(pk=editing.jenis_id)


class RapatForm(forms.Form):
    tanggal = _date(_("Tanggal"))
    tempat = _text(_("Tempat"), 150, required=True)
    agenda = _area(_("Agenda"), required=True, rows=2)
    keputusan = _area(_("Keputusan"), rows=2)
    notulen = _area(_("Notulen"), rows=4)
    hadir = forms.ModelMultipleChoiceField(
        label=_("Pengurus yang hadir"),
        queryset=PengurusWksbm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    jumlah_hadir_lain = forms.IntegerField(
        label=_("Jumlah hadirin lain"),
        min_value=0,
        initial=0,
        error_messages={"min_value": _("Jumlah hadirin tidak boleh negatif.")},
    )
    berkas = BerkasField(
        label=_("Dokumen (opsional: notulen, daftar hadir; PDF/JPEG/PNG)"),
        jenis=Berkas.Jenis.DOKUMEN,
        required=False,
    )

    def __init__(self, *args, wksbm: Wksbm, editing: RapatWksbm | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        hadir = PengurusWksbm.objects.filter(wksbm=wksbm, aktif=True)
        if editing is not None:
            # Officers whose term ended since the meeting stay on its attendance list.
            hadir = hadir | PengurusWksbm.objects.filter(rapat_dihadiri=editing)
        self.fields["hadir"].queryset = hadir.distinct()


class KomentarForm(forms.Form):
    isi = forms.CharField(
        label=_("Komentar"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        error_messages={"required": _("Komentar tidak boleh kosong.")},
    )


class JenisLembagaForm(forms.Form):
    nama = _text(_("Nama"), 120, required=True)
    urutan = forms.IntegerField(label=_("Urutan"), min_value=0, initial=100)
    aktif = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["aktif"]
