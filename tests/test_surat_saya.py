"""Surat Saya: the drafter finds a letter right after Ajukan, with where it is now; the
officials find the letters they acted on; nobody sees more than they may."""

import html
import re

from approvals import actions
from letters.models import Letter


def _items(client, **params) -> str:
    return client.get("/surat/saya/", params).content.decode()


def test_the_drafter_finds_the_letter_after_ajukan_with_its_holder(make_letter, login):
    letter = make_letter("numbering", hal="Undangan rapat posyandu")
    page = _items(login("pelaksana"))
    assert "Undangan rapat posyandu" in page
    assert f"/surat/{letter.public_id}/" in page
    assert "Sekarang di: Kasubbag Umum dan Kepegawaian" in page
    assert 'href="/surat/saya/"' in page  # in the menu


def test_an_official_finds_what_they_acted_on_and_nothing_else(make_letter, office, login):
    diparaf = make_letter("approval", hal="Sudah diparaf Kasi")
    make_letter("numbering", hal="Belum sampai ke Kasi")
    page = _items(login("kasi"))
    assert "Sudah diparaf Kasi" in page
    assert "Belum sampai ke Kasi" not in page
    actions.approve(diparaf, by=office["sekcam"], versi=diparaf.versi)
    assert "Sekarang di: Camat Mojoanyar" in _items(login("kasi"))


def test_search_by_hal_or_number(make_letter, login):
    a = make_letter("review", hal="Permohonan data kependudukan")
    make_letter("review", hal="Undangan musrenbang")
    client = login("pelaksana")
    page = _items(client, q="kependudukan")
    assert "Permohonan data kependudukan" in page and "Undangan musrenbang" not in page
    page = _items(client, q=a.nomor)
    assert "Permohonan data kependudukan" in page and "Undangan musrenbang" not in page
    assert "Tidak ada surat Anda yang cocok" in _items(client, q="tidak ada yang begini")


def test_a_rahasia_letter_stays_with_its_participants(make_letter, office, login):
    make_letter("review", hal="Hal rahasia", sifat=Letter.Sifat.RAHASIA)
    assert "Hal rahasia" in _items(login("pelaksana"))  # its drafter
    assert "Hal rahasia" not in _items(login("camat"))  # not (yet) on its way


def test_the_list_costs_the_same_queries_for_many_letters(
    make_letter, login, django_assert_max_num_queries
):
    for i in range(30):
        make_letter("review", hal=f"Surat nomor {i:02d}")
    client = login("pelaksana")
    with django_assert_max_num_queries(14):
        page = _items(client)
    assert page.count('class="card inbox-item"') == 25
    assert "Halaman 1" in page and "Halaman 1 dari" not in page  # no count of every letter
    # Berikutnya continues after the last letter shown; Sebelumnya comes back to the first page.
    berikutnya = html.unescape(re.search(r'rel="next" href="\?([^"]+)"', page).group(1))
    with django_assert_max_num_queries(14):
        page2 = client.get(f"/surat/saya/?{berikutnya}").content.decode()
    assert "Halaman 2" in page2 and 'rel="next"' not in page2
    hal = re.compile(r"Surat nomor \d\d")
    assert sorted(hal.findall(page) + hal.findall(page2)) == [
        f"Surat nomor {i:02d}" for i in range(30)
    ]
    sebelumnya = html.unescape(re.search(r'rel="prev" href="\?([^"]+)"', page2).group(1))
    assert hal.findall(client.get(f"/surat/saya/?{sebelumnya}").content.decode()) == hal.findall(
        page
    )
