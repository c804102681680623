from django.urls import path

from . import otp_views, sandi, views

app_name = "akun"
urlpatterns = [
    path("masuk/", views.MasukView.as_view(), name="login"),
    path("keluar/", views.KeluarView.as_view(), name="logout"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create_view, name="user_create"),
    path("pengguna/<int:pk>/", views.user_edit_view, name="user_edit"),
    # Account security: two-step verification and password reset.
    path("keamanan/", otp_views.keamanan, name="keamanan"),
    path("keamanan/2fa/daftar/", otp_views.otp_enrol, name="otp_enrol"),
    path("keamanan/2fa/qr.svg", otp_views.otp_qr, name="otp_qr"),
    path("keamanan/2fa/verifikasi/", otp_views.otp_verify, name="otp_verify"),
    path("keamanan/2fa/kode-cadangan/", otp_views.otp_backup_codes, name="otp_backup_codes"),
    path("keamanan/2fa/nonaktifkan/", otp_views.otp_disable, name="otp_disable"),
    path("sandi/lupa/", sandi.SandiLupaView.as_view(), name="sandi_lupa"),
    path("sandi/lupa/terkirim/", sandi.SandiTerkirimView.as_view(), name="sandi_terkirim"),
    path("sandi/atur/<uidb64>/<token>/", sandi.SandiAturView.as_view(), name="sandi_atur"),
    path("sandi/atur/selesai/", sandi.SandiSelesaiView.as_view(), name="sandi_selesai"),
]
