"""The SOP actions: one function per step, each taking the acting user as ``by``.

Every action locks the letter row, checks state and permission, changes the letter,
writes exactly one audit event, all in one transaction. Views call one of these and
nothing else; tests call them directly too.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from hashlib import sha256

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from approvals import durasi, notifications, rules
from letters import jenis_naskah, numbering, versions
from letters.errors import SOPError
from letters.models import (
    ISIAN_SURAT,
    Attachment,
    Dispatch,
    Letter,
    LetterEvent,
    Penerima,
    SignedDocument,
)
from letters.sanitize import clean_html
from letters.uploads import sha256_of
from letters.versions import record_version
from organisasi import tanggal
from tte import penahanan, signing
from tte.errors import LayananTteGagal, PassphraseSalah


def terkunci():
    """Letters as an action locks them (inside its transaction): only the letter's row is
    locked; its unit's letter settings (numbering, how it signs) come along rather than in
    a query of their own while the action runs."""
    return Letter.objects.select_for_update(of=("self",)).select_related(
        "unit__pengaturan_surat", "klasifikasi", "posisi_pembuat"
    )


def _lock(letter: Letter) -> Letter:
    return terkunci().get(pk=letter.pk)


def already_done_message(letter: Letter) -> str:
    last = letter.events.select_related("oleh").order_by("-waktu", "-pk").first()
    status = letter.get_status_display()
    if last is None:
        return _("Langkah ini tidak dapat dilakukan: status surat sekarang “%(s)s”.") % {
            "s": status
        }
    return _(
        "Langkah ini tidak dapat dilakukan lagi: status surat sekarang “%(s)s” "
        "(%(aksi)s oleh %(oleh)s, %(waktu)s)."
    ) % {
        "s": status,
        "aksi": last.get_aksi_display(),
        "oleh": last.oleh,
        "waktu": tanggal.waktu(last.waktu),
    }


def _event(
    letter: Letter,
    aksi: str,
    *,
    by,
    sebagai: str,
    dari: str = "",
    catatan: str = "",
    simpan_sejak: bool = True,
):
    from letters import riwayat

    version = versions.terakhir(letter)
    return riwayat.catat(
        letter,
        simpan_sejak=simpan_sejak,
        aksi=aksi,
        dari=dari,
        ke=letter.status,
        oleh=by,
        sebagai=sebagai,
        catatan=catatan,
        versi=version.nomor,
        hash_versi=version.hash,
    )


def version_changed_message(versi_sekarang: int) -> str:
    return _(
        "Surat telah diubah sejak Anda membukanya — periksa versi terbaru (versi %(v)s), "
        "lalu ulangi langkah ini."
    ) % {"v": versi_sekarang}


def _check_version(letter: Letter, versi: int | None) -> None:
    """The official acts on the version they saw, or not at all."""
    if versi is not None and letter.versi != versi:
        raise SOPError(version_changed_message(letter.versi))


def _run(
    letter: Letter,
    action: str,
    *,
    by,
    catatan: str = "",
    before=None,
    versi=None,
    terakhir=None,
) -> Letter:
    """Lock, check, transition, save and audit: the shared body of every SOP step.

    ``versi`` (Paraf, Setujui, Tandatangani) is the version the official was looking at:
    under the lock the action is refused if the text changed since. ``before`` checks or
    records under the letter's lock before the transition; ``terakhir`` runs last, just
    before the commit (giving a number: the series' counter row stays locked from there
    to the commit only, not while history, durations and notifications are written).
    """
    with transaction.atomic():
        locked = _lock(letter)
        method = getattr(locked, action)
        if not can_proceed(method):
            raise SOPError(already_done_message(locked))
        sebagai = rules.capacity(by, action, locked)
        if sebagai is None:
            raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini."))
        _check_version(locked, versi)
        dari = locked.status
        if before is not None:
            before(locked)
        method()
        event = _event(
            locked,
            action,
            by=by,
            sebagai=sebagai,
            dari=dari,
            catatan=catatan.strip(),
            simpan_sejak=False,  # saved with the new state just below: one write of the row
        )
        locked.save()
        durasi.catat(locked, event)
        notifications.after_transition(locked, event)
        if terakhir is not None:
            terakhir(locked)
    return locked


def _required(text: str, message: str) -> str:
    if not (text or "").strip():
        raise SOPError(message)
    return text.strip()


# --- the SOP steps --------------------------------------------------------------------


def submit(letter: Letter, *, by, catatan: str = "") -> Letter:
    return _run(letter, "submit", by=by, catatan=catatan, before=_check_submit)


def _check_submit(letter: Letter) -> None:
    _check_lengkap(letter)
    _check_officials(letter)


def _check_lengkap(letter: Letter) -> None:
    """The fields of the letter's jenis naskah, optional in a draft, are needed now."""
    missing = jenis_naskah.kurang(
        letter.jenis, letter.isian, isi=letter.isi, ada_tujuan=letter.penerima.exists()
    )
    if missing:
        raise SOPError(
            _("%(jenis)s belum lengkap. Lengkapi dulu: %(isian)s.")
            % {"jenis": letter.get_jenis_display(), "isian": ", ".join(missing)}
        )


