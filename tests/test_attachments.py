"""Lampiran: only readable PDFs are kept, only viewers download, only editors change them."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from approvals import actions
from letters.models import Attachment, Letter
from organisasi.models import User
from tests.conftest import advance, position


def _pdf(pages: int = 1, password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _upload(content: bytes, name: str = "daftar-hadir.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _tambah(letter) -> str:
    return f"/surat/{letter.public_id}/lampiran/"


def _unduh(letter, attachment) -> str:
    return f"/surat/{letter.public_id}/lampiran/{attachment.public_id}/"


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "lampiran"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _attach(client, letter, content: bytes | None = None, name: str = "daftar-hadir.pdf"):
    return client.post(
        _tambah(letter),
        {"berkas": _upload(_pdf() if content is None else content, name)},
        follow=True,
    )


def test_a_pdf_uploaded_to_a_draft_is_listed_and_downloadable(login, make_letter, settings):
    letter = make_letter("draft")
    content = _pdf(pages=2)
    response = _attach(login("pelaksana"), letter, content)
    assert response.redirect_chain == [(f"/surat/{letter.public_id}/", 302)]
    html = response.content.decode()
    assert "Lampiran ditambahkan." in html
    attachment = Attachment.objects.get()
    assert attachment.letter == letter and attachment.nama == "daftar-hadir.pdf"
    assert attachment.ukuran == len(content)
    assert f'href="{_unduh(letter, attachment)}">daftar-hadir.pdf</a>' in html
    assert "Tidak ada lampiran." not in html

    download = login("pelaksana").get(_unduh(letter, attachment))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == content
    assert len(_stored_files(settings)) == 1


def test_the_same_file_sent_twice_is_attached_once(login, make_letter, settings):
    letter = make_letter("draft")
    content = _pdf(pages=2)
    client = login("pelaksana")
    _attach(client, letter, content)
    again = _attach(client, letter, content, name="salinan.pdf")
    assert again.redirect_chain == [(f"/surat/{letter.public_id}/", 302)]
    assert "Berkas ini sudah dilampirkan sebagai “daftar-hadir.pdf”." in again.content.decode()
    assert Attachment.objects.filter(letter=letter).count() == 1
    assert len(_stored_files(settings)) == 1
    assert Letter.objects.get(pk=letter.pk).versi == 2  # one new version, not two


@pytest.mark.parametrize("username", ["kasi", "kasubbag", "sekcam", "camat"])
def test_every_official_who_may_view_the_letter_downloads_the_same_file(
    login, make_letter, username
):
    letter = make_letter("draft")
    content = _pdf()
    _attach(login("pelaksana"), letter, content)
    attachment = Attachment.objects.get()
    page = login(username).get(f"/surat/{letter.public_id}/").content.decode()
    assert "daftar-hadir.pdf" in page
    download = login(username).get(_unduh(letter, attachment))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


def test_a_user_without_a_position_can_neither_see_nor_download_it(login, make_letter, client):
    letter = make_letter("draft")
    _attach(login("pelaksana"), letter)
    attachment = Attachment.objects.get()
    client.force_login(User.objects.create_user("tamu", password="x"))
    assert client.get(_unduh(letter, attachment)).status_code == 403
    assert client.get(f"/surat/{letter.public_id}/").status_code == 403


def test_a_rahasia_letters_attachment_is_refused_to_staff_outside_the_letter(login, make_letter):
    letter = make_letter(
        "draft",
        sifat=Letter.Sifat.RAHASIA,
        pejabat_pengawas=position("Kepala Seksi Ketenteraman dan Ketertiban Umum"),
    )
    content = _pdf()
    _attach(login("pelaksana"), letter, content)
    attachment = Attachment.objects.get()
    assert login("kasi").get(_unduh(letter, attachment)).status_code == 403
    allowed = login("plt_camat").get(_unduh(letter, attachment))  # its Pejabat Pengawas
    assert b"".join(allowed.streaming_content) == content


def test_an_anonymous_visitor_is_sent_to_login(make_letter, login, client):
    letter = make_letter("draft")
    _attach(login("pelaksana"), letter)
    response = client.get(_unduh(letter, Attachment.objects.get()))
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=")


def _encrypted() -> bytes:
    return _pdf(password="rahasia")


def _truncated() -> bytes:
    whole = _pdf(pages=3)
    return whole[: len(whole) // 3]


NOT_A_PDF = "Berkas bukan PDF. Hanya berkas PDF yang dapat dilampirkan."
BROKEN = "PDF rusak atau tidak dapat dibaca."

REFUSED = {
    "text renamed .pdf": (
        lambda: b"Daftar hadir rapat koordinasi\nNama, Jabatan\n",
        "daftar-hadir.pdf",
        NOT_A_PDF,
    ),
    "PNG image": (
        lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "foto.png",
        NOT_A_PDF,
    ),
    "PNG renamed .pdf": (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "foto.pdf", NOT_A_PDF),
    "empty file": (lambda: b"", "kosong.pdf", "Berkas yang dikirimkan kosong."),
    "encrypted PDF": (
        _encrypted,
        "terkunci.pdf",
        "PDF terkunci kata sandi tidak dapat dilampirkan.",
    ),
    "garbage after the PDF header": (
        lambda: b"%PDF-1.7\n" + b"\x13\x37 bukan isi pdf \xff" * 40,
        "rusak.pdf",
        BROKEN,
    ),
    "truncated PDF": (_truncated, "terpotong.pdf", BROKEN),
}


@pytest.mark.parametrize(("make_content", "name", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_it_refuses_a_file_that_is_not_a_readable_pdf(
    login, make_letter, settings, make_content, name, message
):
    letter = make_letter("draft")
    response = _attach(login("pelaksana"), letter, make_content(), name)
    html = response.content.decode()
    assert response.redirect_chain == [(f"/surat/{letter.public_id}/", 302)]
    assert f'<li class="msg msg-error">{message}</li>' in html
    assert "Lampiran ditambahkan." not in html
    assert "Tidak ada lampiran." in html
    assert Attachment.objects.count() == 0
    assert _stored_files(settings) == []


def test_it_refuses_a_file_over_the_size_limit_and_accepts_one_under_it(
    login, make_letter, settings
):
    settings.LAMPIRAN_MAX_MB = 0.002  # about 2 KB
    big, small = _pdf(pages=40), _pdf(pages=1)
    assert len(big) > 0.002 * 1024 * 1024 > len(small)
    letter = make_letter("draft")
    client = login("pelaksana")

    html = _attach(client, letter, big, "besar.pdf").content.decode()
    assert re.search(r"Berkas terlalu besar \([\d.,]+ MB\)\. Batasnya 0[.,]002 MB\.", html)
    assert Attachment.objects.count() == 0
    assert _stored_files(settings) == []

    html = _attach(client, letter, small, "kecil.pdf").content.decode()
    assert "Lampiran ditambahkan." in html
    assert list(Attachment.objects.values_list("nama", flat=True)) == ["kecil.pdf"]


def test_no_file_at_all_is_refused_with_a_message(login, make_letter):
    letter = make_letter("draft")
    response = login("pelaksana").post(_tambah(letter), {}, follow=True)
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert Attachment.objects.count() == 0


def test_after_submit_the_drafter_can_no_longer_add_or_remove(login, make_letter, settings):
    letter = make_letter("draft")
    client = login("pelaksana")
    _attach(client, letter)
    attachment = Attachment.objects.get()
    actions.submit(letter, by=letter.pembuat)

    page = client.get(f"/surat/{letter.public_id}/").content.decode()
    assert "Unggah" not in page and "hapus</button>" not in page
    assert client.post(_tambah(letter), {"berkas": _upload(_pdf())}).status_code == 403
    assert client.post(_unduh(letter, attachment) + "hapus/").status_code == 403
    assert list(Attachment.objects.all()) == [attachment]
    assert len(_stored_files(settings)) == 1


def test_the_kasi_adds_and_removes_attachments_at_review(
    login, make_letter, office, settings, django_capture_on_commit_callbacks
):
    letter = make_letter("draft")
    _attach(login("pelaksana"), letter, name="dari-pelaksana.pdf")
    letter = advance(letter, "review", office)
    kasi = login("kasi")
    page = kasi.get(f"/surat/{letter.public_id}/").content.decode()
    assert "Unggah</button>" in page

    html = _attach(kasi, letter, _pdf(pages=3), name="tambahan-kasi.pdf").content.decode()
    assert "Lampiran ditambahkan." in html
    assert sorted(Attachment.objects.values_list("nama", flat=True)) == [
        "dari-pelaksana.pdf",
        "tambahan-kasi.pdf",
    ]

    old = Attachment.objects.get(nama="dari-pelaksana.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = kasi.post(_unduh(letter, old) + "hapus/", follow=True)
    html = response.content.decode()
    assert "Lampiran dihapus." in html
    assert "dari-pelaksana.pdf" not in html and "tambahan-kasi.pdf" in html
    assert kasi.get(_unduh(letter, old)).status_code == 404
    assert len(_stored_files(settings)) == 1


def test_the_sekcam_cannot_change_attachments_while_the_letter_waits_for_paraf(login, make_letter):
    letter = make_letter("review")
    response = login("sekcam").post(_tambah(letter), {"berkas": _upload(_pdf())})
    assert response.status_code == 403
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize("username", ["pelaksana", "camat", "kasubbag"])
def test_nobody_changes_the_attachments_of_a_signed_letter(login, make_letter, office, username):
    letter = make_letter("draft")
    _attach(login("pelaksana"), letter)
    attachment = Attachment.objects.get()
    letter = advance(letter, "signed", office)
    client = login(username)
    assert client.post(_tambah(letter), {"berkas": _upload(_pdf())}).status_code == 403
    assert client.post(_unduh(letter, attachment) + "hapus/").status_code == 403
    assert list(Attachment.objects.all()) == [attachment]


def test_an_attachment_cannot_be_reached_through_another_letters_address(login, make_letter):
    mine = make_letter("draft", hal="Surat dengan lampiran")
    other = make_letter("draft", hal="Surat lain")
    client = login("pelaksana")
    _attach(client, mine)
    attachment = Attachment.objects.get()
    mixed = _unduh(other, attachment)
    assert client.get(mixed).status_code == 404
    assert client.post(mixed + "hapus/").status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_an_attachment_added_after_the_paraf_is_a_new_version_and_warned_about(
    login, make_letter, office
):
    letter = make_letter("approval")
    actions.add_attachment(letter, by=office["sekcam"], upload=_upload(_pdf()))
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.versi == 2
    html = login("sekcam").get(f"/surat/{letter.public_id}/").content.decode()
    assert "Teks surat berubah setelah paraf" in html
    diff = login("sekcam").get(f"/surat/{letter.public_id}/versi/2/").content.decode()
    assert "Berkas Lampiran" in diff and "daftar-hadir.pdf" in diff


def test_the_size_message_uses_indonesian_decimals(login, make_letter, settings):
    settings.LAMPIRAN_MAX_MB = 0
    html = _attach(login("pelaksana"), make_letter("draft")).content.decode()
    assert "Berkas terlalu besar (0,0 MB). Batasnya 0 MB." in html
