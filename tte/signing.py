"""Producing the signed letter: final PDF, QR code, footer, and the signature itself.

The slow part (rendering, and the signing service) runs before the letter is locked, so
a slow service never holds a database lock; the state is checked again under the lock
when the result is stored.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from letters import naskah
from letters.models import Letter, SignedDocument
from tte import lta, penahanan, pindaian
from tte.backends import backend_for
from tte.errors import SertifikatTidakAktif
from tte.layanan import CertStatus


@dataclass(frozen=True)
class Prepared:
    """A signed (or scanned) letter, ready to be stored with the sign transition."""

    kode: str
    isi: bytes
    cara: str
    waktu: object
    penandatangan: object
    pengunggah: object = None  # who uploaded the scan of an ink signature
    # The letter's date, when not the day of ``waktu``: the day its ink copy was printed.
    tanggal: datetime.date | None = None


def verification_url(kode: str) -> str:
    return settings.SITE_URL + reverse("verifikasi:dokumen", args=[kode])


def new_code() -> str:
    return secrets.token_urlsafe(18)


def certificate_status(letter: Letter, user) -> CertStatus:
    """Whether ``user`` can sign now: an active certificate, and not held for guessing."""
    sampai = penahanan.ditahan_sampai(user)
    if sampai:
        return CertStatus(False, penahanan.PassphraseDitahan(sampai).message)
    return backend_for(letter.unit).status(user)


def sign_electronically(letter: Letter, *, by, passphrase: str) -> Prepared:
    backend = backend_for(letter.unit)
    status = backend.status(by)
    if not status.aktif:
        raise SertifikatTidakAktif(status.pesan)
    kode, waktu = new_code(), timezone.now()
    pengesahan = naskah.Pengesahan(
        penandatangan=by,
        waktu=waktu,
        elektronik=True,
        url_verifikasi=verification_url(kode),
        demo=status.demo,
    )
    final = naskah.letter_pdf(letter, pengesahan)
    signed = backend.sign(
        final,
        user=by,
        passphrase=passphrase,
        reason=f"Penandatanganan surat {letter.nomor} (versi {letter.versi})",
        location=letter.unit.tempat_surat,
    )
    # Validation data and a document time-stamp (PAdES B-LTA), whichever service signed.
    signed = lta.lengkapi(signed)
    return Prepared(kode=kode, isi=signed, cara=backend.cara, waktu=waktu, penandatangan=by)


def scanned(letter: Letter, *, upload, by=None) -> Prepared:
    """A letter signed in ink: its scan, uploaded by the signer or the Kasubbag (``by``).

    The scan must show the code printed on the final copy of the letter's current version
    (see ``pindaian``); that code becomes the document's verification code, so the QR code
    on the paper leads to the public verification page.
    """
    signer = naskah.penandatangan_user(letter)
    upload.seek(0)
    isi = upload.read()
    upload.seek(0)
    kode = pindaian.periksa_pindaian(letter, isi)
    return Prepared(
        kode=kode,
        isi=isi,
        cara=SignedDocument.Cara.MANUAL,
        waktu=timezone.now(),
        penandatangan=signer,
        pengunggah=by,
        tanggal=pindaian.tanggal_cetak(letter, kode),
    )


def final_for_ink(letter: Letter) -> bytes:
    """The final letter to print and sign in ink: no KONSEP, no TTE footer, dated today;
    beside the signature, the code of this letter, version and day (QR and text) that its
    scan must show."""
    waktu = timezone.now()
    kode = pindaian.kode_ttd_basah(letter, letter.versi, timezone.localdate(waktu))
    pengesahan = naskah.Pengesahan(
        penandatangan=naskah.penandatangan_user(letter),
        waktu=waktu,
        elektronik=False,
        url_verifikasi=verification_url(kode),
        kode_ttd_basah=kode,
        versi=letter.versi,
    )
    return naskah.letter_pdf(letter, pengesahan)