def _check_officials(letter: Letter) -> None:
    """Four eyes, checked again when the letter leaves its drafter."""
    problem = rules.masalah_pejabat(
        instansi=letter.unit,
        pembuat=letter.pembuat,
        pejabat_pengawas=letter.pejabat_pengawas,
        penandatangan=letter.penandatangan,
        cara_ttd=letter.cara_ttd,
    )
    if problem:
        raise SOPError(problem.pesan)


def assign_number(
    letter: Letter, *, by, sisipan: numbering.Sisipan | None = None, catatan: str = ""
) -> Letter:
    def give(locked):
        numbering.give_number(locked, by=by, sisipan=sisipan)

    return _run(letter, "assign_number", by=by, catatan=catatan, terakhir=give)


def paraf(letter: Letter, *, by, versi: int, catatan: str = "") -> Letter:
    return _run(letter, "paraf", by=by, catatan=catatan, versi=versi)


def approve(letter: Letter, *, by, versi: int, catatan: str = "") -> Letter:
    return _run(letter, "approve", by=by, catatan=catatan, versi=versi)


def sign(
    letter: Letter, *, by, versi: int, passphrase: str = "", scan=None, catatan: str = ""
) -> Letter:
    """Sign version ``versi`` with the official's TTE (passphrase), or store the scan of
    an ink signature.

    The signed PDF is produced before the letter is locked (the signing service may be
    slow), from the letter as loaded, which must be version ``versi``. Under the lock
    the state and the version are checked again: an edit saved meanwhile refuses the
    signature, so the stored PDF is always the version the history says was signed, and
    a second signer gets a clear message; the letter is signed exactly once.
    """
    _precheck(letter, "sign", by)
    _check_version(letter, versi)
    if letter.tanda_tangan_basah:
        if scan is None:
            raise SOPError(_("Unggah pindaian surat yang sudah ditandatangani basah (PDF)."))
        prepared = signing.scanned(letter, upload=scan, by=by)
    else:
        if not passphrase:
            raise SOPError(_("Masukkan passphrase sertifikat elektronik Anda."))
        penahanan.periksa(by)
        try:
            prepared = signing.sign_electronically(letter, by=by, passphrase=passphrase)
        except PassphraseSalah:
            raise PassphraseSalah(sisa=penahanan.catat_salah(by)) from None
        penahanan.catat_benar(by)

    digest = sha256(prepared.isi).hexdigest()

    def record_signature(locked):
        if SignedDocument.objects.filter(sha256=digest).exists():
            raise SOPError(
                _(
                    "Berkas ini sudah tersimpan sebagai surat bertanda tangan yang lain. "
                    "Unggah pindaian surat ini sendiri."
                )
            )
        person = prepared.penandatangan
        locked.ditandatangani_oleh = person
        locked.ditandatangani_pada = prepared.waktu
        locked.tanggal_surat = prepared.tanggal or timezone.localdate(prepared.waktu)
        locked.jabatan_penandatangan = _jabatan_ttd(locked, person)
        version = locked.versions.get(nomor=versi)
        document = SignedDocument(
            letter=locked,
            kode_verifikasi=prepared.kode,
            sha256=digest,
            cara=prepared.cara,
            ditandatangani_oleh=person,
            ditandatangani_pada=prepared.waktu,
            versi=version.nomor,
            hash_versi=version.hash,
            diunggah_oleh=prepared.pengunggah,
        )
        document.berkas.save("surat.pdf", ContentFile(prepared.isi), save=False)
        stored.append(document.berkas)
        document.save()

    stored = []
    try:
        return _run(letter, "sign", by=by, catatan=catatan, before=record_signature, versi=versi)
    except Exception:
        for berkas in stored:  # the transaction rolled back: no orphan file either
            berkas.delete(save=False)
        raise


