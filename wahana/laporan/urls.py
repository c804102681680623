from django.urls import path

from . import views

app_name = "laporan"
urlpatterns = [
    path("", views.daftar, name="list"),
    path("lonceng/", views.lonceng, name="lonceng"),
    path("kop/<str:kode>/", views.kop_edit, name="kop"),
    path("agregat/", views.agregat_view, name="agregat"),
    path("agregat/ekspor/", views.agregat_ekspor, name="agregat_ekspor"),
    path("agregat/impor/", views.agregat_impor, name="agregat_impor"),
]
