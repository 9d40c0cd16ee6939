"""In a real browser, on a laptop (1366 px) and a phone (360 px): the Agenda's twelve columns
and its PDF link, the Dasbor's step table and chart labels, the Kotak Masuk's search and
markers are all on screen, and no page scrolls sideways."""

import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from letters.models import Letter, SignedDocument
from tests.peramban import butuh_peramban, overflow

pytestmark = butuh_peramban

PANJANG = (
    "Permohonan Data Kependudukan dan Pencatatan Sipil untuk Penyusunan Rencana "
    "Pembangunan Jangka Menengah Desa Tahun Anggaran 2027 beserta Lampirannya"
)


def _dengan_pdf(letter: Letter) -> Letter:
    """Give the letter a stored signed document (the Agenda links it in Keterangan)."""
    SignedDocument.objects.create(
        letter=letter,
        kode_verifikasi=uuid.uuid4().hex,
        berkas=ContentFile(b"%PDF-1.4\n%%EOF\n", name="surat.pdf"),
        sha256=uuid.uuid4().hex + uuid.uuid4().hex,
        cara=SignedDocument.Cara.MANUAL,
        ditandatangani_oleh=letter.pembuat,
        ditandatangani_pada=timezone.now(),
    )
    return letter


def _inside(page, locator, container=None) -> bool:
    """Whether the element is fully in the window (and inside ``container``'s box)."""
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    if box is None or box["width"] == 0 or box["x"] < 0 or box["x"] + box["width"] > width + 0.5:
        return False
    if container is not None:
        outer = container.bounding_box()
        return box["x"] >= outer["x"] - 0.5 and box["x"] + box["width"] <= (
            outer["x"] + outer["width"] + 0.5
        )
    return True


def test_the_agenda_shows_all_twelve_columns_and_the_pdf_link_on_a_laptop(layar, make_letter):
    _dengan_pdf(make_letter("signing", hal=PANJANG, lampiran="1 (satu) berkas"))
    make_letter("review")
    page = layar("kasubbag", "desktop")
    page.goto("/agenda/")
    table = page.locator("table.agenda")
    wrap = page.locator(".table-wrap", has=table)  # nothing hidden by its own scroll
    for th in table.locator("thead th").all():
        assert _inside(page, th, wrap), th.inner_text()
    link = table.get_by_role("link", name="Pindaian bertanda tangan")
    assert link.is_visible() and _inside(page, link, wrap)
    nomor = table.locator("td[data-label='Nomor Surat']").first
    assert float(nomor.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 12
    assert overflow(page) <= 0
    assert layar.errors == []


def test_the_agenda_on_a_phone_shows_every_cell_as_a_labelled_line(layar, make_letter):
    _dengan_pdf(make_letter("signing", hal=PANJANG))
    page = layar("kasubbag", "ponsel")
    page.goto("/agenda/")
    cells = page.locator("table.agenda tbody td").all()
    assert len(cells) == 12
    for cell in cells:
        assert _inside(page, cell), cell.get_attribute("data-label")
        label = cell.evaluate("e => getComputedStyle(e, '::before').content")
        assert label.strip('"') == cell.get_attribute("data-label")
    assert _inside(page, page.get_by_role("link", name="Pindaian bertanda tangan"))
    assert overflow(page) <= 0


def _font_px(locator) -> float:
    return locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_the_dasbor_step_table_and_chart_labels_read_on_a_phone_and_a_laptop(layar, make_letter):
    make_letter("review")
    for ukuran in ("ponsel", "desktop"):
        page = layar("camat", ukuran)
        page.goto("/dasbor/")
        steps = page.locator("table.langkah")
        rows = steps.locator("tbody tr").all()
        assert len(rows) == 6
        for row in rows:
            cells = row.locator("td").all()
            assert len(cells) == 7
            for cell in cells:
                assert cell.is_visible() and _inside(page, cell), (ukuran, cell.inner_text())
        labels = page.locator(".grafik-label li").all()
        assert len(labels) >= 12
        for label in labels:
            assert _font_px(label) >= 11, ukuran
            assert label.is_visible() and _inside(page, label)
        assert page.locator(".grafik-label").first.inner_text().split()[1] == "Jan"
        assert overflow(page) <= 0, ukuran
    assert layar.errors == []


def test_the_inbox_search_and_markers_fit_a_phone(layar, make_letter):
    make_letter("numbering", hal="Undangan segera", kecepatan=Letter.Kecepatan.SANGAT_SEGERA)
    make_letter("numbering", hal="Surat biasa")
    page = layar("kasubbag", "ponsel")
    marker = page.locator(".tanda", has_text="Sangat Segera")
    assert marker.is_visible() and _inside(page, marker)
    page.get_by_role("searchbox", name="Cari").fill("tidak ada")
    with page.expect_navigation():
        page.get_by_role("button", name="Cari").click()
    assert page.get_by_text("Tidak ada surat di Kotak Masuk yang cocok").is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Tampilkan semua surat").click()
    assert page.get_by_text("Surat biasa").is_visible()
    assert overflow(page) <= 0
    for path in ("/dasbor/surat/", "/surat/saya/"):
        camat = layar("camat", "ponsel")
        assert camat.goto(path).status == 200
        assert overflow(camat) <= 0, path
    assert layar.errors == []
