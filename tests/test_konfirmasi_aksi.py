"""Ajukan, Paraf and Setujui ask once: the letter page's button opens the confirmation
page, bound to the version on screen, whose button acts. On a phone the actions are at
hand right after the letter text."""

import re

import pytest

from approvals import actions
from letters.models import Letter
from tests.conftest import recipients
from tests.peramban import butuh_peramban, follow, overflow

SATU_KALI_TANYA = [
    ("draft", "submit", "pelaksana", "Ajukan"),
    ("review", "paraf", "kasi", "Paraf"),
    ("approval", "approve", "sekcam", "Setujui"),
]


def _bar(html: str) -> str:
    return html.split('aria-label="Tindakan"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(("state", "action", "who", "label"), SATU_KALI_TANYA)
def test_the_letter_page_button_asks_before_acting(make_letter, login, state, action, who, label):
    letter = make_letter(state)
    client = login(who)
    bar = _bar(client.get(f"/surat/{letter.public_id}/").content.decode())
    url = f"/surat/{letter.public_id}/aksi/{action}/"
    # A plain link-like form: opening it changes nothing.
    assert re.search(rf'<form method="get" action="{url}"', bar)
    assert f'name="versi" value="{letter.versi}"' in bar and f">{label}</button>" in bar
    page = client.get(url, {"versi": letter.versi})
    assert page.status_code == 200
    assert Letter.objects.get(pk=letter.pk).status == letter.status
    html = page.content.decode()
    if action != "submit":  # Paraf and Setujui act on the version seen
        assert f'name="versi" value="{letter.versi}"' in html
    done = client.post(url, {"versi": letter.versi, "catatan": ""})
    assert done.status_code == 302
    assert Letter.objects.get(pk=letter.pk).status != letter.status


def test_the_confirmation_stays_bound_to_the_version_the_letter_page_showed(
    make_letter, login, office
):
    letter = make_letter("review")
    client = login("kasi")
    url = f"/surat/{letter.public_id}/aksi/paraf/"
    html = client.get(url, {"versi": letter.versi}).content.decode()
    seen = re.search(r'name="versi" value="(\d+)"', html).group(1)
    assert seen == str(letter.versi)
    fresh = Letter.objects.get(pk=letter.pk)
    actions.update_letter(
        fresh,
        by=office["kasi"],
        data={"hal": "Diubah di tab lain"},
        penerima=recipients(),
        versi_dasar=fresh.versi,
    )
    response = client.post(url, {"versi": seen}, follow=True)
    assert "Surat telah diubah sejak Anda membukanya" in response.content.decode()
    assert Letter.objects.get(pk=letter.pk).status == "review"


def test_a_confirmation_page_opened_from_an_old_letter_page_keeps_the_old_version(
    make_letter, login, office
):
    letter = make_letter("review")
    old = letter.versi
    fresh = Letter.objects.get(pk=letter.pk)
    actions.update_letter(
        fresh,
        by=office["kasi"],
        data={"hal": "Diubah"},
        penerima=recipients(),
        versi_dasar=fresh.versi,
    )
    html = (
        login("kasi").get(f"/surat/{letter.public_id}/aksi/paraf/", {"versi": old}).content.decode()
    )
    assert f'name="versi" value="{old}"' in html  # so the step is refused, not misapplied


# In the browser.


@pytest.mark.parametrize("ukuran", ["ponsel", "desktop"])
@butuh_peramban[0]
@butuh_peramban[1]
def test_in_the_browser_paraf_asks_once(layar, make_letter, ukuran):
    letter = make_letter("review")
    page = layar("kasi", ukuran)
    page.goto(f"/surat/{letter.public_id}/")
    follow(page, page.locator(".actionbar").get_by_role("button", name="Paraf"))
    assert "/aksi/paraf/" in page.url
    assert Letter.objects.get(pk=letter.pk).status == "review"  # nothing done yet
    assert page.get_by_text("Paraf diberikan pada versi surat yang Anda lihat.").is_visible()
    follow(page, page.locator("form.card").get_by_role("button", name="Paraf"))
    assert Letter.objects.get(pk=letter.pk).status == "approval"
    assert page.get_by_text("Surat telah diparaf").is_visible()
    assert overflow(page) <= 0
    assert layar.errors == []


@butuh_peramban[0]
@butuh_peramban[1]
def test_on_a_phone_the_actions_are_at_hand_after_the_letter_text(layar, make_letter):
    panjang = "".join(
        f"<p>Paragraf {i}: isi surat yang panjang untuk dibaca.</p>" for i in range(40)
    )
    letter = make_letter("review", isi=panjang)
    page = layar("kasi", "ponsel")
    page.goto(f"/surat/{letter.public_id}/")
    tombol = page.locator(".actionbar").get_by_role("button", name="Paraf")
    height = page.viewport_size["height"]

    def in_view() -> bool:
        box = tombol.bounding_box()
        return box["y"] >= 0 and box["y"] + box["height"] <= height

    assert in_view()  # at the bottom of the screen while reading
    page.locator(".letter-body p").last.scroll_into_view_if_needed()
    assert in_view()  # and right after the last line of the text
    assert tombol.bounding_box()["height"] >= 44
    assert overflow(page) <= 0
