"""Buat Surat tells everyone what is wrong, and takes dates the Indonesian way.

In a real browser whose language is English (en-US), on a phone and on a desktop: the
page stays Indonesian; after an empty submit the focus is on the error summary, which
names and links each field; every aria reference points at something on the page; the
editor and the group of Tujuan checkboxes have Indonesian names; a date typed as digits
gets its slashes and is stored as that day; the editor is at least ten lines high and
its toolbar speaks Indonesian.
"""

import datetime
import re

import pytest

from letters.models import Letter
from tests.peramban import butuh_peramban, follow, overflow

pytestmark = butuh_peramban

UKURAN = ["ponsel", "desktop"]

# Every button the letter editor's toolbar may show, with its Indonesian name.
TOMBOL_EDITOR = {
    "Tebal",
    "Miring",
    "Garis bawah",
    "Paragraf",
    "Daftar berbutir",
    "Daftar bernomor",
    "Pengaturan daftar bernomor",
    "Sisipkan tabel",
    "Tambah kolom",
    "Hapus kolom",
    "Tambah baris",
    "Hapus baris",
    "Gabungkan sel",
    "Pisahkan sel",
    "Sel judul / sel biasa",
    "Hapus tabel",
    "Urungkan",
    "Ulangi",
}

REFERENSI_HILANG = """() => {
  const hilang = [];
  for (const el of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
    for (const attr of ["aria-describedby", "aria-labelledby"]) {
      for (const id of (el.getAttribute(attr) || "").split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) hilang.push(`${attr}=${id}`);
      }
    }
  }
  return hilang;
}"""


def _buka_formulir(layar, ukuran):
    page = layar("pelaksana", ukuran, bahasa="en-US")
    page.goto("/surat/baru/")
    page.locator(".ProseMirror").wait_for()  # the editor has mounted
    return page


@pytest.mark.parametrize("ukuran", UKURAN)
def test_an_empty_submit_leads_to_a_summary_that_names_and_links_the_fields(layar, ukuran):
    page = _buka_formulir(layar, ukuran)
    assert page.get_by_role("heading", name="Buat Surat").is_visible()  # Indonesian UI
    assert page.get_by_role("link", name="Batal", exact=True).is_visible()  # not "Batal ubah"
    follow(page, page.get_by_role("button", name="Simpan"))
    page.locator(".ProseMirror").wait_for()

    ringkasan = page.locator("#ringkasan-galat")
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'ringkasan-galat'"
    )
    assert ringkasan.get_by_role("heading", name="Periksa kembali isian berikut").is_visible()
    for label, sasaran in (("Kode Klasifikasi", "#id_klasifikasi"), ("Hal", "#id_hal")):
        tautan = ringkasan.get_by_role("link", name=label, exact=True)
        assert tautan.get_attribute("href") == sasaran
        tautan.click()
        assert page.evaluate("document.activeElement.id") == sasaran[1:]
        assert page.locator(sasaran).get_attribute("aria-invalid") == "true"
    # Links to the editor and to the checkbox group land on something one can type in.
    ringkasan.get_by_role("link", name="Isi Surat", exact=True).click()
    assert page.evaluate("document.activeElement.classList.contains('ProseMirror')")
    ringkasan.get_by_role("link", name="Tujuan", exact=True).click()
    assert page.evaluate("document.activeElement.id") == "id_tujuan_0"

    # Each error is read out with its field.
    described = page.locator("#id_hal").get_attribute("aria-describedby").split()
    assert "id_hal_error" in described
    assert page.locator("#id_hal_error").inner_text() == "Bidang ini tidak boleh kosong."
    editor = page.get_by_role("textbox", name="Isi Surat")
    assert "id_isi_error" in editor.get_attribute("aria-describedby").split()
    tujuan = page.get_by_role("group", name=re.compile(r"^Tujuan( \(wajib\))?$"))
    assert tujuan.get_attribute("aria-describedby") == "id_tujuan_error"
    assert page.evaluate(REFERENSI_HILANG) == []
    assert overflow(page) <= 0
    assert layar.errors == []


@pytest.mark.parametrize("ukuran", UKURAN)
def test_fields_are_named_and_marked_required_for_screen_readers(layar, ukuran):
    page = _buka_formulir(layar, ukuran)
    assert page.evaluate(REFERENSI_HILANG) == []
    editor = page.get_by_role("textbox", name="Isi Surat")
    assert editor.get_attribute("contenteditable") == "true"
    assert editor.get_attribute("aria-describedby") == "id_isi_helptext"
    tujuan = page.get_by_role("group", name=re.compile(r"^Tujuan( \(wajib\))?$"))
    assert tujuan.get_by_role("checkbox").count() == 18
    for selector in ("#id_klasifikasi", "#id_hal", "#id_jenis", "#id_penandatangan"):
        field = page.locator(selector)
        assert field.get_attribute("required") is not None or (
            field.get_attribute("aria-required") == "true"
        ), selector
    assert page.locator("#id_klasifikasi").get_attribute("aria-describedby") == (
        "id_klasifikasi_helptext"
    )
    assert layar.errors == []


