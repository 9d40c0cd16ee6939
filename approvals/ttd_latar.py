"""Signing many letters without a request outliving the web worker's timeout.

The request signs the first letter it can (that proves the passphrase and the
certificate, and a wrong passphrase keeps the form as before); the rest becomes a
:class:`~approvals.models.PenandatangananBanyak` that the background worker signs one by
one (the task :func:`tandatangani_latar` below), with the batch rules of
``actions.coba_tandatangani``.

The passphrase the worker needs is stored only encrypted (Fernet; the key is derived from
SECRET_KEY and a random salt per job with HKDF), only for ``BATAS_MENIT`` minutes: a job
older than that never decrypts it, and it is emptied as soon as the job ends, stops or
expires. The task receives only the job's id; the passphrase is never logged.
"""

from __future__ import annotations

import base64
import datetime
import logging
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django_tasks import task

from approvals import actions
from approvals.models import PenandatangananBanyak as Job
from letters.models import Letter

logger = logging.getLogger(__name__)

# How long a job may use the passphrase typed (from the moment it was typed).
BATAS_MENIT = 15
# A job still marked running this long after it was asked for lost its worker.
_HILANG = datetime.timedelta(minutes=BATAS_MENIT + 2)

MENUNGGU, DITANDATANGANI, GAGAL, BELUM = "menunggu", "ditandatangani", "gagal", "belum"
LABEL = {
    MENUNGGU: _l("Menunggu"),
    DITANDATANGANI: _l("Ditandatangani"),
    GAGAL: _l("Tidak ditandatangani"),
    BELUM: _l("Belum dicoba"),
}


class PassphraseTidakTersedia(Exception):
    """The job may no longer use its passphrase (expired, wiped, or unreadable)."""


def _fernet(garam: bytes) -> Fernet:
    kunci = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=garam, info=b"sop-surat/tandatangan-latar"
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(kunci))


def _enkripsi(passphrase: str) -> tuple[bytes, bytes]:
    garam = os.urandom(16)
    return garam, _fernet(garam).encrypt(passphrase.encode())


def _batas(job: Job) -> datetime.datetime:
    return job.dibuat + datetime.timedelta(minutes=BATAS_MENIT)


def buka_passphrase(job: Job) -> str:
    """The job's passphrase, while the job is younger than ``BATAS_MENIT`` minutes."""
    if not job.rahasia or timezone.now() >= _batas(job):
        raise PassphraseTidakTersedia
    try:
        token = _fernet(bytes(job.garam)).decrypt(bytes(job.rahasia), ttl=BATAS_MENIT * 60)
    except InvalidToken:  # expired by its own clock, or SECRET_KEY changed
        raise PassphraseTidakTersedia from None
    return token.decode()


def _entri(letter: Letter, versi: int, status: str, pesan: str = "") -> dict:
    return {"id": letter.pk, "versi": versi, "status": status, "pesan": pesan}


def mulai(
    chosen: list[tuple[Letter, int]], *, by, passphrase: str
) -> tuple[actions.HasilTandatanganBanyak, Job | None]:
    """Sign ``chosen`` (letter, version seen) in order up to the first letter signed; if
    letters remain that may be signed, queue them for the worker (the job; else None).

    Letters the quick checks refuse now (edited since, already signed) are not queued:
    they are reported at once, in the result and in the job."""
    hasil = actions.sign_batch(chosen, by=by, passphrase=passphrase, sampai_satu=True)
    sisa = chosen[hasil.diproses :]
    if hasil.berhenti or not sisa:
        return hasil, None
    ditolak = dict((letter.pk, pesan) for letter, pesan in hasil.failed)
    daftar = [
        _entri(letter, versi, GAGAL, ditolak[letter.pk])
        if letter.pk in ditolak
        else _entri(letter, versi, DITANDATANGANI)
        for letter, versi in chosen[: hasil.diproses]
    ]
    antre = 0
    for letter, versi in sisa:
        pesan = actions.periksa_tandatangan(letter, versi, by=by)
        if pesan:
            hasil.failed.append((letter, pesan))
        antre += not pesan
        daftar.append(_entri(letter, versi, GAGAL if pesan else MENUNGGU, pesan))
    if not antre:
        return hasil, None
    garam, rahasia = _enkripsi(passphrase)
    job = Job.objects.create(
        pemohon=by,
        daftar=daftar,
        jumlah=len(daftar),
        diproses=len(daftar) - antre,
        ditandatangani=len(hasil.signed),
        garam=garam,
        rahasia=rahasia,
    )
    pk = str(job.pk)
    transaction.on_commit(lambda: tandatangani_latar.enqueue(pk))
    return hasil, job


def kedaluwarsakan() -> int:
    """Stop the jobs that can no longer run (waited past ``BATAS_MENIT`` minutes, or lost
    their worker) and empty their passphrase; how many."""
    sekarang = timezone.now()
    basi = Q(
        status=Job.Status.MENUNGGU, dibuat__lte=sekarang - datetime.timedelta(minutes=BATAS_MENIT)
    )
    basi |= Q(status=Job.Status.BERJALAN, dibuat__lte=sekarang - _HILANG)
    n = 0
    for job in Job.objects.filter(basi):
        _berhenti(job, _pesan_kedaluwarsa())
        n += 1
    # Belt and braces: no ended job keeps an encrypted passphrase.
    Job.objects.filter(status__in=[Job.Status.SELESAI, Job.Status.GAGAL]).exclude(
        rahasia=b""
    ).update(rahasia=b"", garam=b"")
    return n


