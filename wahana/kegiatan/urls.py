from django.urls import path

from . import views

app_name = "kegiatan"
urlpatterns = [
    path("", views.kegiatan_list, name="list"),
    path("baru/", views.kegiatan_create_view, name="create"),
    path("<int:pk>/", views.kegiatan_detail, name="detail"),
    path("<int:pk>/ubah/", views.kegiatan_edit, name="edit"),
    path("<int:pk>/laporkan/", views.kegiatan_report_view, name="report"),
    path("<int:pk>/verifikasi/", views.kegiatan_verify_view, name="verify"),
    path("<int:pk>/kembalikan/", views.kegiatan_return_view, name="return"),
    path("<int:pk>/foto/", views.kegiatan_foto_view, name="foto"),
]