@dataclass
class HasilTandatanganBanyak:
    signed: list[Letter] = _field(default_factory=list)
    failed: list[tuple[Letter, str]] = _field(default_factory=list)  # (letter, message)
    # The passphrase was wrong, or signing is held for guessing: the batch stopped there.
    galat_passphrase: str = ""
    # How many of the letters given were tried; ``berhenti``: the batch stopped early.
    diproses: int = 0
    berhenti: bool = False


@dataclass
class Percobaan:
    """One letter's try in a batch (:func:`coba_tandatangani`)."""

    signed: Letter | None = None
    pesan: str = ""  # why it was not signed
    galat_passphrase: bool = False  # about the passphrase typed: the batch stops
    berhenti: bool = False  # the batch stops after this letter
    sisa: str = ""  # said of the letters after it, not tried


def coba_tandatangani(letter: Letter, versi: int, *, by, passphrase: str) -> Percobaan:
    """Sign one letter of a batch; the rules of a batch (used by :func:`sign_batch` and the
    background worker, ``approvals.ttd_latar``). A wrong passphrase, a held signer or a
    signing service that fails stops the batch; a letter refused for itself (edited,
    already signed, not yours) does not."""
    try:
        return Percobaan(signed=sign(letter, by=by, versi=versi, passphrase=passphrase))
    except (PassphraseSalah, penahanan.PassphraseDitahan) as exc:
        return Percobaan(pesan=exc.message, galat_passphrase=True, berhenti=True)
    except LayananTteGagal as exc:
        belum = _("Belum dicoba karena layanan TTE gagal; surat tetap menunggu tanda tangan.")
        return Percobaan(pesan=exc.message, berhenti=True, sisa=belum)
    except (SOPError, PermissionDenied) as exc:
        return Percobaan(pesan=getattr(exc, "message", str(exc)))


def periksa_tandatangan(letter: Letter, versi: int, *, by) -> str:
    """The quick checks of :func:`sign` (state, permission, version), without signing:
    the reason the letter would be refused, or ``""``."""
    try:
        _precheck(letter, "sign", by)
        _check_version(letter, versi)
    except (SOPError, PermissionDenied) as exc:
        return getattr(exc, "message", str(exc))
    return ""


