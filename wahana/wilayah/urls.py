from django.urls import path

from . import views

app_name = "wilayah"
urlpatterns = [
    path("", views.wilayah_browse, name="list"),
    path("cari/", views.wilayah_pick, name="pick"),
    path("<str:kode>/", views.wilayah_browse, name="detail"),
]
