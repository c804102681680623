from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wahana.berkas.forms import BerkasField
from wahana.berkas.models import Berkas
from wahana.kegiatan.models import Kegiatan
from wahana.kegiatan.selectors import ppks_pilihan_for
from wahana.ppks.models import JenisPpks, LayananPpks

from .models import EntriKas, UsulanDanaDesa


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _EntriForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal"), widget=_date_widget())
    jumlah = forms.IntegerField(
        label=_("Jumlah (Rp)"),
        min_value=1,
        max_value=10**13,
        help_text=_("Rupiah penuh, tanpa titik atau sen."),
    )
    uraian = forms.CharField(label=_("Uraian"), max_length=250)
    bukti = BerkasField(
        label=_("Bukti (kuitansi, PDF/JPEG/PNG)"), jenis=Berkas.Jenis.DOKUMEN, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tanggal"].initial = timezone.localdate()


class PenerimaanForm(_EntriForm):
    sumber = forms.ChoiceField(label=_("Sumber"), choices=EntriKas.Sumber.choices)
    kuantitas = forms.DecimalField(
        label=_("Kuantitas (beras perelek)"),
        max_digits=10,
        decimal_places=2,
        min_value=0.01,
        required=False,
    )
    satuan = forms.ChoiceField(
        label=_("Satuan"), choices=[("", "—"), *EntriKas.Satuan.choices], required=False
    )
    field_order = ["tanggal", "sumber", "jumlah", "kuantitas", "satuan", "uraian", "bukti"]


class PengeluaranForm(_EntriForm):
    tujuan = forms.ChoiceField(label=_("Tujuan"), choices=EntriKas.Tujuan.choices)
    ppks = forms.ModelChoiceField(label=_("PPKS penerima bantuan"), queryset=None, required=False)
    jenis_layanan = forms.ChoiceField(
        label=_("Catat juga sebagai layanan PPKS"),
        choices=[("", _("— tidak —")), *LayananPpks.Jenis.choices],
        required=False,
    )
    kegiatan = forms.ModelChoiceField(label=_("Kegiatan"), queryset=None, required=False)
    field_order = ["tanggal", "tujuan", "jumlah", "ppks", "jenis_layanan", "kegiatan", "uraian"]

    def __init__(self, *args, user, wksbm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ppks"].queryset = ppks_pilihan_for(user, wksbm.kode_wilayah)
        self.fields["kegiatan"].queryset = Kegiatan.objects.filter(wksbm=wksbm).order_by("-tanggal")


class KoreksiForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal koreksi"), widget=_date_widget())
    alasan = forms.CharField(label=_("Alasan koreksi"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tanggal"].initial = timezone.localdate()


class VerifikasiTutupForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan verifikasi"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class UsulanForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    judul = forms.CharField(label=_("Judul kegiatan yang diusulkan"), max_length=200)
    bidang = forms.ChoiceField(label=_("Bidang APBDes"), choices=UsulanDanaDesa.Bidang.choices)
    jenis_ppks = forms.ModelMultipleChoiceField(
        label=_("Sasaran jenis PPKS"),
        queryset=JenisPpks.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    jumlah_penerima = forms.IntegerField(label=_("Jumlah penerima manfaat"), min_value=0, initial=0)
    jumlah = forms.IntegerField(label=_("Jumlah diusulkan (Rp)"), min_value=1, max_value=10**13)
    sumber = forms.ChoiceField(label=_("Sumber dana"), choices=UsulanDanaDesa.Sumber.choices)
    tanggal_musdes = forms.DateField(
        label=_("Tanggal Musdes"), widget=_date_widget(), required=False
    )
    berita_acara = BerkasField(
        label=_("Berita acara Musdes"), jenis=Berkas.Jenis.DOKUMEN, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].initial = timezone.localdate().year + 1


class UsulanStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"))
    tanggal = forms.DateField(label=_("Tanggal"), widget=_date_widget())
    catatan = forms.CharField(
        label=_("Catatan (alasan bila ditolak)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    realisasi_jumlah = forms.IntegerField(
        label=_("Jumlah realisasi (Rp)"),
        min_value=1,
        max_value=10**13,
        required=False,
        help_text=_("Kosongkan untuk memakai jumlah penerimaan yang dipilih."),
    )
    penerimaan = forms.ModelMultipleChoiceField(
        label=_("Penerimaan di buku kas"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    kegiatan = forms.ModelMultipleChoiceField(
        label=_("Kegiatan yang dibiayai"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, usulan, penerimaan, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(UsulanDanaDesa.Status.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in usulan.status_berikut]
        self.fields["tanggal"].initial = timezone.localdate()
        self.fields["penerimaan"].queryset = penerimaan
        self.fields["penerimaan"].label_from_instance = lambda e: (
            f"#{e.urutan} {e.tanggal:%d/%m/%Y} {e.get_sumber_display()} Rp{e.jumlah:,}".replace(
                ",", "."
            )
        )
        self.fields["kegiatan"].queryset = Kegiatan.objects.filter(
            wksbm_id=usulan.wksbm_id
        ).order_by("-tanggal")
