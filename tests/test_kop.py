"""The kop: the unit's emblem in a fixed box beside the text, above the double rule, at
any proportions; the demo office ships a neutral placeholder emblem."""

import io

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from django.core.files.base import ContentFile
from PIL import Image

from letters import naskah
from letters.models import pengaturan_surat
from organisasi.models import Unit
from tests.pdf_text import MM

KOTAK_MM = 25  # the emblem's box: at most this tall and this wide


def _logo(unit, size):
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 90, 90)).save(buffer, format="PNG")
    unit.logo.save("lambang.png", ContentFile(buffer.getvalue()))


def _kop(content: bytes, tmp_path, nama: str):
    """Where the emblem, the kop's text and the rule are on page 1 (PDF points, y up)."""
    document = pypdfium2.PdfDocument(content)
    page = document[0]
    page.render(scale=2).to_pil().save(tmp_path / f"{nama}.png")
    images = [o.get_bounds() for o in page.get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE]
    # The double rule: the long thin horizontal strokes (they are drawn as paths).
    rules = [
        o.get_bounds()
        for o in page.get_objects(max_depth=3)
        if o.type == pdfium_c.FPDF_PAGEOBJ_PATH
        and (o.get_bounds()[2] - o.get_bounds()[0]) > 120 * MM
        and (o.get_bounds()[3] - o.get_bounds()[1]) < 3 * MM
    ]
    textpage = page.get_textpage()
    boxes = []
    for phrase in ("PEMERINTAH KABUPATEN MOJOKERTO", "KECAMATAN MOJOANYAR"):
        search = textpage.search(phrase)
        index, count = search.get_next()
        boxes += [textpage.get_charbox(i) for i in range(index, index + count)]
    width = page.get_width()
    document.close()
    return images, rules, boxes, width


@pytest.mark.parametrize(("nama", "size"), [("tinggi", (60, 400)), ("lebar", (500, 60))])
def test_an_emblem_of_any_shape_stays_in_its_box_beside_the_text_above_the_rule(
    make_letter, tmp_path, nama, size
):
    _logo(Unit.objects.get(induk=None), size)
    images, rules, text_boxes, page_width = _kop(
        naskah.letter_pdf(make_letter("draft")), tmp_path, nama
    )
    [(left, bottom, right, top)] = images
    assert top - bottom <= KOTAK_MM * MM + 0.5
    assert right - left <= KOTAK_MM * MM + 0.5
    assert max(top - bottom, right - left) >= KOTAK_MM * MM - 0.5  # scaled to the box
    text_left = min(b[0] for b in text_boxes)
    assert right < text_left  # beside the text, not under or over it
    assert bottom > max(b[3] for b in text_boxes) - 40 * MM  # on the kop's band
    rule_top = max(r[3] for r in rules)
    assert bottom > rule_top  # above the double rule
    # The text is centred between the margins, whatever the emblem's width.
    setting = pengaturan_surat(Unit.objects.get(induk=None))
    centre = (setting.margin_kiri * MM + page_width - setting.margin_kanan * MM) / 2
    text_right = max(b[2] for b in text_boxes)
    assert abs((text_left + text_right) / 2 - centre) < 2 * MM


def test_the_demo_office_ships_a_neutral_placeholder_emblem(make_letter, tmp_path):
    unit = Unit.objects.get(induk=None)
    assert unit.logo.name.startswith("logo/lambang-demo")
    with Image.open(unit.logo.path) as image:
        assert image.format == "PNG"
    unit.logo.field.clean(unit.logo, unit)  # passes the upload's own validation
    images, rules, _boxes, _w = _kop(naskah.letter_pdf(make_letter("draft")), tmp_path, "demo")
    [(_left, bottom, _right, top)] = images
    assert top - bottom == pytest.approx(KOTAK_MM * MM, abs=0.5)
    assert bottom > max(r[3] for r in rules)
