from django.urls import path

from . import views

app_name = "pantau"
urlpatterns = [
    path("", views.dasbor, name="dasbor"),
    path("wilayah/<str:kode>/", views.dasbor, name="wilayah"),
    path("kelengkapan/", views.kelengkapan, name="kelengkapan"),
    path("kelengkapan/<str:kode>/", views.kelengkapan, name="kelengkapan_wilayah"),
    path("wksbm/<int:pk>/", views.wksbm_indeks, name="wksbm"),
    path("wksbm/<int:pk>/rencana/baru/", views.rencana_create_view, name="rencana_create"),
    path("desa/<str:kode>/rencana/baru/", views.rencana_desa, name="rencana_desa"),
    path("rencana/<int:pk>/", views.rencana_detail, name="rencana"),
    path("rencana/<int:pk>/langkah/<int:lpk>/", views.langkah_toggle_view, name="langkah_toggle"),
    path("notifikasi/", views.notifikasi_list, name="notifikasi"),
    path("bobot/<str:kode>/", views.bobot_view, name="bobot"),
]
