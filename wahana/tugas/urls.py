from django.urls import path

from . import views

app_name = "tugas"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/unduh/", views.unduh, name="unduh"),
]
