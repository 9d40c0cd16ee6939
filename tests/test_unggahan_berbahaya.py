"""Hostile uploads and requests are refused with a message, never a server error.

PDFs with active content, polyglots, flate bombs and deep page trees are refused as
attachments (and wherever a PDF is uploaded); the public verification upload answers a
message for malformed signature dictionaries; a body over the limit is refused before it
is read; control characters in the address are refused; an absurd username is an
ordinary wrong login.
"""

from __future__ import annotations

import io
import re
import tracemalloc

import pytest
from axes.models import AccessAttempt
from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from letters.models import Attachment, PengaturanSurat
from letters.uploads import validate_pdf
from tests import pdf_berbahaya
from tests.conftest import ensure_key

CETAK_ULANG = "Cetak ulang dokumen menjadi PDF biasa"
JS = "PDF ini memuat JavaScript"
LAUNCH = "menjalankan program lain (Launch)"
SISIPAN = "PDF ini memuat berkas lain yang disisipkan"
OTOMATIS = "tindakan otomatis yang berjalan saat halaman dibuka"
RICHMEDIA = "media aktif (RichMedia/Flash)"
BUKAN_PDF = "Berkas bukan PDF. Hanya berkas PDF yang dapat dilampirkan."
BOM = "mengembang jauh melebihi ukuran berkasnya"
RUMIT = "PDF ini terlalu rumit untuk diperiksa"

HOSTILE = {
    **{
        name: (lambda name=name: pdf_berbahaya.KONTEN_AKTIF[name], message)
        for name, message in {
            "JavaScript in OpenAction": JS,
            "JavaScript with a hex-escaped name": JS,
            "JavaScript names tree": JS,
            "JavaScript as a stream": JS,
            "link running JavaScript": JS,
            "Launch action": LAUNCH,
            "embedded file": SISIPAN,
            "file attachment annotation": SISIPAN,
            "page additional actions": OTOMATIS,
            "RichMedia annotation": RICHMEDIA,
        }.items()
    },
    "HTML polyglot": (pdf_berbahaya.poliglot, BUKAN_PDF),
    "flate bomb (300 MB)": (pdf_berbahaya.bom_flate, BOM),
    "page tree 150 deep": (pdf_berbahaya.pohon_halaman_dalam, RUMIT),
}


def _pdf(**kwargs) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    for key, value in kwargs.items():
        writer._root_object[NameObject(key)] = value
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _messages(response) -> str:
    return " ".join(re.sub(r"\s+", " ", response.content.decode()).split())


