from django.urls import path

from approvals import views_agenda, views_dokumen, views_surat

app_name = "letters"
urlpatterns = [
    path("surat/baru/", views_surat.buat, name="buat"),
    path("surat/<uuid:public_id>/", views_surat.detail, name="detail"),
    path("surat/<uuid:public_id>/ubah/", views_surat.ubah, name="ubah"),
    path("surat/<uuid:public_id>/pdf/", views_dokumen.surat_pdf, name="surat_pdf"),
    path(
        "surat/<uuid:public_id>/pratinjau.png",
        views_dokumen.surat_pratinjau,
        name="surat_pratinjau",
    ),
    path("surat/<uuid:public_id>/versi/<int:nomor>/", views_surat.versi, name="versi"),
    path("surat/<uuid:public_id>/lampiran/", views_surat.lampiran_tambah, name="lampiran_tambah"),
    path(
        "surat/<uuid:public_id>/lampiran/<uuid:lampiran_id>/",
        views_surat.lampiran_unduh,
        name="lampiran_unduh",
    ),
    path(
        "surat/<uuid:public_id>/lampiran/<uuid:lampiran_id>/hapus/",
        views_surat.lampiran_hapus,
        name="lampiran_hapus",
    ),
    path("agenda/", views_agenda.agenda_page, name="agenda"),
    path("agenda/cetak/", views_dokumen.cetak, name="cetak"),
    path("agenda/cetak/berkas/<uuid:pk>/", views_dokumen.berkas_register, name="berkas_register"),
    path(
        "agenda/cetak/berkas/<uuid:pk>/unduh/",
        views_dokumen.berkas_register_unduh,
        name="berkas_register_unduh",
    ),
    path(
        "surat/<uuid:public_id>/pengiriman/<int:pk>/tanda-terima/",
        views_dokumen.tanda_terima,
        name="tanda_terima",
    ),
    path("agenda/celah-nomor/", views_agenda.celah_nomor, name="celah_nomor"),
    path("klasifikasi/cari/", views_surat.klasifikasi_cari, name="klasifikasi_cari"),
]
