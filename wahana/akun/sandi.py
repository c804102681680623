"""Password reset by e-mail. The answer is the same whether or not an account has the address
(Django's PasswordResetView), so the form cannot be used to find out who has an account."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from wahana.audit.services import audit_record

from .ratelimit import rate_limit


@method_decorator(rate_limit("sandi", "5/h", methods=("POST",)), name="dispatch")
class SandiLupaView(auth_views.PasswordResetView):
    template_name = "akun/sandi_lupa.html"
    email_template_name = "akun/sandi_email.txt"
    subject_template_name = "akun/sandi_subjek.txt"
    success_url = reverse_lazy("akun:sandi_terkirim")


class SandiTerkirimView(auth_views.PasswordResetDoneView):
    template_name = "akun/sandi_terkirim.html"


class SandiAturView(auth_views.PasswordResetConfirmView):
    template_name = "akun/sandi_atur.html"
    success_url = reverse_lazy("akun:sandi_selesai")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        audit_record(
            actor=user, aksi="sandi_diatur_ulang", objek=user, kode_wilayah=user.kode_wilayah
        )
        return response


class SandiSelesaiView(auth_views.PasswordResetCompleteView):
    template_name = "akun/sandi_selesai.html"
