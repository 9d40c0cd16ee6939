"""Beri Nomor shows the number it will give, without taking it; the number is still given
under the counter's lock, and the Kasubbag is told when someone else took the one shown.
The sisipan fields stay folded until the Kasubbag asks for a sisipan."""

import re

import pytest

from approvals import actions
from letters import numbering
from letters.models import AgendaEntry, Letter, NumberCounter
from tests.peramban import butuh_peramban, follow


def _shown(html: str) -> str:
    return re.search(r'<strong class="nomor">([^<]+)</strong>', html).group(1)


def test_the_form_shows_the_next_number_and_gives_exactly_that(make_letter, login):
    make_letter("review")  # number 1 is taken
    letter = make_letter("numbering")
    client = login("kasubbag")
    url = f"/surat/{letter.public_id}/aksi/assign_number/"
    counters = list(NumberCounter.objects.values_list("terakhir", flat=True))
    shown = _shown(client.get(url).content.decode())
    assert _shown(client.get(url).content.decode()) == shown  # looking twice takes nothing
    assert list(NumberCounter.objects.values_list("terakhir", flat=True)) == counters
    response = client.post(url, {"nomor_dilihat": shown, "catatan": ""}, follow=True)
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.nomor == shown
    html = response.content.decode()
    assert f"Nomor surat {shown} diberikan." in html
    assert "sudah lebih dahulu diberikan" not in html


def test_when_another_letter_took_the_number_shown_the_form_says_which_was_given(
    make_letter, login, office
):
    first, second = make_letter("numbering"), make_letter("numbering")
    client = login("kasubbag")
    url = f"/surat/{second.public_id}/aksi/assign_number/"
    shown = _shown(client.get(url).content.decode())
    actions.assign_number(first, by=office["kasubbag"])  # meanwhile, in another tab
    response = client.post(url, {"nomor_dilihat": shown}, follow=True)
    given = Letter.objects.get(pk=second.pk).nomor
    assert given != shown
    assert Letter.objects.get(pk=first.pk).nomor == shown
    html = response.content.decode()
    assert (
        f"Nomor {shown} sudah lebih dahulu diberikan kepada surat lain; "
        f"surat ini mendapat nomor {given}." in html
    )


def test_peek_number_writes_nothing(make_letter):
    letter = make_letter("numbering")
    before = AgendaEntry.objects.count(), list(NumberCounter.objects.values("terakhir"))
    numbering.peek_number(letter)
    assert (AgendaEntry.objects.count(), list(NumberCounter.objects.values("terakhir"))) == before


def test_the_sisipan_fields_are_folded_until_asked_for(make_letter, login):
    letter = make_letter("numbering")
    client = login("kasubbag")
    url = f"/surat/{letter.public_id}/aksi/assign_number/"
    html = client.get(url).content.decode()
    assert '<details class="sisipan">' in html  # closed
    assert html.index('<details class="sisipan">') < html.index('name="setelah"')
    refused = client.post(url, {"sisipan": "on"}).content.decode()
    assert '<details class="sisipan" open>' in refused
    assert "Nomor sisipan wajib disertai alasan." in refused


@butuh_peramban[0]
@butuh_peramban[1]
@pytest.mark.parametrize("ukuran", ["ponsel", "desktop"])
def test_in_the_browser_beri_nomor_shows_the_number_and_hides_sisipan(layar, make_letter, ukuran):
    letter = make_letter("numbering")
    page = layar("kasubbag", ukuran)
    page.goto(f"/surat/{letter.public_id}/aksi/assign_number/")
    shown = page.locator(".nomor-berikutnya .nomor").inner_text()
    assert page.locator(".nomor-berikutnya").is_visible()
    assert not page.locator("#id_alasan").is_visible()
    page.get_by_text("Nomor sisipan", exact=True).click()
    assert page.locator("#id_alasan").is_visible()
    page.get_by_text("Nomor sisipan", exact=True).click()
    follow(page, page.locator("form.card").get_by_role("button", name="Beri Nomor"))
    assert Letter.objects.get(pk=letter.pk).nomor == shown
    assert layar.errors == []
