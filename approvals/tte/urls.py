from django.urls import path

from approvals.tte import views

app_name = "verifikasi"
urlpatterns = [
    path("", views.periksa, name="periksa"),
    path("<str:kode>/", views.dokumen, name="dokumen"),
    path("<str:kode>/unduh/", views.unduh, name="unduh"),
]
