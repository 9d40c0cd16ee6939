"""Signing with the letter in view: the signing pages show the letter being signed, and a
wrong passphrase keeps the signer on the form with the message beside the field."""

import io
import re

import pytest
from PIL import Image

from letters.models import Letter, SignedDocument
from tests.conftest import PASSWORD, current_version, ensure_key
from tests.peramban import butuh_peramban, follow

SALAH = "Passphrase salah"


@pytest.fixture
def signing_letter(make_letter, office):
    ensure_key(office["camat"])
    return make_letter("signing")


def _field_of(html: str, name: str) -> str:
    """The ``<div class="field">`` holding the input ``name`` (label, input, errors)."""
    blocks = re.findall(r'<div class="field[^"]*">.*?</div>', html, flags=re.S)
    return next(b for b in blocks if f'name="{name}"' in b)


def test_a_wrong_passphrase_keeps_the_form_with_the_message_beside_the_field(signing_letter, login):
    response = login("camat").post(
        f"/surat/{signing_letter.public_id}/aksi/sign/",
        {"versi": current_version(signing_letter), "passphrase": "salah", "catatan": "Cek"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    field = _field_of(html, "passphrase")
    assert "has-error" in field and SALAH in field and "Sisa 4 kali percobaan" in field
    assert 'id="ringkasan-galat"' in html  # the summary names it too, and takes the focus
    assert 'value="salah"' not in html  # the passphrase is never written back
    assert re.search(r"<textarea[^>]*>\s*Cek</textarea>", html)  # what else was typed stays
    letter = Letter.objects.get(pk=signing_letter.pk)
    assert letter.status == "signing"
    assert not SignedDocument.objects.exists()
    assert not letter.events.filter(aksi="sign").exists()


def test_the_right_passphrase_after_a_wrong_one_signs(signing_letter, login):
    client = login("camat")
    url = f"/surat/{signing_letter.public_id}/aksi/sign/"
    versi = current_version(signing_letter)
    assert client.post(url, {"versi": versi, "passphrase": "salah"}).status_code == 400
    response = client.post(url, {"versi": versi, "passphrase": PASSWORD})
    assert response.status_code == 302
    assert Letter.objects.get(pk=signing_letter.pk).status == "signed"


def test_the_sign_page_shows_the_letter_s_pages_and_its_text(signing_letter, login):
    client = login("camat")
    html = client.get(f"/surat/{signing_letter.public_id}/aksi/sign/").content.decode()
    pdf = f"/surat/{signing_letter.public_id}/pdf/"
    gambar = f"/surat/{signing_letter.public_id}/pratinjau.png"
    assert re.search(rf'<img src="{gambar}\?v={signing_letter.versi}" alt="Halaman surat', html)
    assert re.search(rf'<a class="btn" href="{pdf}"[^>]*>Buka PDF</a>', html)
    assert f"Surat yang akan ditandatangani (versi {signing_letter.versi})" in html
    assert signing_letter.isi[:40] in html
    # The picture is the letter's A4 page(s), drawn from its PDF, readable on a phone.
    response = client.get(gambar)
    assert response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(response.content))
    assert picture.width == 893 and picture.height >= 1263


def test_only_those_who_may_see_the_letter_see_its_picture(make_letter, office, login):
    letter = make_letter("signing", sifat=Letter.Sifat.RAHASIA)
    assert login("camat").get(f"/surat/{letter.public_id}/pratinjau.png").status_code == 200
    assert login("admin").get(f"/surat/{letter.public_id}/pratinjau.png").status_code in (
        403,
        404,
    )


def test_no_page_and_no_pdf_may_be_shown_in_a_frame(signing_letter, login):
    client = login("camat")
    for url in (
        f"/surat/{signing_letter.public_id}/pdf/",
        f"/surat/{signing_letter.public_id}/aksi/sign/",
    ):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_batch_signing_shows_each_letter_and_a_select_all(make_letter, office, login):
    ensure_key(office["camat"])
    letters = [make_letter("signing", hal=f"Surat ke-{i}") for i in range(2)]
    html = login("camat").get("/tandatangani/").content.decode()
    assert 'id="pilih-semua"' in html and "Pilih semua" in html
    assert "js/pilih_semua.js" in html
    for letter in letters:
        assert f'src="/surat/{letter.public_id}/pratinjau.png?v={letter.versi}"' in html
        assert f'href="/surat/{letter.public_id}/pdf/"' in html
    assert html.count('<details class="pratinjau-surat">') == 2  # collapsed until opened


def test_a_wrong_passphrase_on_batch_signing_keeps_the_letters_ticked(make_letter, office, login):
    ensure_key(office["camat"])
    letters = [make_letter("signing", hal=f"Surat ke-{i}") for i in range(3)]
    chosen = [f"{s.public_id}:{s.versi}" for s in letters[:2]]
    response = login("camat").post("/tandatangani/", {"surat": chosen, "passphrase": "salah"})
    assert response.status_code == 400
    html = response.content.decode()
    field = _field_of(html, "passphrase")
    assert "has-error" in field and SALAH in field
    ticked = re.findall(r'<input type="checkbox" name="surat" value="([^"]+)"[^>]*checked', html)
    assert sorted(ticked) == sorted(chosen)
    assert not Letter.objects.filter(status="signed").exists()


# In the browser, on a phone and on a desktop.


@pytest.mark.parametrize("ukuran", ["ponsel", "desktop"])
@butuh_peramban[0]
@butuh_peramban[1]
def test_in_the_browser_a_wrong_passphrase_stays_on_the_form(layar, office, make_letter, ukuran):
    ensure_key(office["camat"])
    letter = make_letter("signing")
    page = layar("camat", ukuran)
    page.goto(f"/surat/{letter.public_id}/aksi/sign/")
    assert page.get_by_role("link", name="Buka PDF").is_visible()
    page.locator("#id_passphrase").fill("salah")
    follow(page, page.locator("form.card").get_by_role("button", name="Tandatangani"))
    assert page.url.endswith(f"/surat/{letter.public_id}/aksi/sign/")
    field = page.locator(".field.has-error", has=page.locator("#id_passphrase"))
    assert SALAH in field.inner_text()
    # The summary takes the focus and links to the field.
    assert page.evaluate("document.activeElement.id") == "ringkasan-galat"
    page.locator("#id_passphrase").fill(PASSWORD)
    follow(page, page.locator("form.card").get_by_role("button", name="Tandatangani"))
    assert Letter.objects.get(pk=letter.pk).status == "signed"
    assert [e for e in layar.errors if "400" not in e] == []


@pytest.mark.parametrize("ukuran", ["ponsel", "desktop"])
@butuh_peramban[0]
@butuh_peramban[1]
def test_in_the_browser_pilih_semua_ticks_every_letter_by_keyboard(
    layar, office, make_letter, ukuran
):
    ensure_key(office["camat"])
    for i in range(3):
        make_letter("signing", hal=f"Surat ke-{i}")
    page = layar("camat", ukuran)
    page.goto("/tandatangani/")
    kotak = page.locator(".daftar-ttd input[type=checkbox]")
    semua = page.get_by_label("Pilih semua")
    semua.focus()
    page.keyboard.press("Space")
    assert all(kotak.nth(i).is_checked() for i in range(3))
    kotak.nth(1).uncheck()
    assert not semua.is_checked()
    assert page.evaluate("document.getElementById('pilih-semua').indeterminate")
    semua.focus()
    page.keyboard.press("Space")
    assert all(kotak.nth(i).is_checked() for i in range(3))
    semua.click()
    assert not any(kotak.nth(i).is_checked() for i in range(3))
    # Each letter's preview opens under its own tick box.
    page.locator(".pratinjau-surat summary").first.click()
    assert page.get_by_role("link", name="Buka PDF").first.is_visible()
    gambar = page.locator(".pratinjau-surat img").first
    gambar.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=gambar.element_handle()
    )
    assert gambar.bounding_box()["width"] > 200  # the letter's page, as wide as the box
    assert layar.errors == []
