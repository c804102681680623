from django.urls import include, path
from django.views.i18n import set_language

from . import views
from .api import api

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("healthz", views.healthz, name="healthz"),
    path("bahasa/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("akun/", include("wahana.akun.urls")),
    path("audit/", include("wahana.audit.urls")),
    path("wilayah/", include("wahana.wilayah.urls")),
    path("berkas/", include("wahana.berkas.urls")),
    path("tugas/", include("wahana.tugas.urls")),
    path("wksbm/", include("wahana.wksbm.urls")),
    path("pendamping/", include("wahana.pendamping.urls")),
    path("ppks/", include("wahana.ppks.urls")),
    path("kegiatan/", include("wahana.kegiatan.urls")),
    path("dana/", include("wahana.dana.urls")),
    path("bimtek/", include("wahana.bimtek.urls")),
    path("pantau/", include("wahana.pantau.urls")),
    path("laporan/", include("wahana.laporan.urls")),
    path("lapangan/", include("wahana.luring.urls")),
]
