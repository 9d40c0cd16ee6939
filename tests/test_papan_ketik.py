"""Keyboard only, in a real browser: Tab, Shift+Tab, Enter, Space, arrow keys and typing,
no mouse and no click. The pelaksana drafts a letter and submits it; the Camat signs one.

Targets are found by role and name, as a screen reader user would find them, so a step
added before an action (a confirmation page) or a changed field does not break the walk.
"""

from __future__ import annotations

import re

from letters.models import Letter
from tests.conftest import PASSWORD, ensure_key
from tests.peramban import butuh_peramban

pytestmark = butuh_peramban


def tab_ke(page, target, maks: int = 80, mundur: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``target`` (a locator) has the keyboard focus."""
    assert target.count(), f"{target} tidak ada di halaman {page.url}"
    target = target.first
    tombol = "Shift+Tab" if mundur else "Tab"
    for _ in range(maks):
        if target.evaluate(
            "el => el === document.activeElement || el.contains(document.activeElement)"
        ):
            return
        page.keyboard.press(tombol)
    fokus = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"{target} tidak tercapai dengan {tombol} ({maks}x); fokus di {fokus}")


def tekan_lalu_tunggu(page, tombol: str = "Enter") -> None:
    """Press a key on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(tombol)


def pilih_dengan_panah(page, select, teks: str, maks: int = 40) -> None:
    """On a focused <select>, press ArrowDown until the option containing ``teks``."""
    tab_ke(page, select)
    for _ in range(maks):
        if teks in select.evaluate("el => el.selectedOptions[0]?.textContent || ''"):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"pilihan {teks!r} tidak tercapai dengan tombol panah")


def jalankan_aksi(page, label: str, passphrase: str | None = None, maks_langkah: int = 3):
    """Press the SOP button ``label`` on the letter page, then walk whatever follows
    (a confirmation page, a passphrase) with the keyboard until back on the letter."""
    tindakan = page.get_by_role("region", name="Tindakan")
    tombol = tindakan.get_by_role("button", name=label, exact=True)
    tab_ke(page, tombol.or_(tindakan.get_by_role("link", name=label, exact=True)))
    tekan_lalu_tunggu(page)
    for _ in range(maks_langkah):
        tombol = page.locator("main form").get_by_role("button", name=label, exact=True)
        if not tombol.count():
            return
        if passphrase:
            tab_ke(page, page.get_by_label(re.compile("^Passphrase")))
            page.keyboard.type(passphrase)
        tab_ke(page, tombol)
        tekan_lalu_tunggu(page)


def test_tautan_lompat_ke_isi_utama(layar):
    page = layar("pelaksana", "desktop")
    page.keyboard.press("Tab")
    lompat = page.get_by_role("link", name="Langsung ke isi utama")
    assert lompat.evaluate("el => el === document.activeElement"), "bukan elemen pertama"
    box = lompat.bounding_box()
    assert box and box["y"] >= 0 and box["height"] >= 24, "tautan lompat tidak tampak saat difokus"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "isi"
    page.keyboard.press("Tab")  # the next Tab goes on inside the main content
    assert page.evaluate("document.getElementById('isi').contains(document.activeElement)")


def test_pelaksana_membuat_dan_mengajukan_surat_dengan_papan_ketik(layar):
    hal = "Undangan Rapat Koordinasi lewat papan ketik"
    page = layar("pelaksana", "desktop")
    tab_ke(
        page,
        page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Buat Surat"),
    )
    tekan_lalu_tunggu(page)

    tab_ke(page, page.get_by_role("combobox", name="Kode Klasifikasi"))
    page.keyboard.type("100.2.4")
    tab_ke(page, page.get_by_role("textbox", name="Hal", exact=True))
    page.keyboard.type(hal)
    tab_ke(page, page.get_by_role("checkbox", name="Kepala Desa Jabon"))
    page.keyboard.press("Space")
    tab_ke(page, page.locator("[contenteditable=true]"))
    page.keyboard.type("Bersama ini kami mengundang Saudara pada rapat koordinasi.")
    pilih_dengan_panah(
        page, page.get_by_role("combobox", name="Pejabat pengawas"), "Kepala Seksi Pemerintahan"
    )
    pilih_dengan_panah(
        page, page.get_by_role("combobox", name="Penandatangan", exact=True), "Camat"
    )
    tab_ke(page, page.get_by_role("button", name="Simpan"))
    tekan_lalu_tunggu(page)
    letter = Letter.objects.get(hal=hal)
    assert letter.status == "draft", page.url

    jalankan_aksi(page, "Ajukan")
    letter.refresh_from_db()
    assert letter.status == "numbering"
    assert page.get_by_role("status").count() or page.locator(".msg-success").count()


def test_camat_menandatangani_dengan_papan_ketik(layar, office, make_letter):
    ensure_key(office["camat"])
    letter = make_letter("signing")
    page = layar("camat", "desktop")
    tab_ke(page, page.get_by_role("link", name=letter.hal).first, maks=120)
    tekan_lalu_tunggu(page)
    jalankan_aksi(page, "Tandatangani", passphrase=PASSWORD)
    letter.refresh_from_db()
    assert letter.status == "signed"
