"""Backup and restore: `cadangkan` then `pulihkan` into an empty database brings back every
letter, version, history event, agenda line and stored file, with signatures that verify."""

import datetime
import gzip
import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.utils import timezone
from pypdf import PdfWriter

from approvals import actions
from letters import cadangan, klasifikasi
from letters.models import (
    AgendaEntry,
    Attachment,
    Dispatch,
    KodeKlasifikasi,
    Letter,
    LetterEvent,
    LetterVersion,
    SignedDocument,
)
from organisasi.models import Unit, User
from tests.conftest import advance
from tte import verify

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _office_with_letters(office, make_letter) -> dict:
    """The whole SOP: an electronically signed letter with an attachment and a receipt, a
    sent letter, a cancelled one, one back for revision, a draft; a logo; rights."""
    pelaksana = office["pelaksana"]
    signed = make_letter("draft", hal="Undangan Musyawarah Desa")
    actions.add_attachment(
        signed,
        by=pelaksana,
        upload=SimpleUploadedFile("daftar-hadir.pdf", _pdf(), content_type="application/pdf"),
    )
    signed = advance(Letter.objects.get(pk=signed.pk), "signed", office)
    actions.dispatch(
        signed,
        by=pelaksana,
        tanggal_kirim=timezone.localdate(),
        cara="kurir",
        nama_penerima="Slamet Riyadi",
        tanggal_terima=timezone.localdate(),
        bukti=SimpleUploadedFile("tanda-terima.png", PNG, content_type="image/png"),
        catatan="Diterima di balai desa",
    )
    make_letter("sent", hal="Permohonan Data Penduduk")
    make_letter("cancelled", hal="Surat yang dibatalkan")
    make_letter("revision", hal="Surat yang dikembalikan")
    make_letter("draft", hal="Konsep surat")

    unit = pelaksana.penugasan.get().position.unit.instansi
    unit.logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    unit.save()
    group = Group.objects.create(name="Operator arsip")
    group.permissions.add(Permission.objects.get(codename="view_letter"))
    office["kasubbag"].groups.add(group)
    office["kasubbag"].user_permissions.add(Permission.objects.get(codename="view_agendaentry"))
    KodeKlasifikasi.objects.create(kode="999.9", nama="Kode tambahan dari admin", urutan=99999)
    return {"signed": Letter.objects.get(pk=signed.pk)}


def _snapshot() -> dict:
    """Every row of every backed-up model, the rights of every user, every stored file."""
    rows = {
        model._meta.label_lower: list(model._default_manager.order_by("pk").values())
        for model in cadangan.models_to_back_up()
    }
    rights = {
        user.username: (
            sorted(user.groups.values_list("name", flat=True)),
            sorted(user.user_permissions.values_list("codename", flat=True)),
            sorted(p.codename for g in user.groups.all() for p in g.permissions.all()),
        )
        for user in User.objects.all()
    }
    files = {}
    for model, name in (
        (Attachment, "berkas"),
        (SignedDocument, "berkas"),
        (Dispatch, "bukti"),
        (Unit, "logo"),
    ):
        for row in model.objects.exclude(**{name: ""}):
            stored = getattr(row, name)
            with stored.open("rb") as handle:
                files[stored.name] = hashlib.sha256(handle.read()).hexdigest()
    return {"rows": rows, "rights": rights, "files": files}


def _empty_like_a_new_server(settings) -> None:
    """A database fresh from `migrate` (the code list seeded, nothing else) and no files."""
    call_command("flush", "--noinput")
    klasifikasi.load(KodeKlasifikasi)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    assert not Letter.objects.exists() and not User.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_brings_everything_back(
    office, make_letter, login, settings, tmp_path
):
    made = _office_with_letters(office, make_letter)
    before = _snapshot()
    # two signed PDFs, the attachment, the receipt, the logo
    assert len(before["files"]) == 5
    archive = tmp_path / "cadangan.tar.gz"
    out = io.StringIO()
    call_command("cadangkan", str(archive), stdout=out)
    assert "5 surat" in out.getvalue()

    _empty_like_a_new_server(settings)
    out = io.StringIO()
    call_command("pulihkan", str(archive), stdout=out)
    assert "Cadangan dipulihkan: 5 surat" in out.getvalue()
    assert "Riwayat 5 surat utuh dan pemicu pengaman aktif." in out.getvalue()

    after = _snapshot()
    for label in (
        "letters.letter",
        "letters.letterversion",
        "letters.letterevent",
        "letters.agendaentry",
        "letters.signeddocument",
    ):
        assert after["rows"][label] == before["rows"][label], label
        assert after["rows"][label], label
    assert after == before  # every row of every model, rights, and file contents

    document = SignedDocument.objects.get(letter=made["signed"])
    pdf = document.berkas.open("rb").read()
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    assert verify.verify(pdf).sah and verify.verify(pdf).dokumen == document
    served = login("kasubbag").get(f"/surat/{made['signed'].public_id}/pdf/")
    assert b"".join(served.streaming_content) == pdf
    call_command("periksa_riwayat", stdout=io.StringIO())

    # The office carries on: the next number follows, the history still refuses rewriting.
    last = AgendaEntry.objects.order_by("-nomor_urut").first().nomor_urut
    nxt = make_letter("review", hal="Surat pertama setelah pemulihan")
    assert nxt.agenda.nomor_urut == last + 1
    event = LetterEvent.objects.filter(letter=made["signed"]).first()
    with pytest.raises(IntegrityError), connection.cursor() as cursor:
        cursor.execute("UPDATE letters_letterevent SET catatan = 'ubah' WHERE id = %s", [event.pk])


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_media_folder_holding_other_files_and_changes_nothing(
    office, make_letter, settings, tmp_path
):
    _office_with_letters(office, make_letter)
    attachment = Attachment.objects.get().berkas.name
    archive = tmp_path / "cadangan.tar.gz"
    call_command("cadangkan", str(archive), stdout=io.StringIO())
    _empty_like_a_new_server(settings)
    other = Path(settings.MEDIA_ROOT, attachment)
    other.parent.mkdir(parents=True)
    other.write_bytes(b"berkas lain")

    with pytest.raises(CommandError, match="MEDIA_ROOT\\) sudah berisi berkas lain"):
        call_command("pulihkan", str(archive), stdout=io.StringIO())
    assert not User.objects.exists() and not Letter.objects.exists()
    assert sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == [
        other.name
    ]

    other.unlink()
    call_command("pulihkan", str(archive), stdout=io.StringIO())
    assert Letter.objects.count() == 5


