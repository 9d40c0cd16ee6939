"""Links to letters in lists, built from one reverse: the same addresses ``{% url %}``
gives, under the prefix the site is served at too."""

import uuid

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from letters.tautan import tautan_surat


@pytest.mark.parametrize("nama", ["letters:detail", "letters:surat_pdf"])
def test_a_letter_link_is_what_reverse_gives(nama):
    tautan = tautan_surat(nama)
    for public_id in (uuid.uuid4(), uuid.uuid4(), uuid.UUID(int=0)):
        assert tautan(public_id) == reverse(nama, args=[public_id])


@pytest.fixture
def disajikan_di_bawah_awalan():
    """The site served under /persuratan/ (as a WSGI server sets it from SCRIPT_NAME;
    the test client leaves the prefix as it is)."""
    set_script_prefix("/persuratan/")
    yield
    clear_script_prefix()


def test_list_links_keep_the_prefix_the_site_is_served_under(
    make_letter, login, disajikan_di_bawah_awalan
):
    letter = make_letter("revision", hal="Surat di bawah awalan")  # back with its drafter
    client = login("pelaksana")
    for halaman in ("/surat/saya/", "/"):
        page = client.get(halaman).content.decode()
        assert f'href="/persuratan/surat/{letter.public_id}/"' in page


def test_the_menu_links_follow_the_prefix_the_site_is_served_under(login):
    client = login("camat")
    biasa = client.get("/").content.decode()
    assert biasa.count('href="/agenda/"') == 2  # the menu, wide and on a phone
    set_script_prefix("/persuratan/")
    try:
        page = client.get("/").content.decode()
    finally:
        clear_script_prefix()
    for alamat in ("/agenda/", "/dasbor/", "/notifikasi/", "/surat/saya/"):
        assert page.count(f'href="/persuratan{alamat}"') == 2, alamat
        assert f'href="{alamat}"' not in page
