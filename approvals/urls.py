from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.kotak_masuk, name="kotak_masuk"),
    path("surat/<uuid:public_id>/aksi/<slug:action>/", views.aksi, name="aksi"),
    path("tandatangani/", views.tandatangani_banyak, name="tandatangani_banyak"),
]
