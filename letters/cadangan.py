"""Backup and restore of an office: every database row and every stored file, in one .tar.gz.

What a backup holds
-------------------
``manifest.json``
    format and version, when and from which database vendor it was made, the migrations
    the database had, the number of rows per model, and the SHA-256 of every other member.
``data/akun.jsonl``
    groups, users and the admin log, written with *natural keys* for what they point at
    (permissions and content types by name), because those ids differ from database to
    database: ``migrate`` makes them afresh.
``data/surat.jsonl``
    every other row (units, positions, assignments, TTE keys and CA, letters, versions,
    history, attachments, agenda, dispatches, signed documents, notifications, outbox…)
    with its own id: a letter's history hashes include the acting user's id, so ids must
    come back unchanged.
``media/…``
    every file under MEDIA_ROOT: attachments, signed PDFs, ink-signature scans, receipts,
    logos.

Not kept: content types and permissions (``migrate`` makes them), sessions (everyone logs
in again), django-axes login attempts, and the background task queue (a restored queue
would run its tasks a second time; the e-mail outbox rows, which say what was sent, are
kept).

Why Django's serialisation and not pg_dump
------------------------------------------
The same backup restores into SQLite or PostgreSQL, whichever the new server uses, with
nothing but this application installed (no pg_dump/psql of the right version). Rows go
in through ``loaddata``, which only INSERTs new rows, so the triggers that refuse UPDATE
and DELETE of history rows (letters.triggers) stay in force throughout. One detail of
Django's own ``dumpdata`` is not usable here: its JSON encoder cuts timestamps to
milliseconds, and a history event's hash covers its time to the microsecond, so the rows
are written with an encoder that keeps every digit (``TepatEncoder``).

Consistency: the rows are read in one transaction (PostgreSQL: REPEATABLE READ, one
snapshot; SQLite: the transaction holds the write lock, so writers wait until the backup
is done), and the files are copied inside the same transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "sop-surat-cadangan"
VERSI_FORMAT = 1
MANIFEST = "manifest.json"
AKUN = "data/akun.jsonl"
DATA = "data/surat.jsonl"
MEDIA = "media"

EXCLUDED_APPS = {"contenttypes", "sessions", "axes", "django_tasks_database"}
EXCLUDED_MODELS = {"auth.permission"}
# Rows pointing at permissions and content types: written with natural keys.
BY_NATURAL_KEY = {"auth.group", settings.AUTH_USER_MODEL.lower(), "admin.logentry"}
# Filled by a migration in every new database; a restore replaces them with the backup's.
SEEDED = {"letters.kodeklasifikasi"}


class CadanganError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


class TepatEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (history hashes cover them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


@dataclass
class Ringkasan:
    """What a backup holds or a restore brought back."""

    jumlah: dict[str, int] = field(default_factory=dict)  # rows per model label
    berkas: int = 0
    hilang: list[str] = field(default_factory=list)  # files the database names but lacks

    @property
    def surat(self) -> int:
        return self.jumlah.get("letters.letter", 0)


def models_to_back_up() -> list[type[models.Model]]:
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
        and model._meta.managed
        and not model._meta.proxy
        # Figures worked out again from the rows that are backed up (approvals.RekapDasbor).
        and getattr(model, "dicadangkan", True)
    ]
    by_app: dict = {}
    for model in chosen:
        by_app.setdefault(model._meta.app_config, []).append(model)
    # Referenced models first (natural keys need them loaded before their users).
    return serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)


def _periksa_penyimpanan() -> None:
    """Backups carry the files of MEDIA_ROOT. Files kept in object storage are protected
    by the bucket itself (versioning, replication), as docs/DEPLOY.md describes."""
    if not isinstance(storages["default"], FileSystemStorage):
        raise CadanganError(
            "Berkas tersimpan di penyimpanan objek (OBJECT_STORAGE_BUCKET), bukan di "
            "MEDIA_ROOT, sehingga cadangkan dan pulihkan tidak dapat menyertakannya. Pada "
            "pemasangan seperti ini basis data dicadangkan dengan pg_basebackup dan arsip "
            "WAL (pemulihan ke titik waktu), dan berkasnya dengan versioning serta replikasi "
            "bucket: lihat docs/DEPLOY.md, bagian 3 (basis data) dan 4 (berkas)."
        )


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return _sha256(handle)


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under MEDIA_ROOT, with its name relative to it ("a/b.pdf")."""
    if not root.is_dir():
        return
    for directory, _dirs, files in os.walk(root):
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def _named_files(using: str) -> set[str]:
    """Every file a row of the database refers to (FileField and ImageField values)."""
    names = set()
    for model in models_to_back_up():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                values = model._default_manager.using(using).exclude(**{model_field.name: ""})
                names.update(values.values_list(model_field.attname, flat=True))
    return names


