"""Gallery of every jenis naskah (run: make dokumen).

On a fresh temporary SQLite database with the demo office, one letter of each jenis
naskah goes through the SOP (with the jenis's example fields); its KONSEP (before
Tandatangani) and its signed PDF are written to ``galeri/`` (ignored by git), and a
thumbnail of each first page to ``docs/galeri/`` for ``docs/GALERI.md``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="sop-surat-galeri-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="sop_surat.settings",
    DEBUG="1",
    SQLITE_PATH=str(WORK / "galeri.sqlite3"),
    MEDIA_ROOT=str(WORK / "media"),
)

import django  # noqa: E402

django.setup()

import pypdfium2  # noqa: E402
from django.core.management import call_command  # noqa: E402

from approvals import actions  # noqa: E402
from approvals.demo import load_demo  # noqa: E402
from letters import jenis_naskah, naskah  # noqa: E402
from letters.models import KodeKlasifikasi, Letter, Tujuan  # noqa: E402
from organisasi.models import Position  # noqa: E402

KELUARAN = ROOT / "galeri"
GAMBAR = ROOT / "docs" / "galeri"
KATA_SANDI = "galeri"
ISI = (
    "<p>Sehubungan dengan pelaksanaan kegiatan pemerintahan di Kecamatan Mojoanyar, bersama "
    "ini disampaikan hal-hal sebagai berikut untuk menjadi perhatian dan dilaksanakan.</p>"
    "<p>Demikian untuk menjadi perhatian dan atas kerja samanya disampaikan terima kasih.</p>"
)


def _surat(jenis: str, users) -> Letter:
    data = {
        "jenis": jenis,
        "klasifikasi": KodeKlasifikasi.objects.get(kode="100.2.4"),
        "sifat": Letter.Sifat.BIASA,
        "hal": f"Contoh {Letter.Jenis(jenis).label}",
        "lampiran": "-",
        "isi": ISI,
        "tembusan": "Bupati Mojokerto",
        "pejabat_pengawas": Position.objects.get(nama="Kepala Seksi Pemerintahan"),
        "penandatangan": Position.objects.get(nama="Camat Mojoanyar"),
        "cara_ttd": Letter.CaraTtd.LANGSUNG,
        "isian": jenis_naskah.isian_contoh(jenis),
    }
    penerima = [(t, t.nama) for t in Tujuan.objects.filter(jenis="desa")[:2]]
    letter = actions.create_letter(by=users["pelaksana"], data=data, penerima=penerima)
    letter = actions.submit(letter, by=users["pelaksana"])
    letter = actions.assign_number(letter, by=users["kasubbag"])
    letter = actions.paraf(letter, by=users["kasi"], versi=letter.versi)
    return actions.approve(letter, by=users["sekcam"], versi=letter.versi)


def _gambar(pdf: Path, png: Path) -> None:
    halaman = pypdfium2.PdfDocument(str(pdf))[0]
    halaman.render(scale=0.5).to_pil().convert("L").save(png, optimize=True)


def main() -> None:
    call_command("migrate", verbosity=0)
    users = load_demo(KATA_SANDI)
    KELUARAN.mkdir(exist_ok=True)
    GAMBAR.mkdir(parents=True, exist_ok=True)
    baris = []
    for jenis in Letter.Jenis.values:
        letter = _surat(jenis, users)
        konsep = KELUARAN / f"{jenis}-konsep.pdf"
        konsep.write_bytes(naskah.letter_pdf(letter))
        letter = actions.sign(letter, by=users["camat"], versi=letter.versi, passphrase=KATA_SANDI)
        final = KELUARAN / f"{jenis}-ditandatangani.pdf"
        with Letter.objects.get(pk=letter.pk).dokumen.berkas.open("rb") as berkas:
            final.write_bytes(berkas.read())
        for pdf, akhiran in ((konsep, "konsep"), (final, "ditandatangani")):
            _gambar(pdf, GAMBAR / f"{jenis}-{akhiran}.png")
        baris.append(
            f"| {Letter.Jenis(jenis).label} | ![KONSEP](galeri/{jenis}-konsep.png) "
            f"| ![Ditandatangani](galeri/{jenis}-ditandatangani.png) |"
        )
        print(f"{jenis}: {konsep.name}, {final.name}")
    (ROOT / "docs" / "GALERI.md").write_text(
        "# Galeri naskah dinas\n\n"
        "Halaman pertama setiap jenis naskah dari kantor demo: sebagai KONSEP (sebelum "
        "ditandatangani) dan setelah ditandatangani secara elektronik (sertifikat demo). "
        "Dibuat ulang dengan `make dokumen`; PDF lengkapnya ada di `galeri/`. Susunan tiap "
        "jenis: [`NASKAH.md`](NASKAH.md).\n\n"
        "| Jenis naskah | KONSEP | Ditandatangani |\n|---|---|---|\n" + "\n".join(baris) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
