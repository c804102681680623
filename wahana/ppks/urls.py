from django.urls import path

from . import views

app_name = "ppks"
urlpatterns = [
    path("", views.ppks_list, name="list"),
    path("cari-nik/", views.ppks_search_nik, name="search_nik"),
    path("baru/", views.ppks_create_view, name="create"),
    path("ekspor/", views.ekspor_view, name="ekspor"),
    path("<int:pk>/", views.ppks_detail, name="detail"),
    path("<int:pk>/ubah/", views.ppks_edit_view, name="edit"),
    path("<int:pk>/tampilkan-nik/", views.ppks_reveal, name="reveal"),
    path("<int:pk>/arsip/", views.ppks_archive_view, name="archive"),
    path("<int:pk>/hapus-data-pribadi/", views.ppks_erase_view, name="erase"),
    path("<int:pk>/laporan-data-pribadi/", views.ppks_report_view, name="report"),
    path("<int:pk>/layanan/baru/", views.layanan_create_view, name="layanan_create"),
    path("<int:pk>/rujukan/baru/", views.rujukan_create_view, name="rujukan_create"),
    path("rujukan/<int:pk>/status/", views.rujukan_status_view, name="rujukan_status"),
    path("duplikat/", views.duplikat_list_view, name="duplikat_list"),
    path("duplikat/<int:pk>/", views.duplikat_detail_view, name="duplikat_detail"),
    path("duplikat/<int:pk>/<slug:aksi>/", views.duplikat_action_view, name="duplikat_action"),
    path("impor/", views.impor_view, name="impor"),
    path("impor/templat/", views.impor_template_view, name="impor_template"),
    path("impor/<int:pk>/", views.impor_detail_view, name="impor_detail"),
    path("impor/<int:pk>/simpan/", views.impor_commit_view, name="impor_commit"),
    path("impor/<int:pk>/ditolak.xlsx", views.impor_error_sheet_view, name="impor_error_sheet"),
]
