"""The letter as a naskah dinas PDF: what must be printed, on which paper, and when."""

import datetime
import http.server
import io
import threading

import pytest
from django.utils import timezone

from approvals import actions
from letters import naskah, pdf
from letters.models import Letter, PengaturanSurat, Tujuan
from organisasi import tanggal
from organisasi.models import Unit, User
from tests.conftest import position, recipients
from tests.pdf_text import pages, size_mm, text


def _pdf(client, letter) -> bytes:
    response = client.get(f"/surat/{letter.public_id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _flat(content: bytes) -> str:
    return " ".join(text(content).split())


def test_a_draft_shows_konsep_and_no_number(make_letter, login):
    content = _pdf(login("pelaksana"), make_letter("draft"))
    printed = _flat(content)
    assert "KONSEP" in printed
    assert "Nomor :" in printed and "/416-XX/" not in printed
    assert "Undangan Rapat Koordinasi Pemerintahan Desa" in printed


def test_the_number_is_printed_once_given_and_konsep_stays_until_signing(make_letter, login):
    letter = make_letter("signing")
    printed = _flat(_pdf(login("camat"), letter))
    assert letter.nomor in printed
    assert "KONSEP" in printed


def test_a_signed_letter_has_everything_and_no_konsep(make_letter, login):
    letter = make_letter("signed")
    printed = _flat(_pdf(login("pelaksana"), letter))
    assert "KONSEP" not in printed
    for expected in (
        "PEMERINTAH KABUPATEN MOJOKERTO",
        "KECAMATAN MOJOANYAR",
        letter.nomor,
        "Sifat : Biasa",
        "Hal : Undangan Rapat Koordinasi Pemerintahan Desa",
        "Yth.",
        "Kepala Desa Jabon",
        "Kepala Desa Wunut",
        "CAMAT MOJOANYAR",
        "Bagus Wicaksono, S.STP., M.Si.",
        "Pembina Tingkat I (IV/b)",
        "NIP 197805122000121001",
        "Tembusan:",
        "Bupati Mojokerto",
        "Arsip",
        f"Mojoanyar, {tanggal.tanggal(timezone.localdate())}",
    ):
        assert expected in printed, expected


def test_a_sent_letter_has_no_konsep_either(make_letter, login):
    assert "KONSEP" not in _flat(_pdf(login("pelaksana"), make_letter("sent")))


def test_an_atas_nama_signature_names_the_head_and_the_signer(make_letter, login):
    letter = make_letter(
        "approval", penandatangan=position("Sekretaris Kecamatan"), cara_ttd=Letter.CaraTtd.AN
    )
    printed = _flat(_pdf(login("sekcam"), letter))
    assert "a.n. CAMAT MOJOANYAR, Sekretaris Kecamatan," in printed
    assert "Hendra Saputra, S.H." in printed


def test_a_plt_signature_keeps_the_plt_officials_name_and_nip(make_letter, login):
    letter = make_letter("signing", cara_ttd=Letter.CaraTtd.PLT)
    printed = _flat(_pdf(login("plt_camat"), letter))
    assert "Plt. CAMAT MOJOANYAR" in printed
    assert "Rina Kartikasari, S.Sos., M.M." in printed
    assert "NIP 198002142003122002" in printed


def test_body_paragraphs_lists_and_tables_are_kept(make_letter, login):
    isi = (
        "<p>Paragraf pembuka.</p><ol><li>Butir pertama</li><li>Butir kedua</li></ol>"
        "<table><tbody><tr><td>Hari</td><td>Senin</td></tr></tbody></table>"
    )
    printed = _flat(_pdf(login("pelaksana"), make_letter("draft", isi=isi)))
    for expected in ("Paragraf pembuka.", "Butir pertama", "Butir kedua", "Hari Senin"):
        assert expected in printed
    assert "1. 2." in printed  # the list keeps its numbering


def test_many_recipients_become_an_attached_list(make_letter, login, office):
    letter = make_letter("draft")
    names = list(Tujuan.objects.filter(jenis="desa").values_list("nama", flat=True))
    actions.update_letter(
        letter,
        by=office["pelaksana"],
        data={},
        penerima=recipients(*names),
        versi_dasar=letter.versi,
    )
    content = _pdf(login("pelaksana"), letter)
    first, *rest = pages(content)
    assert "Yth. Daftar Terlampir" in " ".join(first.split())
    attached = " ".join(" ".join(rest).split())
    assert "DAFTAR PENERIMA" in attached
    assert all(name in attached for name in names)


def test_page_numbers_start_on_page_two(make_letter, login):
    long_body = "".join(
        f"<p>Paragraf nomor {i} yang cukup panjang untuk mengisi halaman surat dinas ini.</p>"
        for i in range(60)
    )
    content = _pdf(login("pelaksana"), make_letter("draft", isi=long_body))
    all_pages = pages(content)
    assert len(all_pages) >= 2
    assert "- 1 -" not in all_pages[0]
    assert "- 2 -" in all_pages[1]


def test_paper_is_a4_by_default_and_f4_when_the_unit_says_so(make_letter, login):
    letter = make_letter("draft")
    client = login("pelaksana")
    assert size_mm(_pdf(client, letter)) == (210, 297)
    PengaturanSurat.objects.filter(unit_id=letter.unit_id).update(ukuran_kertas="F4")
    assert size_mm(_pdf(client, letter)) == (215, 330)


def test_the_same_letter_renders_to_the_same_bytes(make_letter, login):
    letter = make_letter("signed")
    client = login("pelaksana")
    assert _pdf(client, letter) == _pdf(client, letter)


def test_a_user_who_may_not_see_the_letter_gets_no_pdf(make_letter, office, client):
    letter = make_letter("draft")
    client.force_login(User.objects.create_user("tamu", password="x"))
    assert client.get(f"/surat/{letter.public_id}/pdf/").status_code == 403


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_rendering_never_fetches_a_remote_url(local_server, settings):
    html = (
        f'<link rel="stylesheet" href="{local_server}/gaya.css">'
        f'<img src="{local_server}/gambar.png"><p style="background: url({local_server}/x)">'
        "Isi</p>"
    )
    assert text(pdf.html_to_pdf(html)).strip() == "Isi"
    assert _Recorder.hits == []


def test_the_fetcher_refuses_files_outside_the_app(tmp_path):
    fetcher = pdf.fetcher()
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch("https://example.com/logo.png")
    assert fetcher.fetch("data:text/plain,halo") is not None


def test_the_unit_logo_uploaded_in_the_admin_is_printed_in_the_letterhead(make_letter, login):
    from django.core.files.base import ContentFile
    from PIL import Image
    from pypdf import PdfReader

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(buffer, format="PNG")
    unit = Unit.objects.get(induk=None)
    unit.logo.save("lambang.png", ContentFile(buffer.getvalue()))
    content = _pdf(login("pelaksana"), make_letter("draft"))
    images = PdfReader(io.BytesIO(content)).pages[0].images
    assert len(images) == 1


def test_a_letter_signed_in_the_evening_carries_the_jakarta_date(make_letter):
    """20:00 UTC is already the next morning in Mojoanyar; the letter is dated there."""
    letter = make_letter("signing")
    evening_utc = datetime.datetime(2026, 11, 24, 20, 0, tzinfo=datetime.UTC)
    pengesahan = naskah.Pengesahan(
        penandatangan=naskah.penandatangan_user(letter), waktu=evening_utc, elektronik=False
    )
    assert naskah.context(letter, pengesahan)["tempat_tanggal"] == "Mojoanyar, 25 November 2026"


def test_a_draft_is_rendered_once_per_version_and_again_after_a_change(
    make_letter, login, monkeypatch
):
    """The Kasi, the Sekcam and the Camat opening the same version are served one render;
    a change is printed at once."""
    letter = make_letter("draft")
    client = login("pelaksana")
    renders = []
    render = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: renders.append(1) or render(html))
    assert _pdf(client, letter) == _pdf(client, letter)
    assert len(renders) == 1
    Letter.objects.filter(pk=letter.pk).update(
        hal="Hal yang baru diubah", versi=letter.versi + 1, diubah=timezone.now()
    )
    assert "Hal yang baru diubah" in _flat(_pdf(client, letter))
    assert len(renders) == 2
