from django.urls import path

from . import views

app_name = "berkas"
urlpatterns = [
    path("<uuid:pk>/", views.berkas_unduh, name="unduh"),
]
