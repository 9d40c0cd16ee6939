"""The letter's pages on a phone: tap targets of at least 24 px (44 px for the action
buttons), and the Versi page's 64-character hash wraps instead of widening the page."""

import pytest

from approvals import actions
from tests.conftest import recipients
from tests.peramban import butuh_peramban, overflow

pytestmark = butuh_peramban


@pytest.mark.parametrize("ukuran", ["ponsel", "desktop"])
def test_versi_links_and_keluar_are_big_enough_to_tap(layar, office, make_letter, ukuran):
    letter = make_letter("review")
    actions.update_letter(
        letter,
        by=office["kasi"],
        data={"hal": "Hal baru"},
        penerima=recipients(),
        versi_dasar=letter.versi,
    )
    page = layar("kasi", ukuran)
    page.goto(f"/surat/{letter.public_id}/")
    targets = [
        page.get_by_role("link", name="Versi 1", exact=True),
        page.get_by_role("link", name="Versi 2", exact=True),
        page.get_by_role("button", name="Keluar"),
    ]
    for target in targets:
        box = target.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, target
    for button in page.locator(".actionbar .btn").all():
        assert button.bounding_box()["height"] >= 44


def test_the_versi_page_fits_a_phone(layar, make_letter):
    letter = make_letter("review")
    page = layar("kasi", "ponsel")
    page.goto(f"/surat/{letter.public_id}/versi/1/")
    assert page.locator(".hash").is_visible()
    assert overflow(page) <= 0
    assert layar.errors == []
