from django.urls import path

from . import views

app_name = "pendamping"
urlpatterns = [
    path("", views.pendamping_list, name="list"),
    path("baru/", views.pendamping_create, name="create"),
    path("<int:pk>/", views.pendamping_detail, name="detail"),
    path("<int:pk>/ubah/", views.pendamping_update, name="update"),
    path("<int:pk>/penugasan/", views.penugasan_add, name="penugasan_add"),
    path("penugasan/<int:pk>/akhiri/", views.penugasan_end, name="penugasan_end"),
    path("cakupan/", views.cakupan, name="cakupan"),
    path("kunjungan/", views.kunjungan_list, name="kunjungan_list"),
    path("kunjungan/baru/", views.kunjungan_create, name="kunjungan_create"),
    path("kunjungan/<int:pk>/", views.kunjungan_detail, name="kunjungan_detail"),
    path("kunjungan/<int:pk>/ubah/", views.kunjungan_update, name="kunjungan_update"),
    path("kunjungan/<int:pk>/foto/", views.kunjungan_foto_add, name="kunjungan_foto_add"),
    path("kunjungan/<int:pk>/tindak-lanjut/", views.tindak_lanjut_add, name="tindak_lanjut_add"),
    path("tindak-lanjut/", views.tindak_lanjut_list, name="tindak_lanjut_list"),
    path("tindak-lanjut/<int:pk>/", views.tindak_lanjut_update, name="tindak_lanjut_update"),
    path("program/", views.program_list, name="program_list"),
    path("program/baru/", views.program_create, name="program_create"),
    path("program/<int:pk>/", views.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", views.program_update, name="program_update"),
    path("program/<int:pk>/desa/", views.program_desa_set, name="program_desa_set"),
    path("laporan/", views.laporan_list, name="laporan_list"),
    path("laporan/baru/", views.laporan_create, name="laporan_create"),
    path("laporan/rekap/", views.laporan_rekap, name="laporan_rekap"),
    path("laporan/<int:pk>/", views.laporan_detail, name="laporan_detail"),
    path("laporan/<int:pk>/ajukan/", views.laporan_submit, name="laporan_submit"),
    path("laporan/<int:pk>/setujui/", views.laporan_approve, name="laporan_approve"),
    path("laporan/<int:pk>/kembalikan/", views.laporan_return, name="laporan_return"),
    path("laporan/<int:pk>/tolak/", views.laporan_reject, name="laporan_reject"),
    path("laporan/<int:pk>/perubahan/", views.laporan_amend, name="laporan_amend"),
    path("laporan/<int:pk>/pdf/", views.laporan_pdf, name="laporan_pdf"),
    path("laporan/<int:pk>/xlsx/", views.laporan_xlsx, name="laporan_xlsx"),
]