def _applied(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def cadangkan(tujuan: Path, *, using: str = DEFAULT_DB_ALIAS) -> Ringkasan:
    """Write the backup to ``tujuan`` (a .tar.gz), atomically: a half-written file never
    carries the name."""
    _periksa_penyimpanan()
    tujuan = Path(tujuan)
    if not tujuan.parent.is_dir():
        raise CadanganError(f"Folder {tujuan.parent} tidak ada. Buat foldernya dahulu.")
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    ringkasan = Ringkasan()
    hashes: dict[str, str] = {}
    fd, sementara = tempfile.mkstemp(prefix=f".{tujuan.name}.", dir=tujuan.parent)
    os.close(fd)
    try:
        with (
            tempfile.TemporaryDirectory() as kerja,
            tarfile.open(sementara, "w:gz") as tar,
        ):
            snapshot = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if snapshot and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                for member, natural in ((AKUN, True), (DATA, False)):
                    chosen = [
                        m
                        for m in models_to_back_up()
                        if (m._meta.label_lower in BY_NATURAL_KEY) == natural
                    ]
                    path = Path(kerja) / PurePosixPath(member).name
                    with path.open("w", encoding="utf-8") as handle:
                        serializers.serialize(
                            "jsonl",
                            _rows(chosen, using, ringkasan),
                            stream=handle,
                            use_natural_foreign_keys=natural,
                            cls=TepatEncoder,
                        )
                    hashes[member] = _sha256_file(path)
                    tar.add(path, arcname=member)
                named = _named_files(using)
                stored = set()
                for path, name in _media_files(media_root):
                    data = path.read_bytes()
                    member = f"{MEDIA}/{name}"
                    hashes[member] = hashlib.sha256(data).hexdigest()
                    _add_bytes(tar, member, data)
                    stored.add(name)
                ringkasan.berkas = len(stored)
                ringkasan.hilang = sorted(named - stored)
                manifest = {
                    "format": FORMAT,
                    "versi": VERSI_FORMAT,
                    "dibuat": timezone.now().isoformat(),
                    "basis_data": connection.vendor,
                    "migrasi": _applied(using),
                    "jumlah": ringkasan.jumlah,
                    "sha256": hashes,
                    "berkas_hilang": ringkasan.hilang,
                }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
        os.replace(sementara, tujuan)
    finally:
        if os.path.exists(sementara):
            os.unlink(sementara)
    return ringkasan


def _rows(chosen, using: str, ringkasan: Ringkasan) -> Iterator[models.Model]:
    for model in chosen:
        label = model._meta.label_lower
        ringkasan.jumlah[label] = 0
        for row in model._default_manager.using(using).order_by("pk").iterator(chunk_size=500):
            ringkasan.jumlah[label] += 1
            yield row


# --- restore -----------------------------------------------------------------------------


def _open(sumber: Path) -> tarfile.TarFile:
    """The archive, read through once (every header, the gzip checksum) before it is used."""
    try:
        tar = tarfile.open(sumber, "r:gz")  # noqa: SIM115  (closed by the caller's with)
        tar.getmembers()  # reads to the end: a truncated or corrupted archive fails here
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise CadanganError(
            f"{sumber} bukan berkas cadangan .tar.gz yang utuh (rusak atau terpotong)."
        ) from exc
    return tar


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, AttributeError, ValueError) as exc:
        raise CadanganError(
            "Berkas ini bukan cadangan SOP Surat (manifest.json tidak ada atau rusak)."
        ) from exc
    if manifest.get("format") != FORMAT:
        raise CadanganError("Berkas ini bukan cadangan SOP Surat.")
    if manifest.get("versi") != VERSI_FORMAT:
        raise CadanganError(
            f"Cadangan ini berformat versi {manifest.get('versi')}, sedangkan aplikasi ini "
            f"membaca versi {VERSI_FORMAT}. Pulihkan dengan versi aplikasi yang membuatnya."
        )
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _check_members(tar: tarfile.TarFile, manifest: dict) -> list[tarfile.TarInfo]:
    """Every member is a plain file the manifest names; nothing else is accepted."""
    hashes = manifest.get("sha256", {})
    members = []
    for member in tar.getmembers():
        if member.name == MANIFEST:
            continue
        if not (member.isfile() and _safe_name(member.name) and member.name in hashes):
            raise CadanganError(
                f"Cadangan berisi bagian yang tidak dikenal atau tidak aman: {member.name!r}. "
                "Pemulihan dibatalkan; tidak ada yang diubah."
            )
        members.append(member)
    present = {m.name for m in members}
    absent = sorted(set(hashes) - present)
    if absent:
        raise CadanganError(
            "Cadangan tidak lengkap: " + ", ".join(absent[:5]) + ". Pemulihan dibatalkan."
        )
    for member in members:
        if _sha256(tar.extractfile(member)) != hashes[member.name]:
            raise CadanganError(
                f"Isi {member.name} dalam cadangan tidak sama dengan catatannya (SHA-256): "
                "berkas cadangan rusak. Pemulihan dibatalkan; tidak ada yang diubah."
            )
    return members


