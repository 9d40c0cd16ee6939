from django.urls import path

from letters import views, views_agenda, views_documents

app_name = "letters"
urlpatterns = [
    path("surat/baru/", views.buat, name="buat"),
    path("surat/<uuid:public_id>/", views.detail, name="detail"),
    path("surat/<uuid:public_id>/ubah/", views.ubah, name="ubah"),
    path("surat/<uuid:public_id>/pdf/", views_documents.surat_pdf, name="surat_pdf"),
    path("surat/<uuid:public_id>/versi/<int:nomor>/", views.versi, name="versi"),
    path("surat/<uuid:public_id>/lampiran/", views.lampiran_tambah, name="lampiran_tambah"),
    path(
        "surat/<uuid:public_id>/lampiran/<uuid:lampiran_id>/",
        views.lampiran_unduh,
        name="lampiran_unduh",
    ),
    path(
        "surat/<uuid:public_id>/lampiran/<uuid:lampiran_id>/hapus/",
        views.lampiran_hapus,
        name="lampiran_hapus",
    ),
    path("agenda/", views_agenda.agenda_page, name="agenda"),
    path("agenda/cetak/", views_documents.cetak, name="cetak"),
    path(
        "surat/<uuid:public_id>/pengiriman/<int:pk>/tanda-terima/",
        views_documents.tanda_terima,
        name="tanda_terima",
    ),
    path("agenda/celah-nomor/", views_agenda.celah_nomor, name="celah_nomor"),
    path("klasifikasi/cari/", views.klasifikasi_cari, name="klasifikasi_cari"),
]