def test_a_restore_into_a_database_that_has_letters_is_refused(make_letter, tmp_path):
    make_letter("sent")
    archive = tmp_path / "cadangan.tar.gz"
    call_command("cadangkan", str(archive), stdout=io.StringIO())
    events = LetterEvent.objects.count()
    with pytest.raises(CommandError, match="Basis data tujuan sudah berisi 1 surat"):
        call_command("pulihkan", str(archive), stdout=io.StringIO())
    assert LetterEvent.objects.count() == events and LetterVersion.objects.count() == 1


def test_a_restore_into_a_database_with_users_but_no_letters_is_refused(office, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    call_command("cadangkan", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"Basis data tujuan tidak kosong: sudah ada .*pengguna"):
        call_command("pulihkan", str(archive), stdout=io.StringIO())


def _rewrite(archive: Path, change) -> Path:
    """A copy of ``archive`` with ``change(name, data) -> data`` applied to each member."""
    copy = archive.with_name("diubah.tar.gz")
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def test_a_damaged_or_altered_backup_is_refused_before_anything_changes(
    make_letter, settings, tmp_path
):
    make_letter("sent")
    archive = tmp_path / "cadangan.tar.gz"
    call_command("cadangkan", str(archive), stdout=io.StringIO())
    files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))

    truncated = tmp_path / "terpotong.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="rusak atau terpotong"):
        call_command("pulihkan", str(truncated), stdout=io.StringIO())

    def other_pdf(name, data):
        return data + b"%" if name.startswith("media/") and name.endswith(".pdf") else data

    with pytest.raises(CommandError, match="tidak sama dengan catatannya"):
        call_command("pulihkan", str(_rewrite(archive, other_pdf)), stdout=io.StringIO())

    escaping = tmp_path / "keluar.tar.gz"
    with tarfile.open(escaping, "w:gz") as tar:
        manifest = json.dumps(
            {"format": cadangan.FORMAT, "versi": 1, "sha256": {"../luar.txt": "0" * 64}}
        ).encode()
        for name, data in (("../luar.txt", b"x"), ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="tidak dikenal atau tidak aman"):
        call_command("pulihkan", str(escaping), stdout=io.StringIO())
    assert not (tmp_path.parent / "luar.txt").exists()

    not_ours = tmp_path / "lain.tar.gz"
    not_ours.write_bytes(gzip.compress(b"bukan tar"))
    with pytest.raises(CommandError, match="bukan berkas cadangan"):
        call_command("pulihkan", str(not_ours), stdout=io.StringIO())
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == files_before
    assert Letter.objects.count() == 1


def test_timestamps_keep_their_microseconds_in_the_backup(make_letter, tmp_path):
    """Django's own dumpdata would cut them to milliseconds and break the history hashes."""
    letter = make_letter("review")
    waktu = LetterEvent.objects.filter(letter=letter).values_list("waktu", flat=True)
    assert any(w.microsecond % 1000 for w in waktu)  # sub-millisecond digits exist
    archive = tmp_path / "cadangan.tar.gz"
    call_command("cadangkan", str(archive), stdout=io.StringIO())
    with tarfile.open(archive, "r:gz") as tar:
        lines = tar.extractfile(cadangan.DATA).read().decode().splitlines()
    stored = [
        json.loads(line)["fields"]["waktu"]
        for line in lines
        if json.loads(line)["model"] == "letters.letterevent"
    ]
    expected = [w.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") for w in waktu]
    assert sorted(stored) == sorted(expected)
