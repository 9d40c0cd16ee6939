from django.urls import path, re_path

from approvals import (
    views_aksi,
    views_dasbor,
    views_kotak_masuk,
    views_notifikasi,
    views_surat_saya,
)

app_name = "approvals"
urlpatterns = [
    path("", views_kotak_masuk.kotak_masuk, name="kotak_masuk"),
    path("surat/<uuid:public_id>/aksi/<slug:action>/", views_aksi.aksi, name="aksi"),
    path("surat/saya/", views_surat_saya.surat_saya, name="surat_saya"),
    path("tandatangani/", views_aksi.tandatangani_banyak, name="tandatangani_banyak"),
    path(
        "tandatangani/proses/<uuid:pk>/",
        views_aksi.tandatangani_proses,
        name="tandatangani_proses",
    ),
    path("dasbor/", views_dasbor.dasbor_page, name="dasbor"),
    path("dasbor/surat/", views_dasbor.surat_unit, name="dasbor_surat"),
    re_path(r"^dasbor/laporan\.(?P<fmt>pdf|xlsx)$", views_dasbor.laporan, name="laporan_kepatuhan"),
    path("notifikasi/", views_notifikasi.daftar, name="notifikasi"),
    path("notifikasi/<int:pk>/baca/", views_notifikasi.baca, name="notifikasi_baca"),
    path("notifikasi/baca-semua/", views_notifikasi.baca_semua, name="notifikasi_baca_semua"),
]