@pytest.mark.parametrize("ukuran", UKURAN)
def test_a_date_typed_as_digits_is_written_and_stored_the_indonesian_way(layar, ukuran, office):
    page = _buka_formulir(layar, ukuran)
    page.locator("#id_klasifikasi").fill("100.2.4")
    page.locator("#id_hal").fill(f"Balasan undangan ({ukuran})")
    page.get_by_label("Kepala Desa Jabon").check()
    page.locator(".ProseMirror").click()
    page.keyboard.type("Dengan hormat, kami sampaikan balasan.")
    page.locator("#id_pejabat_pengawas").select_option(
        str(office["kasi"].penugasan.get().position_id)
    )
    page.locator("#id_penandatangan").select_option(
        str(office["camat"].penugasan.get().position_id)
    )
    page.get_by_text("Membalas surat masuk (tidak wajib)").click()
    page.locator("#id_surat_masuk_nomor").fill("005/12/416.302/2026")
    page.locator("#id_surat_masuk_pengirim").fill("Kepala Desa Jabon")
    tanggal = page.locator("#id_surat_masuk_tanggal")
    assert tanggal.get_attribute("type") == "text"
    assert tanggal.get_attribute("inputmode") == "numeric"
    petunjuk = page.locator("#id_surat_masuk_tanggal_helptext")
    assert "hh/bb/tttt" in petunjuk.inner_text() and petunjuk.is_visible()
    assert tanggal.get_attribute("aria-describedby") == "id_surat_masuk_tanggal_helptext"
    tanggal.press_sequentially("30112026")
    assert tanggal.input_value() == "30/11/2026"
    follow(page, page.get_by_role("button", name="Simpan"))
    letter = Letter.objects.get(hal=f"Balasan undangan ({ukuran})")
    assert letter.surat_masuk_tanggal == datetime.date(2026, 11, 30)

    page.goto(f"/surat/{letter.public_id}/ubah/")
    assert page.locator("#id_surat_masuk_tanggal").input_value() == "30/11/2026"
    assert page.get_by_role("link", name="Batal ubah").is_visible()
    assert layar.errors == []


@pytest.mark.parametrize("ukuran", UKURAN)
def test_the_editor_is_tall_enough_for_a_letter_and_its_toolbar_speaks_indonesian(layar, ukuran):
    page = _buka_formulir(layar, ukuran)
    editor = page.get_by_role("textbox", name="Isi Surat")
    assert editor.bounding_box()["height"] >= 200  # ten lines or more
    toolbar = page.get_by_role("toolbar", name="Format isi surat")
    # Every button, also those shown only inside a table or a numbered list.
    names = toolbar.locator("button").evaluate_all(
        "bs => bs.map(b => [b.getAttribute('aria-label'), b.title])"
    )
    assert len(names) >= 16
    assert {label for label, title in names} <= TOMBOL_EDITOR, names
    assert all(label == title for label, title in names)
    for name in ("Tebal", "Miring", "Garis bawah", "Daftar berbutir", "Daftar bernomor"):
        assert toolbar.get_by_role("button", name=name, exact=True).is_visible()

    # A table: its own buttons appear, in Indonesian, and the dialog too.
    toolbar.get_by_role("button", name="Sisipkan tabel").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    assert dialog.get_by_text("Jumlah baris").is_visible()
    assert dialog.get_by_role("combobox").locator("option").first.evaluate("o => o.label") in (
        "Ya",
        "Tidak",
    )
    dialog.get_by_role("button", name="Sisipkan", exact=True).click()
    for name in ("Tambah kolom", "Hapus baris", "Gabungkan sel", "Hapus tabel"):
        assert toolbar.get_by_role("button", name=name, exact=True).is_visible(), name

    # It grows with the text.
    tinggi = editor.bounding_box()["height"]
    editor.click()
    page.keyboard.press("Control+End")
    for _ in range(14):
        page.keyboard.press("Enter")
        page.keyboard.type("Baris")
    assert editor.bounding_box()["height"] > tinggi
    assert overflow(page) <= 0
    assert layar.errors == []