def sign_batch(
    letters: list[tuple[Letter, int]], *, by, passphrase: str, sampai_satu: bool = False
):
    """Sign each (letter, version seen) with one passphrase entry. A wrong passphrase
    stops at once (``galat_passphrase``); so does a signing service that fails or does not
    answer in time: the letters after it are not tried (each try could cost the whole
    time budget, and the request must end before the web worker's timeout).

    ``sampai_satu``: stop after the first letter signed (the web request signs one letter,
    which proves the passphrase; the worker signs the rest, see ``approvals.ttd_latar``)."""
    hasil = HasilTandatanganBanyak()
    for i, (letter, versi) in enumerate(letters):
        coba = coba_tandatangani(letter, versi, by=by, passphrase=passphrase)
        hasil.diproses = i + 1
        if coba.signed is not None:
            hasil.signed.append(coba.signed)
        else:
            hasil.failed.append((letter, coba.pesan))
        if coba.galat_passphrase:
            hasil.galat_passphrase = coba.pesan
        if coba.berhenti:
            hasil.berhenti = True
            if coba.sisa:
                hasil.failed.extend((sisa, coba.sisa) for sisa, _versi in letters[i + 1 :])
            break
        if sampai_satu and coba.signed is not None:
            break
    return hasil


def sign_many(letters: list[tuple[Letter, int]], *, by, passphrase: str):
    """:func:`sign_batch` as (signed letters, [(letter, message)] not signed)."""
    hasil = sign_batch(letters, by=by, passphrase=passphrase)
    return hasil.signed, hasil.failed


def _precheck(letter: Letter, action: str, by) -> None:
    """State and permission, before slow work; checked again under the lock by _run."""
    if not can_proceed(getattr(letter, action)):
        raise SOPError(already_done_message(letter))
    if rules.capacity(by, action, letter) is None:
        raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini."))


def _jabatan_ttd(letter: Letter, person) -> str:
    """ "Plt. Camat Mojoanyar": the capacity of the person whose signature it is."""
    return rules.capacity(person, "sign", letter) or str(letter.penandatangan)


def dispatch(
    letter: Letter,
    *,
    by,
    tanggal_kirim,
    cara: str,
    nama_penerima: str = "",
    tanggal_terima=None,
    bukti=None,
    catatan: str = "",
) -> Letter:
    def record_dispatch(locked):
        Dispatch.objects.create(
            letter=locked,
            tanggal_kirim=tanggal_kirim,
            cara=cara,
            nama_penerima=nama_penerima.strip(),
            tanggal_terima=tanggal_terima,
            bukti=bukti or "",
            catatan=catatan.strip(),
            dicatat_oleh=by,
        )

    return _run(letter, "dispatch", by=by, catatan=catatan, before=record_dispatch)


def return_for_revision(letter: Letter, *, by, catatan: str) -> Letter:
    catatan = _required(catatan, _("Tuliskan catatan revisi untuk pembuat surat."))
    return _run(letter, "return_for_revision", by=by, catatan=catatan)


def resubmit(letter: Letter, *, by, catatan: str = "") -> Letter:
    return _run(letter, "resubmit", by=by, catatan=catatan, before=_check_lengkap)


def cancel(letter: Letter, *, by, catatan: str) -> Letter:
    catatan = _required(catatan, _("Tuliskan alasan pembatalan surat."))
    return _run(letter, "cancel", by=by, catatan=catatan)


# --- drafting and editing -------------------------------------------------------------


def _set_penerima(letter: Letter, penerima: list[tuple]) -> None:
    letter.penerima.all().delete()
    Penerima.objects.bulk_create(
        Penerima(letter=letter, tujuan=tujuan, nama=nama, urutan=i)
        for i, (tujuan, nama) in enumerate(penerima)
    )


def _apply(letter: Letter, data: dict) -> None:
    for field in ISIAN_SURAT:
        if field in data:
            setattr(letter, field, data[field])


def create_letter(*, by, data: dict, penerima: list[tuple]) -> Letter:
    """A new draft by ``by``, issued by the instansi of the position they draft in."""
    holdings = rules.holdings(by)
    if not holdings:
        raise PermissionDenied(_("Anda belum memiliki jabatan aktif untuk membuat surat."))
    posisi = holdings[0]
    with transaction.atomic():
        letter = Letter(
            unit_id=posisi.instansi_id, pembuat=by, posisi_pembuat_id=posisi.position_id
        )
        _apply(letter, data)
        letter.isi = clean_html(letter.isi)
        letter.save()
        _set_penerima(letter, penerima)
        record_version(letter, by=by)
        _event(letter, LetterEvent.Aksi.CREATE, by=by, sebagai=posisi.label)
    return letter


