"""The letter as a naskah dinas (Permendagri No. 1 Tahun 2023): what each part says."""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
from dataclasses import dataclass

import segno
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from letters import jenis_naskah, pdf
from letters.models import Letter, Status, jenis_penugasan_ttd, pengaturan_surat
from organisasi import tanggal as tgl
from organisasi.models import Assignment, Position

logger = logging.getLogger(__name__)

# More addressees than this are listed on an attached page ("Daftar Terlampir").
MAKS_TUJUAN_DI_SURAT = 5
PAPER_MM = {"A4": (210, 297), "F4": (215, 330)}
SIGNED_STATES = {Status.SIGNED, Status.SENT}


@dataclass(frozen=True)
class Pengesahan:
    """How a final (non-KONSEP) letter is validated: by a TTE with its QR, or by ink.

    A copy for ink carries ``kode_ttd_basah`` of ``versi`` (QR of ``url_verifikasi`` and
    the code as text), which the uploaded scan must show.
    """

    penandatangan: object  # the signing user
    waktu: datetime.datetime
    elektronik: bool
    url_verifikasi: str = ""
    demo: bool = False
    kode_ttd_basah: str = ""
    versi: int | None = None


# The standard footer of a TTE-signed naskah: who issued the certificate (BSrE, now a
# Balai Besar of BSSN) and the UU ITE article that makes the printout valid evidence.
TTE_FOOTER = [
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik "
    "yang diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), "
    "Badan Siber dan Sandi Negara.",
    'UU ITE No. 11 Tahun 2008 Pasal 5 ayat (1): "Informasi Elektronik dan/atau Dokumen '
    'Elektronik dan/atau hasil cetaknya merupakan alat bukti hukum yang sah."',
    "Keaslian dokumen ini dapat diperiksa dengan memindai kode QR.",
]
DEMO_FOOTER = (
    "SERTIFIKAT DEMO: ditandatangani dengan kunci demo, bukan sertifikat BSrE; "
    "tidak sah secara hukum."
)


@dataclass(frozen=True)
class Penandatangan:
    jabatan: list[str]  # e.g. ["a.n. CAMAT MOJOANYAR", "Sekretaris Kecamatan"]
    nama: str
    pangkat: str
    nip: str


def tempat_tanggal(unit, tanggal: datetime.date | None) -> str:
    """Place and date of a letter or report, e.g. "Mojoanyar, 24 November 2026"; without
    a date (a draft) the day is left blank."""
    if tanggal:
        return f"{unit.tempat_surat}, {tgl.tanggal(tanggal)}"
    return f"{unit.tempat_surat}, {'.' * 12} {tgl.bulan_tahun(timezone.localdate())}"


def _kepala(letter: Letter) -> Position | None:
    return Position.objects.di_instansi(letter.unit_id).kepala().order_by("urutan").first()


def _kepala_label(letter: Letter) -> str:
    kepala = _kepala(letter)
    return (kepala.label_ttd if kepala else letter.unit.nama).upper()


def _jabatan_lines(letter: Letter) -> list[str]:
    """The jabatan lines above the signature as the regulation writes them: the head in
    capitals, the official signing for the head as named, each line ending in a comma
    ("a.n. CAMAT MOJOANYAR," / "Sekretaris Kecamatan,"; u.b. adds "u.b." and the official
    below)."""
    penandatangan = letter.penandatangan
    label = penandatangan.label_ttd
    if letter.cara_ttd == Letter.CaraTtd.AN:
        return [f"a.n. {_kepala_label(letter)},", f"{label},"]
    if letter.cara_ttd == Letter.CaraTtd.UB:
        atasan = penandatangan.atasan
        atas_nama = [f"{atasan.label_ttd},"] if atasan else []
        return [f"a.n. {_kepala_label(letter)},", *atas_nama, "u.b.", f"{label},"]
    # The Plt./Plh. signing modes carry the values of the assignment kinds.
    return [f"{Assignment.AWALAN.get(letter.cara_ttd, '')}{label.upper()},"]


def _signer_person(letter: Letter, pengesahan: Pengesahan | None = None):
    if pengesahan is not None:
        return pengesahan.penandatangan
    if letter.ditandatangani_oleh_id:
        return letter.ditandatangani_oleh
    assignment = (
        Assignment.objects.berlaku()
        .filter(position_id=letter.penandatangan_id, jenis__in=jenis_penugasan_ttd(letter.cara_ttd))
        .select_related("user")
        .order_by("-mulai")
        .first()
    )
    return assignment.user if assignment else None


def penandatangan_user(letter: Letter):
    """The official expected to sign ``letter`` (or who signed it)."""
    return _signer_person(letter)


def penandatangan(letter: Letter, pengesahan: Pengesahan | None = None) -> Penandatangan:
    person = _signer_person(letter, pengesahan)
    return Penandatangan(
        jabatan=_jabatan_lines(letter),
        nama=person.nama_bergelar if person else "",
        pangkat=person.pangkat_golongan if person else "",
        nip=person.nip if person else "",
    )