def _check_target_empty(manifest: dict, using: str) -> None:
    from letters.models import Letter

    surat = Letter.objects.using(using).count()
    if surat:
        raise CadanganError(
            f"Basis data tujuan sudah berisi {surat} surat. Pemulihan hanya dilakukan ke basis "
            "data kosong agar tidak ada surat yang tertimpa: buat basis data baru, jalankan "
            "`manage.py migrate`, arahkan DATABASE_URL ke sana, lalu ulangi perintah ini."
        )
    terisi = []
    for model in models_to_back_up():
        label = model._meta.label_lower
        if label in SEEDED:
            continue
        n = model._default_manager.using(using).count()
        if n:
            terisi.append(f"{model._meta.verbose_name_plural} ({n})")
    if terisi:
        raise CadanganError(
            "Basis data tujuan tidak kosong: sudah ada " + ", ".join(terisi) + ". Cadangan "
            "membawa semua pengguna dan data kantor; pulihkan ke basis data yang baru "
            "dimigrasi (`manage.py migrate`, tanpa createsuperuser atau muat_demo)."
        )
    missing = {tuple(m) for m in manifest.get("migrasi", [])} - {tuple(m) for m in _applied(using)}
    if missing:
        names = ", ".join(f"{app}.{name}" for app, name in sorted(missing)[:5])
        raise CadanganError(
            f"Basis data tujuan belum memiliki migrasi yang dimiliki cadangan ({names}). "
            "Pasang versi aplikasi yang sama atau lebih baru, jalankan `manage.py migrate`, "
            "lalu ulangi."
        )


def _check_media(members: list[tarfile.TarInfo], hashes: dict, media_root: Path) -> None:
    """Refuse before anything changes if a file in MEDIA_ROOT differs from the backup's."""
    berbeda = []
    for member in members:
        if not member.name.startswith(f"{MEDIA}/"):
            continue
        path = media_root / member.name.removeprefix(f"{MEDIA}/")
        if path.exists() and (not path.is_file() or _sha256_file(path) != hashes[member.name]):
            berbeda.append(str(path))
    if berbeda:
        raise CadanganError(
            "Folder berkas (MEDIA_ROOT) sudah berisi berkas lain dengan nama yang sama: "
            + ", ".join(berbeda[:5])
            + ". Kosongkan MEDIA_ROOT atau arahkan ke folder baru, lalu ulangi."
        )


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, sha256: str) -> None:
    """Write one member to ``target`` through a temporary file, checking its SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, sementara = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out:
            source = tar.extractfile(member)
            for chunk in iter(lambda: source.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256:
            raise CadanganError(
                f"Isi {member.name} dalam cadangan tidak sama dengan catatannya (SHA-256): "
                "berkas cadangan rusak. Pemulihan dibatalkan."
            )
        os.chmod(sementara, 0o644)
        os.replace(sementara, target)
    finally:
        if os.path.exists(sementara):
            os.unlink(sementara)


def pulihkan(sumber: Path, *, using: str = DEFAULT_DB_ALIAS) -> Ringkasan:
    """Restore the backup ``sumber`` into an empty, migrated database and MEDIA_ROOT.

    Everything is checked before anything is written; the rows go in in one transaction,
    and files written for a restore that then fails are removed again.
    """
    _periksa_penyimpanan()
    sumber = Path(sumber)
    if not sumber.is_file():
        raise CadanganError(f"Berkas cadangan {sumber} tidak ditemukan.")
    media_root = Path(settings.MEDIA_ROOT)
    with _open(sumber) as tar, tempfile.TemporaryDirectory() as kerja:
        manifest = _read_manifest(tar)
        hashes = manifest["sha256"]
        members = _check_members(tar, manifest)
        _check_target_empty(manifest, using)
        _check_media(members, hashes, media_root)

        fixtures = []
        for name in (AKUN, DATA):
            path = Path(kerja) / PurePosixPath(name).name
            _extract(tar, tar.getmember(name), path, hashes[name])
            fixtures.append(str(path))

        written: list[Path] = []
        try:
            ringkasan = Ringkasan(jumlah=dict(manifest.get("jumlah", {})))
            for member in members:
                if not member.name.startswith(f"{MEDIA}/"):
                    continue
                target = media_root / member.name.removeprefix(f"{MEDIA}/")
                if not target.exists():
                    _extract(tar, member, target, hashes[member.name])
                    written.append(target)
                ringkasan.berkas += 1
            with transaction.atomic(using=using):
                _remove_seeded(using)
                call_command("loaddata", *fixtures, database=using, verbosity=0)
        except Exception:
            for path in written:
                path.unlink(missing_ok=True)
            raise
    ringkasan.hilang = list(manifest.get("berkas_hilang", []))
    return ringkasan


def _remove_seeded(using: str) -> None:
    """Rows a migration put into the new database, which the backup brings back itself."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for model in models_to_back_up():
            if model._meta.label_lower in SEEDED:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
