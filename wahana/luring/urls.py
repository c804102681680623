from django.urls import path

from . import views

app_name = "luring"
urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("ppks/", views.ppks_baru, name="ppks"),
    path("kegiatan/", views.kegiatan_baru, name="kegiatan"),
    path("ppks-ubah/", views.ppks_ubah, name="ppks_ubah"),
    path("kunjungan/", views.kunjungan_baru, name="kunjungan"),
    path("rapat/", views.rapat_baru, name="rapat"),
    path("kas-masuk/", views.kas_masuk_baru, name="kas_masuk"),
    path("konflik/", views.konflik_list, name="konflik"),
    path("konflik/<int:pk>/", views.konflik_decide, name="konflik_decide"),
    path("sw.js", views.service_worker, name="sw"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