def update_letter(
    letter: Letter, *, by, data: dict, penerima: list[tuple], versi_dasar: int
) -> bool:
    """Save an edit as a new version. Returns False when nothing changed.

    ``versi_dasar`` is the version the editor started from: if someone saved another
    version meanwhile, the edit is refused rather than silently overwriting theirs.
    """
    with transaction.atomic():
        locked = _lock(letter)
        sebagai = rules.edit_capacity(by, locked)
        if sebagai is None:
            if locked.status != letter.status:
                raise SOPError(already_done_message(locked))
            raise PermissionDenied(_("Anda tidak berwenang mengubah surat ini sekarang."))
        if locked.versi != versi_dasar:
            latest = versions.terakhir(locked, "dibuat_oleh")
            oleh = (
                _("Anda sendiri (dari tab atau kiriman lain)")
                if latest.dibuat_oleh_id == by.pk
                else str(latest.dibuat_oleh)
            )
            raise SOPError(
                _(
                    "Surat ini sudah diubah oleh %(oleh)s (versi %(v)s) sejak Anda "
                    "membukanya. Muat ulang halaman, lalu ulangi perubahan Anda bila masih "
                    "perlu."
                )
                % {"oleh": oleh, "v": locked.versi}
            )
        new_kode = data.get("klasifikasi", locked.klasifikasi)
        if hasattr(locked, "agenda") and new_kode != locked.klasifikasi:
            raise SOPError(_("Kode klasifikasi tidak dapat diubah setelah surat diberi nomor."))
        _apply(locked, data)
        locked.isi = clean_html(locked.isi)
        locked.save()
        _set_penerima(locked, penerima)
        version = record_version(locked, by=by)
        if version is None:
            transaction.set_rollback(True)
            return False
        _event(locked, LetterEvent.Aksi.EDIT, by=by, sebagai=sebagai, dari=locked.status)
    return True


def add_attachment(letter: Letter, *, by, upload) -> Attachment:
    """Attach a PDF (validated by the form) to a letter its editor may change now.

    The attachment is part of what a paraf covers, so it makes a new version.
    """
    with transaction.atomic():
        locked = _lock(letter)
        sebagai = rules.edit_capacity(by, locked)
        if sebagai is None:
            raise PermissionDenied(_("Anda tidak berwenang menambah lampiran surat ini."))
        digest = sha256_of(upload)
        same = locked.attachments.filter(sha256=digest).first()
        if same is not None:  # a double tap, or the same file chosen twice
            raise SOPError(
                _("Berkas ini sudah dilampirkan sebagai “%(nama)s”.") % {"nama": same.nama}
            )
        attachment = Attachment.objects.create(
            letter=locked,
            berkas=upload,
            nama=upload.name[:200],
            ukuran=upload.size,
            sha256=digest,
            diunggah_oleh=by,
        )
        _record_edit(locked, by=by, sebagai=sebagai)
    return attachment


def remove_attachment(attachment: Attachment, *, by) -> None:
    with transaction.atomic():
        locked = _lock(attachment.letter)
        sebagai = rules.edit_capacity(by, locked)
        if sebagai is None:
            raise PermissionDenied(_("Anda tidak berwenang menghapus lampiran surat ini."))
        berkas = attachment.berkas
        attachment.delete()
        _record_edit(locked, by=by, sebagai=sebagai)
        transaction.on_commit(lambda: berkas.delete(save=False))


def _record_edit(letter: Letter, *, by, sebagai: str) -> None:
    if record_version(letter, by=by) is not None:
        _event(letter, LetterEvent.Aksi.EDIT, by=by, sebagai=sebagai, dari=letter.status)
