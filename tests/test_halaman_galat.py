"""Error pages (403, 404, 500, CSRF failure): Indonesian, phone-sized, with a way back."""

import uuid

import pytest
from django.test import Client, override_settings
from django.urls import path

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def _meledak(request):
    raise RuntimeError("uji halaman 500")


# The temporary URLconf of the 500 test (Django's default handler500 renders 500.html).
urlpatterns = [path("meledak/", _meledak)]


def _halaman(response, status: int, judul: str, *, menu: bool) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert VIEWPORT in html
    assert judul in html
    assert 'href="/"' in html
    assert ("Kotak Masuk" in html and "Notifikasi" in html) == menu
    return html


def test_an_unknown_address_is_404_in_indonesian_with_the_menu(login):
    html = _halaman(
        login("pelaksana").get("/tidak-ada/"), 404, "Halaman tidak ditemukan", menu=True
    )
    assert "Kembali ke halaman sebelumnya" not in html


def test_a_letter_that_does_not_exist_is_404(login):
    client = login("pelaksana")
    response = client.get(f"/surat/{uuid.uuid4()}/", HTTP_REFERER="http://testserver/agenda/")
    html = _halaman(response, 404, "Halaman tidak ditemukan", menu=True)
    assert 'href="http://testserver/agenda/">Kembali ke halaman sebelumnya' in html


def test_404_for_a_visitor_has_no_menu_and_no_foreign_back_link(client):
    response = client.get("/tidak-ada/", HTTP_REFERER="https://contoh.invalid/")
    html = _halaman(response, 404, "Halaman tidak ditemukan", menu=False)
    assert "contoh.invalid" not in html
    assert "Masuk" in html


def test_a_forbidden_action_is_403_with_the_reason(make_letter, login):
    letter = make_letter("review")
    response = login("pelaksana").post(f"/surat/{letter.public_id}/aksi/paraf/")
    html = _halaman(response, 403, "Akses ditolak", menu=True)
    assert "Anda tidak berwenang melakukan langkah ini pada surat ini." in html


def test_an_expired_form_says_nothing_was_saved(office):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/masuk/",
        {"username": "pelaksana", "password": "x"},
        HTTP_REFERER="http://testserver/masuk/",
    )
    html = _halaman(response, 403, "Formulir kedaluwarsa", menu=False)
    assert "Tidak ada yang tersimpan" in html
    assert 'href="http://testserver/masuk/">Kembali ke halaman sebelumnya' in html
    assert "CSRF" not in html


def test_an_expired_action_form_keeps_the_menu(make_letter, office):
    letter = make_letter("review")
    client = Client(enforce_csrf_checks=True)
    client.force_login(office["kasi"])
    response = client.post(f"/surat/{letter.public_id}/aksi/paraf/", {"versi": letter.versi})
    _halaman(response, 403, "Formulir kedaluwarsa", menu=True)
    assert not letter.events.filter(aksi="paraf").exists()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_500_in_indonesian():
    client = Client(raise_request_exception=False)
    html = _halaman(client.get("/meledak/"), 500, "Terjadi kesalahan", menu=False)
    assert "app.css" in html
    assert "uji halaman 500" not in html
