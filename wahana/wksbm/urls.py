from django.urls import path

from . import views

app_name = "wksbm"
urlpatterns = [
    path("", views.wksbm_list, name="list"),
    path("baru/", views.wksbm_create_view, name="create"),
    path("<int:pk>/", views.wksbm_detail, name="detail"),
    path("<int:pk>/ubah/", views.wksbm_edit_view, name="edit"),
    path("<int:pk>/tahap/", views.tahap_add, name="tahap_add"),
    path("<int:pk>/pengurus/", views.pengurus_add, name="pengurus_add"),
    path("<int:pk>/lembaga/", views.lembaga_add, name="lembaga_add"),
    path("<int:pk>/rapat/", views.rapat_add, name="rapat_add"),
    path("<int:pk>/komentar/", views.komentar_add, name="komentar_add"),
    path("pengurus/<int:pk>/", views.pengurus_edit, name="pengurus_edit"),
    path("pengurus/<int:pk>/akhiri/", views.pengurus_end, name="pengurus_end"),
    path("lembaga/<int:pk>/", views.lembaga_edit, name="lembaga_edit"),
    path("rapat/<int:pk>/", views.rapat_detail, name="rapat_detail"),
    path("rapat/<int:pk>/ubah/", views.rapat_edit, name="rapat_edit"),
    path("jenis-lembaga/", views.jenis_list, name="jenis_list"),
    path("jenis-lembaga/<int:pk>/", views.jenis_edit, name="jenis_edit"),
]