def context(letter: Letter, pengesahan: Pengesahan | None = None) -> dict:
    """Everything the letter template shows, decided here rather than in the template.

    Without ``pengesahan`` this is the letter as it stands (KONSEP until signed); with it,
    the final letter as it will be signed: dated, no KONSEP, and for a TTE the QR code
    and the standard footer in place of space for ink.
    """
    unit = letter.unit
    penerima = [p.nama for p in letter.penerima.all()]
    tanggal_surat = timezone.localdate(pengesahan.waktu) if pengesahan else letter.tanggal_surat
    tte = None
    if pengesahan and pengesahan.elektronik:
        tte = {
            "qr": segno.make(pengesahan.url_verifikasi, error="m").svg_data_uri(scale=3),
            "url": pengesahan.url_verifikasi,
            "footer": [*TTE_FOOTER, DEMO_FOOTER] if pengesahan.demo else TTE_FOOTER,
        }
    ttd_basah = None
    if pengesahan and not pengesahan.elektronik and pengesahan.kode_ttd_basah:
        ttd_basah = {
            # Drawn as vector graphics: only a scan of the paper has it as a picture.
            "qr": segno.make(pengesahan.url_verifikasi, error="q").svg_data_uri(scale=3),
            "kode": pengesahan.kode_ttd_basah,
            "versi": pengesahan.versi,
        }
    ctx = {
        "letter": letter,
        "unit": unit,
        **jenis_naskah.konteks(letter),
        "sifat": letter.sifat_cetak,
        "kop_kontak": _kop_kontak(unit),
        "tempat_tanggal": tempat_tanggal(unit, tanggal_surat),
        "tanggal": tgl.tanggal(tanggal_surat) if tanggal_surat else "",
        "kepala": _kepala_label(letter),
        "nomor": letter.nomor,
        "lampiran": letter.lampiran.strip() or "-",
        "penerima": penerima,
        "daftar_terlampir": len(penerima) > MAKS_TUJUAN_DI_SURAT,
        "tembusan": [t.strip() for t in letter.tembusan.splitlines() if t.strip()],
        "ttd": penandatangan(letter, pengesahan),
        "konsep": pengesahan is None and letter.status not in SIGNED_STATES,
        "tte": tte,
        "ttd_basah": ttd_basah,
        "halaman": halaman(unit, letter.ukuran_kertas),
        "logo_uri": pdf.berkas_uri(unit.logo) if unit.logo else "",
    }
    if ctx["lampiran"] == "-":
        lembar = _lembar_lampiran(letter, ctx)
        ctx["lampiran"] = f"{lembar} ({jenis_naskah.terbilang(lembar)}) lembar" if lembar else "-"
    return ctx


def _lembar_lampiran(letter: Letter, ctx: dict) -> int:
    """The sheets that go with the letter, for its "Lampiran" when the drafter left it
    "-": the pages of the Daftar Terlampir plus the pages of each attached PDF (a sheet is
    a printed page; naskah dinas are printed on one side)."""
    lembar = 0
    if ctx["daftar_terlampir"]:
        daftar = pdf.render_pdf("pdf/daftar_terlampir.html", ctx)
        lembar += len(PdfReader(io.BytesIO(daftar)).pages)
    for attachment in letter.attachments.all():
        try:
            with attachment.berkas.open("rb") as berkas:
                lembar += len(PdfReader(berkas, strict=False).pages)
        except Exception:  # a file gone missing from storage: it adds no sheet
            logger.warning("Attachment %s could not be read", attachment.pk, exc_info=True)
    return lembar


def halaman(unit, ukuran_kertas: str = "") -> dict:
    """The unit's page set-up: paper (portrait, in mm), margins and font; a letter may
    choose its own ``ukuran_kertas`` (A4/F4)."""
    p = pengaturan_surat(unit)
    width, height = PAPER_MM[ukuran_kertas or p.ukuran_kertas]
    return {
        "lebar": width,
        "tinggi": height,
        "atas": p.margin_atas,
        "bawah": p.margin_bawah,
        "kiri": p.margin_kiri,
        "kanan": p.margin_kanan,
        "huruf": p.huruf,
        "ukuran_huruf": p.ukuran_huruf,
    }


def _kop_kontak(unit) -> list[str]:
    """The contact lines under the unit's name in the letterhead."""
    alamat = [unit.alamat]
    if unit.telepon:
        alamat.append(f"Telepon {unit.telepon}")
    if unit.kode_pos:
        alamat.append(f"Kode Pos {unit.kode_pos}")
    online = []
    if unit.email:
        online.append(f"Pos-el {unit.email}")
    if unit.laman:
        online.append(f"Laman {unit.laman}")
    return [", ".join(p for p in line if p) for line in (alamat, online) if any(line)]


def pejabat(unit_id: int, peran: str) -> Penandatangan | None:
    """The official who holds the position of ``peran`` in a unit today, for a signature."""
    assignment = (
        Assignment.objects.berlaku()
        .di_instansi(unit_id)
        .filter(position__peran=peran)
        .select_related("user", "position")
        .order_by("jenis", "-mulai")
        .first()
    )
    if assignment is None:
        return None
    user = assignment.user
    return Penandatangan(
        jabatan=[f"{assignment.awalan}{assignment.position.label_ttd}"],
        nama=user.nama_bergelar,
        pangkat=user.pangkat_golongan,
        nip=user.nip,
    )


def letter_html(letter: Letter, pengesahan: Pengesahan | None = None) -> str:
    """The letter as the HTML its PDF is rendered from (its jenis naskah's template)."""
    return render_to_string(jenis_naskah.jenis(letter.jenis).template, context(letter, pengesahan))


def letter_pdf(letter: Letter, pengesahan: Pengesahan | None = None) -> bytes:
    """The letter as PDF: the one code path the page, signing and benchmarks use."""
    return pdf.html_to_pdf(letter_html(letter, pengesahan))


def konsep_pdf(letter: Letter) -> bytes:
    """The unsigned letter as it stands (:func:`letter_pdf`), rendered once per content: the
    officials along the route opening the same version, and its preview picture, are
    served the same PDF; anything printed that changes (the text, a number, the unit's
    letterhead or paper) changes its HTML and so renders anew."""
    html = letter_html(letter)
    kunci = "konsep-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    isi = cache.get(kunci)
    if isi is None:
        isi = pdf.html_to_pdf(html)
        cache.set(kunci, isi, 60 * 60)
    return isi
