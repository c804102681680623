from django.urls import path

from . import views

app_name = "bimtek"
urlpatterns = [
    path("", views.bimtek_list, name="list"),
    path("baru/", views.bimtek_create_view, name="create"),
    path("sertifikat/<str:kode>/", views.sertifikat_cek, name="sertifikat_cek"),
    path("<int:pk>/", views.bimtek_detail, name="detail"),
    path("<int:pk>/ubah/", views.bimtek_edit_view, name="edit"),
    path("<int:pk>/sasaran/", views.sasaran_view, name="sasaran"),
    path("<int:pk>/sasaran/<int:spk>/hapus/", views.sasaran_remove_view, name="sasaran_remove"),
    path("<int:pk>/fasilitator/", views.fasilitator_add_view, name="fasilitator_add"),
    path(
        "<int:pk>/fasilitator/<int:fpk>/hapus/",
        views.fasilitator_remove_view,
        name="fasilitator_remove",
    ),
    path("<int:pk>/materi/", views.materi_add_view, name="materi_add"),
    path("<int:pk>/materi/<int:mpk>/", views.materi_unduh, name="materi_unduh"),
    path("<int:pk>/materi/<int:mpk>/hapus/", views.materi_remove_view, name="materi_remove"),
    path("<int:pk>/desa/<int:spk>/", views.pendaftaran_view, name="pendaftaran"),
    path("<int:pk>/desa/<int:spk>/undangan.pdf", views.undangan_pdf, name="undangan"),
    path("<int:pk>/peserta/<int:ppk>/hapus/", views.peserta_remove_view, name="peserta_remove"),
    path("<int:pk>/peserta/<int:ppk>/sertifikat.pdf", views.sertifikat_pdf, name="sertifikat"),
    path("<int:pk>/hadir/", views.hadir_view, name="hadir"),
    path("<int:pk>/hadir/<int:ppk>/<int:hpk>/", views.hadir_toggle, name="hadir_toggle"),
    path("<int:pk>/nilai/", views.nilai_view, name="nilai"),
    path("<int:pk>/dampak/", views.dampak_view, name="dampak"),
    path("<int:pk>/dampak/tindak-lanjut/", views.tindak_lanjut_view, name="dampak_tindak_lanjut"),
    path("<int:pk>/sertifikat/", views.sertifikat_issue_view, name="sertifikat_issue"),
    path("<int:pk>/daftar-hadir.pdf", views.daftar_hadir_pdf, name="daftar_hadir_pdf"),
    path("<int:pk>/daftar-hadir.xlsx", views.daftar_hadir_xlsx, name="daftar_hadir_xlsx"),
]