def _pesan_kedaluwarsa() -> str:
    return _(
        "Batas waktu %(menit)s menit sejak passphrase diketik terlewati; passphrase sudah "
        "dihapus. Tandatangani surat yang tersisa sekali lagi."
    ) % {"menit": BATAS_MENIT}


def _berhenti(job: Job, pesan: str, sisa: str = "") -> None:
    """End ``job`` as stopped: letters not done are not tried (``sisa`` says why), the
    passphrase is emptied."""
    for entri in job.daftar:
        if entri["status"] == MENUNGGU:
            entri.update(status=BELUM, pesan=sisa or pesan)
    job.status = Job.Status.GAGAL
    job.pesan = pesan
    _tutup(job)


def _tutup(job: Job) -> None:
    job.rahasia, job.garam = b"", b""
    job.selesai_pada = timezone.now()
    job.diproses = sum(e["status"] != MENUNGGU for e in job.daftar)
    job.save(
        update_fields=[
            "status",
            "pesan",
            "daftar",
            "diproses",
            "ditandatangani",
            "rahasia",
            "garam",
            "selesai_pada",
        ]
    )


@task()
def tandatangani_latar(job_id: str) -> None:
    """The worker's task: only the job's id is passed; the passphrase stays encrypted in
    the job row, never in the task queue."""
    jalankan(job_id)


def jalankan(job_id: str) -> None:
    """The worker's part: sign the job's waiting letters one by one, saving the progress
    after each; stop as a batch stops (``actions.coba_tandatangani``) or at the time
    limit; always end with the passphrase emptied."""
    kedaluwarsakan()
    if not Job.objects.filter(pk=job_id, status=Job.Status.MENUNGGU).update(
        status=Job.Status.BERJALAN
    ):
        return  # already run, running, or expired
    job = Job.objects.select_related("pemohon").get(pk=job_id)
    try:
        _jalankan(job)
    except Exception:
        logger.exception("Penandatanganan banyak %s berhenti karena galat", job.pk)
        _berhenti(job, _("Terjadi galat pada server; hubungi administrator."))
        raise


def _jalankan(job: Job) -> None:
    try:
        passphrase = buka_passphrase(job)
    except PassphraseTidakTersedia:
        _berhenti(job, _pesan_kedaluwarsa())
        return
    for entri in job.daftar:
        if entri["status"] != MENUNGGU:
            continue
        if timezone.now() >= _batas(job):
            _berhenti(job, _pesan_kedaluwarsa())
            return
        letter = (
            Letter.objects.select_related("unit", "klasifikasi", "agenda", "posisi_pembuat")
            .filter(pk=entri["id"])
            .first()
        )
        if letter is None:
            coba = actions.Percobaan(pesan=_("Surat tidak ditemukan."))
        else:
            coba = actions.coba_tandatangani(
                letter, entri["versi"], by=job.pemohon, passphrase=passphrase
            )
        if coba.signed is not None:
            entri.update(status=DITANDATANGANI, pesan="")
            job.ditandatangani += 1
        else:
            entri.update(status=GAGAL, pesan=coba.pesan)
        if coba.berhenti:
            sisa = coba.sisa or _(
                "Belum dicoba karena passphrase ditolak; surat tetap menunggu tanda tangan."
            )
            _berhenti(job, coba.pesan, sisa)
            return
        job.diproses += 1  # the page shows the progress after each letter
        job.save(update_fields=["daftar", "diproses", "ditandatangani"])
    job.status = Job.Status.SELESAI
    _tutup(job)


def sedang_diproses(user) -> tuple[set[int], list[Job]]:
    """The letters ``user`` has in a job still to run (not to be offered again), and
    those jobs."""
    jobs = list(
        Job.objects.filter(
            pemohon=user,
            status__in=[Job.Status.MENUNGGU, Job.Status.BERJALAN],
            dibuat__gt=timezone.now() - _HILANG,
        )
    )
    ids = {e["id"] for job in jobs for e in job.daftar if e["status"] == MENUNGGU}
    return ids, jobs


def konteks(job: Job) -> dict:
    """The progress page's data: each letter of the job in order (one query), and how
    many were refused and how many still wait."""
    letters = Letter.objects.select_related("agenda").in_bulk([e["id"] for e in job.daftar])
    rincian = [
        {
            "surat": letters.get(e["id"]),
            "status": e["status"],
            "label": LABEL[e["status"]],
            "pesan": e["pesan"],
        }
        for e in job.daftar
    ]
    return {
        "job": job,
        "rincian": rincian,
        "tidak_ditandatangani": sum(e["status"] == GAGAL for e in job.daftar),
        "belum": job.jumlah - job.ditandatangani,
    }
