from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wahana.wilayah.widgets import WilayahPicker

from .models import PERAN_RANK, Peran


class MasukForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Periksa lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi operator Dinsos."),
    }


class UserForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    first_name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    telepon = forms.CharField(label=_("Telepon"), max_length=20, required=False)
    peran = forms.ChoiceField(label=_("Peran"))
    kode_wilayah = forms.CharField(
        label=_("Kode wilayah cakupan"),
        max_length=13,
        required=False,
        help_text=_("Mis. 62.10 untuk kabupaten, 62.10.02.2003 untuk desa."),
    )
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, required=False)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args, acting_user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        rank = PERAN_RANK[acting_user.peran]
        self.fields["peran"].choices = [(p.value, p.label) for p in Peran if PERAN_RANK[p] <= rank]
        self.fields["kode_wilayah"].widget = WilayahPicker(dalam=acting_user.kode_wilayah)
        if editing:
            self.fields["username"].disabled = True
            del self.fields["password"]
        else:
            self.fields["password"].required = True
            del self.fields["is_active"]
