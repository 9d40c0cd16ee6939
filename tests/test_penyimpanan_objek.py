"""Stored files in S3-compatible object storage (OBJECT_STORAGE_BUCKET), on any database.

The environment chooses the storage (local disk unless a bucket is named); files in the
bucket are private and reach people only through the app's permission-checked views; the
letter head's emblem is read from the bucket and the letter looks exactly as with the
emblem on disk; the backup commands, which copy MEDIA_ROOT, refuse and say what to do
instead. Two app nodes sharing a bucket: tests/test_dua_node.py.
"""

from __future__ import annotations

import io
import runpy
from pathlib import Path

import boto3
import pypdfium2
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from moto import mock_aws
from pypdf import PdfWriter

from letters import naskah
from letters.models import Attachment
from organisasi.demo import lambang_demo
from organisasi.models import Unit

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "sop-surat-uji"
KUNCI = {"aws_access_key_id": "uji", "aws_secret_access_key": "uji-rahasia"}
PUBLIK = "http://acs.amazonaws.com/groups/global/AllUsers"
VARIABEL = [
    "OBJECT_STORAGE_BUCKET",
    "OBJECT_STORAGE_ENDPOINT",
    "OBJECT_STORAGE_REGION",
    "OBJECT_STORAGE_ACCESS_KEY",
    "OBJECT_STORAGE_SECRET_KEY",
    "OBJECT_STORAGE_ADDRESSING",
    "OBJECT_STORAGE_CA_BUNDLE",
]


def _pengaturan(monkeypatch, **env: str) -> dict:
    """sop_surat/settings.py evaluated afresh with exactly these OBJECT_STORAGE_* values."""
    for nama in VARIABEL:
        monkeypatch.delenv(nama, raising=False)
    for nama, nilai in env.items():
        monkeypatch.setenv(nama, nilai)
    return runpy.run_path(str(ROOT / "sop_surat" / "settings.py"))


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _halaman(pdf: bytes) -> bytes:
    """Page 1 as pixels: what a reader sees."""
    dokumen = pypdfium2.PdfDocument(pdf)
    try:
        return dokumen[0].render(scale=1).to_pil().tobytes()
    finally:
        dokumen.close()


@pytest.fixture
def bucket(settings, monkeypatch, tmp_path):
    """A bucket (moto, in this process) as the default storage, set up from the
    environment the way settings.py reads it. boto3 reads nothing of the machine's own."""
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws" / "credentials"))
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1", **KUNCI)
        s3.create_bucket(Bucket=BUCKET)
        pengaturan = _pengaturan(
            monkeypatch,
            OBJECT_STORAGE_BUCKET=BUCKET,
            OBJECT_STORAGE_REGION="us-east-1",
            OBJECT_STORAGE_ACCESS_KEY=KUNCI["aws_access_key_id"],
            OBJECT_STORAGE_SECRET_KEY=KUNCI["aws_secret_access_key"],
        )
        settings.STORAGES = pengaturan["STORAGES"]
        yield s3


def _kunci(s3) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_without_a_bucket_stored_files_stay_on_local_disk(monkeypatch):
    storages = _pengaturan(monkeypatch)["STORAGES"]
    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_an_attachment_goes_to_the_private_bucket_and_only_the_app_serves_it(
    bucket, login, make_letter, settings, client
):
    letter = make_letter("draft")
    content = _pdf()
    pelaksana = login("pelaksana")
    page = pelaksana.post(
        f"/surat/{letter.public_id}/lampiran/",
        {"berkas": SimpleUploadedFile("daftar-hadir.pdf", content, "application/pdf")},
        follow=True,
    ).content.decode()
    assert "Lampiran ditambahkan." in page
    attachment = Attachment.objects.get()

    assert attachment.berkas.name in _kunci(bucket)
    stored = bucket.get_object(Bucket=BUCKET, Key=attachment.berkas.name)["Body"].read()
    assert stored == content
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=attachment.berkas.name)["Grants"]
    assert all(g["Grantee"].get("URI") != PUBLIK for g in grants)
    assert not Path(settings.MEDIA_ROOT).exists() or not any(
        p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*")
    )
    assert BUCKET not in page  # no link to the bucket: the app serves the file itself

    url = f"/surat/{letter.public_id}/lampiran/{attachment.public_id}/"
    download = pelaksana.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert client.get(url)["Location"].startswith("/masuk/")


def test_the_letter_head_emblem_comes_from_the_bucket_and_looks_as_from_disk(
    bucket, make_letter, settings
):
    unit = Unit.objects.get(induk=None)
    letter = make_letter("draft")
    unit.logo.save("lambang.png", ContentFile(lambang_demo()))
    assert unit.logo.name in _kunci(bucket)
    from_bucket = naskah.letter_pdf(letter)

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    unit.logo.save("lambang.png", ContentFile(lambang_demo()))
    assert (Path(settings.MEDIA_ROOT) / unit.logo.name).is_file()
    from_disk = naskah.letter_pdf(letter)

    assert _halaman(from_bucket) == _halaman(from_disk)


def test_backup_and_restore_refuse_when_files_are_in_object_storage(bucket, tmp_path, db):
    target = tmp_path / "cadangan.tar.gz"
    with pytest.raises(CommandError, match=r"penyimpanan objek.*docs/DEPLOY\.md"):
        call_command("cadangkan", str(target))
    assert not list(tmp_path.glob("*cadangan*"))
    with pytest.raises(CommandError, match=r"penyimpanan objek.*docs/DEPLOY\.md"):
        call_command("pulihkan", str(target))
