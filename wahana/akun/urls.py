from django.urls import path

from . import views

app_name = "akun"
urlpatterns = [
    path("masuk/", views.MasukView.as_view(), name="login"),
    path("keluar/", views.KeluarView.as_view(), name="logout"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create_view, name="user_create"),
    path("pengguna/<int:pk>/", views.user_edit_view, name="user_edit"),
]