@pytest.mark.parametrize(("make", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_pdf_is_refused_as_attachment_with_its_message(make, message, login, make_letter):
    letter = make_letter("draft")
    client = login("pelaksana")
    response = client.post(
        f"/surat/{letter.public_id}/lampiran/",
        {"berkas": SimpleUploadedFile("daftar-hadir.pdf", make())},
        follow=True,
    )
    assert response.status_code == 200
    assert message in _messages(response)
    assert not Attachment.objects.filter(letter=letter).exists()


@pytest.mark.parametrize(("make", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_the_public_verification_upload_refuses_it_with_the_same_message(make, message, client):
    response = client.post("/verifikasi/", {"berkas": SimpleUploadedFile("salinan.pdf", make())})
    assert response.status_code == 400
    assert message in _messages(response)


def test_active_content_messages_say_what_to_do(login, make_letter):
    letter = make_letter("draft")
    response = login("pelaksana").post(
        f"/surat/{letter.public_id}/lampiran/",
        {"berkas": SimpleUploadedFile("a.pdf", pdf_berbahaya.KONTEN_AKTIF["Launch action"])},
        follow=True,
    )
    assert CETAK_ULANG in _messages(response)


@pytest.mark.parametrize("kind", list(pdf_berbahaya.TANDA_TANGAN_RUSAK))
def test_a_malformed_signature_dictionary_gets_an_answer_not_an_error(kind, client, db):
    content = pdf_berbahaya.tanda_tangan_rusak(kind)
    response = client.post("/verifikasi/", {"berkas": SimpleUploadedFile("salinan.pdf", content)})
    assert response.status_code == 200
    text = _messages(response)
    assert "TIDAK DAPAT DIVERIFIKASI" in text
    assert "SAH —" not in text


def test_a_signature_value_that_is_a_number_is_called_unreadable(client, db):
    content = pdf_berbahaya.tanda_tangan_rusak("number")
    response = client.post("/verifikasi/", {"berkas": SimpleUploadedFile("salinan.pdf", content)})
    assert "Tanda tangan elektronik pada dokumen ini rusak atau tidak dapat dibaca" in (
        _messages(response)
    )


def test_a_hostile_ink_scan_is_refused_with_its_message(office, make_letter, login):

    PengaturanSurat.objects.filter(unit__induk=None).update(metode_ttd="manual")
    letter = make_letter("signing")
    response = login("camat").post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {
            "versi": letter.versi,
            "scan": SimpleUploadedFile("pindaian.pdf", pdf_berbahaya.KONTEN_AKTIF["Launch action"]),
        },
    )
    assert response.status_code == 400
    assert LAUNCH in _messages(response)


def test_a_receipt_with_javascript_is_refused_with_its_message(office, make_letter, login):
    ensure_key(office["camat"])
    letter = make_letter("signed")
    from django.utils import timezone

    response = login("pelaksana").post(
        f"/surat/{letter.public_id}/aksi/dispatch/",
        {
            "tanggal_kirim": timezone.localdate().isoformat(),
            "cara": "kurir",
            "bukti": SimpleUploadedFile(
                "tanda-terima.pdf", pdf_berbahaya.KONTEN_AKTIF["JavaScript in OpenAction"]
            ),
        },
    )
    assert response.status_code == 400
    assert JS in _messages(response)


def test_the_flate_bomb_is_refused_without_being_expanded(settings):
    bomb = pdf_berbahaya.bom_flate(300)
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(Exception, match=BOM):
            validate_pdf(SimpleUploadedFile("bom.pdf", bomb))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 150 * 1024 * 1024  # the budget (64 MB), never the 300 MB


@pytest.mark.parametrize(
    "content",
    [
        _pdf(),
        b"\xef\xbb\xbf" + _pdf(),
        b"\r\n  " + _pdf(),
        _pdf(
            **{
                "/OpenAction": DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/URI"),
                        NameObject("/URI"): TextStringObject("https://mojokertokab.go.id/"),
                    }
                )
            }
        ),
    ],
    ids=["plain", "byte order mark", "leading whitespace", "link to a web page"],
)
def test_a_plain_pdf_is_still_accepted(content, login, make_letter):
    letter = make_letter("draft")
    login("pelaksana").post(
        f"/surat/{letter.public_id}/lampiran/",
        {"berkas": SimpleUploadedFile("daftar-hadir.pdf", content)},
    )
    assert Attachment.objects.filter(letter=letter).count() == 1


# --- requests refused before the view -----------------------------------------------


class _Unreadable(io.RawIOBase):
    """A request body that must never be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


class _Endless(io.RawIOBase):
    """A chunked body of ``size`` bytes, produced as it is read; counts what was read."""

    def __init__(self, size: int):
        self.size, self.dibaca = size, 0

    def read(self, n=-1):
        n = self.size - self.dibaca if n is None or n < 0 else min(n, self.size - self.dibaca)
        self.dibaca += n
        return b"\0" * n

    readline = read


CHUNKED = {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True}


def _wsgi(path: str, body, **environ) -> tuple[str, bytes]:
    """Send one request straight to the WSGI application, as gunicorn would."""
    base = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": body,
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "CONTENT_TYPE": "multipart/form-data; boundary=batas",
    }
    status = []
    # As Django's test client does: the test's database connection must stay open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(
            {**base, **environ}, lambda s, headers, exc_info=None: status.append(s)
        )
        content = b"".join(response)
        response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return status[0], content


def test_a_300_mb_post_is_refused_before_its_body_is_read(db):
    status, content = _wsgi("/verifikasi/", _Unreadable(), CONTENT_LENGTH=str(300 * 1024 * 1024))
    assert status.startswith("413")
    text = content.decode()
    assert "Berkas terlalu besar" in text
    assert "Batasnya 11 MB" in text


def test_a_chunked_body_over_the_limit_is_refused_after_reading_at_most_the_limit(db, settings):
    settings.MAKS_UNGGAH_MB = 2
    body = _Endless(300 * 1024 * 1024)
    status, content = _wsgi("/verifikasi/", body, **CHUNKED)
    assert status.startswith("413")
    assert body.dibaca <= 2 * 1024 * 1024 + 64 * 1024
    assert "melebihi batas 2 MB" in content.decode()


def test_a_chunked_body_within_the_limit_reaches_the_form(db, settings):
    # A bare WSGI request carries no CSRF token; this test is about the body only.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "Csrf" not in m]
    body = (
        b"--batas\r\n"
        b'Content-Disposition: form-data; name="berkas"; filename="catatan.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n"
        b"bukan pdf\r\n"
        b"--batas--\r\n"
    )
    status, content = _wsgi("/verifikasi/", io.BytesIO(body), **CHUNKED)
    assert status.startswith("400")
    assert BUKAN_PDF in content.decode()


@pytest.mark.parametrize(
    "url",
    ["/verifikasi/a%00b/", "/klasifikasi/cari/?klasifikasi=%00", "/agenda/?q=rapat%1f", "/%7f/"],
)
def test_control_characters_in_the_address_are_refused_with_a_message(url, login):
    response = login("pelaksana").get(url)
    assert response.status_code == 400
    assert "memuat karakter yang tidak diizinkan" in _messages(response)


def test_a_5000_character_username_is_an_ordinary_wrong_login(office, client):
    response = client.post("/masuk/", {"username": "x" * 5000, "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in _messages(response)
    assert not AccessAttempt.objects.filter(username__startswith="xxx").exists()


def test_too_many_fields_get_the_indonesian_bad_request_page(client, db):
    response = client.get("/verifikasi/?" + "&".join(f"a{i}=1" for i in range(1200)))
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in _messages(response)
