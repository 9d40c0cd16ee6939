"""Versions of a letter's text: snapshot, hash, and what changed between two versions."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from html import unescape

from django.utils.html import strip_tags

from letters.models import LetterVersion

# The fields an edit can change and a paraf vouches for, with their labels.
CONTENT_FIELDS = {
    "klasifikasi": "Kode Klasifikasi",
    "sifat": "Sifat",
    "kecepatan": "Derajat Kecepatan",
    "hal": "Hal",
    "lampiran": "Lampiran",
    "tujuan": "Tujuan",
    "tembusan": "Tembusan",
    "isi": "Isi Surat",
    "pejabat_pengawas": "Pejabat Pengawas",
    "penandatangan": "Penandatangan",
    "cara_ttd": "Cara Tanda Tangan",
    "jenis": "Jenis Naskah",
    "isian": "Isian Jenis Naskah",
    "ukuran_kertas": "Ukuran Kertas",
    "surat_masuk": "Membalas Surat Masuk",
    "ttd_basah": "Tanda Tangan Basah",
    "berkas_lampiran": "Berkas Lampiran",
}


def snapshot(letter) -> dict:
    """The content of a letter as plain JSON data (recipients in order)."""
    return {
        "klasifikasi": letter.klasifikasi.kode,
        "sifat": letter.sifat,
        "kecepatan": letter.kecepatan,
        "hal": letter.hal,
        "lampiran": letter.lampiran,
        "tujuan": [p.nama for p in letter.penerima.all()],
        "tembusan": letter.tembusan,
        "isi": letter.isi,
        "pejabat_pengawas": str(letter.pejabat_pengawas),
        "penandatangan": str(letter.penandatangan),
        "cara_ttd": letter.cara_ttd,
        "jenis": letter.jenis,
        "isian": letter.isian or {},
        "ukuran_kertas": letter.ukuran_kertas,
        "surat_masuk": " / ".join(
            str(v)
            for v in (
                letter.surat_masuk_nomor,
                letter.surat_masuk_tanggal or "",
                letter.surat_masuk_pengirim,
            )
            if v
        ),
        "ttd_basah": letter.alasan_ttd_manual if letter.ttd_manual else "",
        "berkas_lampiran": [
            f"{a.nama} (SHA-256 {a.sha256[:12]})"
            for a in letter.attachments.order_by("diunggah_pada", "pk")
        ],
    }


def content_hash(konten: dict) -> str:
    canonical = json.dumps(konten, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def terakhir(letter, *related) -> LetterVersion | None:
    """The letter's latest version (with ``related`` loaded), None before the first."""
    versions = letter.versions.select_related(*related) if related else letter.versions.all()
    return versions.order_by("-nomor").first()


def record_version(letter, *, by) -> LetterVersion | None:
    """Store the letter's current content as its next version, if it changed.

    The caller holds the letter's row lock. Returns the new version, or None when the
    content equals the latest version.
    """
    konten = snapshot(letter)
    digest = content_hash(konten)
    latest = terakhir(letter)
    if latest is not None and latest.hash == digest:
        return None
    nomor = latest.nomor + 1 if latest else 1
    version = LetterVersion.objects.create(
        letter=letter, nomor=nomor, konten=konten, hash=digest, dibuat_oleh=by
    )
    type(letter).objects.filter(pk=letter.pk).update(versi=nomor)
    letter.versi = nomor
    return version


def _lines(field: str, value) -> list[str]:
    if isinstance(value, dict):  # isian: one line per field, tables one line per row
        return [
            f"{key}: {'; '.join(str(v) for v in item.values()) if isinstance(item, dict) else item}"
            for key, items in value.items()
            for item in (items if isinstance(items, list) else [items])
        ]
    if isinstance(value, list):
        return [str(v) for v in value]
    text = str(value or "")
    if field == "isi":
        text = re.sub(r"</(p|li|tr|h3|h4|blockquote)>|<br\s*/?>", "\n", text)
        text = unescape(strip_tags(text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def diff(old: dict, new: dict) -> list[dict]:
    """Changed fields between two snapshots, each with removed/added lines."""
    changes = []
    for field, label in CONTENT_FIELDS.items():
        if old.get(field) == new.get(field):
            continue
        a, b = _lines(field, old.get(field)), _lines(field, new.get(field))
        lines = []
        for line in difflib.ndiff(a, b):
            tag = line[:1]
            if tag in "-+":
                lines.append({"jenis": "hapus" if tag == "-" else "tambah", "teks": line[2:]})
        changes.append({"field": field, "label": label, "baris": lines})
    return changes
