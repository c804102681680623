from django.urls import path

from . import views

app_name = "dana"
urlpatterns = [
    path("", views.buku_list, name="list"),
    path("entri/", views.entri_list, name="entri_list"),
    path("entri/<int:pk>/", views.entri_detail, name="entri_detail"),
    path("entri/<int:pk>/koreksi/", views.entri_koreksi, name="entri_koreksi"),
    path("wksbm/<int:wksbm_pk>/", views.buku_detail, name="buku_detail"),
    path("wksbm/<int:wksbm_pk>/masuk/", views.entri_masuk, name="entri_masuk"),
    path("wksbm/<int:wksbm_pk>/keluar/", views.entri_keluar, name="entri_keluar"),
    path("wksbm/<int:wksbm_pk>/tutup/", views.tutup_create, name="tutup_create"),
    path("wksbm/<int:wksbm_pk>/buku.xlsx", views.buku_xlsx_view, name="buku_xlsx"),
    path("wksbm/<int:wksbm_pk>/buku.pdf", views.buku_pdf_view, name="buku_pdf"),
    path("tutup/", views.tutup_list, name="tutup_list"),
    path("tutup/<int:pk>/verifikasi/", views.tutup_verify, name="tutup_verify"),
    path("usulan/", views.usulan_list, name="usulan_list"),
    path("usulan/baru/", views.usulan_create_view, name="usulan_create"),
    path("usulan/<int:pk>/", views.usulan_detail, name="usulan_detail"),
    path("usulan/<int:pk>/status/", views.usulan_status, name="usulan_status"),
]
