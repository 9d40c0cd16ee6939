"""The SOP workflow's own records: mutu baku steps, notifications, reminders, outbox,
batch signing in the background."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.timeline import states, status_list
from letters.models import Status
from organisasi.models import Unit
from organisasi.tanggal import waktu_angka


def validate_status_list(text: str) -> None:
    unknown = [s for s in status_list(text) if s not in Status.values]
    if unknown or not status_list(text):
        raise ValidationError(
            _("Status tidak dikenal: %(s)s. Pilih dari: %(semua)s.")
            % {"s": ", ".join(unknown) or "-", "semua": ", ".join(Status.values)}
        )


class LangkahSop(models.Model):
    """One step of the SOP with its standard time (mutu baku), per unit."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="langkah_sop")
    nomor = models.PositiveSmallIntegerField(_("nomor"))
    pelaksana = models.CharField(_("pelaksana"), max_length=150)
    kegiatan = models.CharField(_("kegiatan"), max_length=250)
    mutu_baku = models.PositiveIntegerField(_("mutu baku (menit)"))
    output = models.CharField(_("output"), max_length=150, blank=True)
    status_surat = models.CharField(
        _("status surat pada langkah ini"),
        max_length=60,
        help_text=_("Nilai status dipisah koma, mis. draft,revision."),
        validators=[validate_status_list],
    )

    class Meta:
        verbose_name = _("langkah SOP")
        verbose_name_plural = _("langkah SOP")
        ordering = ["unit", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "nomor"], name="satu_langkah_per_nomor")
        ]

    def __str__(self):
        return f"{self.nomor}. {self.kegiatan} ({self.mutu_baku} menit)"

    @property
    def states(self) -> list[Status]:
        return states(self.status_surat)


class Notifikasi(models.Model):
    """A message to one person about one letter: shown in the app and sent by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi"
    )
    letter = models.ForeignKey("letters.Letter", on_delete=models.CASCADE, related_name="+")
    judul = models.CharField(_("judul"), max_length=200)
    pesan = models.TextField(_("pesan"))
    dibaca = models.BooleanField(_("sudah dibaca"), default=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat", "-pk"]
        indexes = [
            models.Index(fields=["user", "dibaca", "-dibuat"]),
            # The notifications page, newest first, read in index order (approvals/halaman.py).
            models.Index(fields=["user", "-dibuat", "-id"], name="notifikasi_terbaru"),
        ]

    def __str__(self):
        return self.judul

    # The line that carries the link in the e-mail; in the app the title is the link.
    AWALAN_TAUTAN = "Buka surat: "

    @property
    def isi_tanpa_tautan(self) -> str:
        """The message as the app shows it: without the e-mail's bare URL line."""
        return "\n".join(
            baris for baris in self.pesan.splitlines() if not baris.startswith(self.AWALAN_TAUTAN)
        )


class Pengingat(models.Model):
    """A reminder sent for one stay of a letter at one step: at most once."""

    letter = models.ForeignKey("letters.Letter", on_delete=models.CASCADE, related_name="+")
    langkah = models.PositiveSmallIntegerField()
    sejak = models.DateTimeField(_("sejak"), help_text=_("Saat surat tiba pada langkah ini."))
    dikirim = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "langkah", "sejak"], name="satu_pengingat_per_langkah"
            )
        ]

    def __str__(self):
        return f"Pengingat langkah {self.langkah}, {waktu_angka(self.dikirim)}"


def seed_langkah(unit) -> None:
    """Give an issuing unit the six SOP steps of DESIGN.md §1."""
    from approvals.timeline import DEFAULT_STEPS

    LangkahSop.objects.bulk_create(
        [
            LangkahSop(
                unit_id=unit.pk,
                nomor=n,
                pelaksana=p,
                kegiatan=k,
                mutu_baku=m,
                output=o,
                status_surat=",".join(s),
            )
            for n, p, k, m, o, s in DEFAULT_STEPS
        ],
        ignore_conflicts=True,
    )


class SurelKeluar(models.Model):
    """One outgoing e-mail (outbox row), written in the transaction of the action behind it.

    ``approvals.outbox`` sends due rows and retries with backoff; a row is marked sent only
    after the SMTP server accepted it.
    """

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu dikirim")
        TERKIRIM = "terkirim", _("Terkirim")
        GAGAL = "gagal", _("Gagal permanen")

    notifikasi = models.ForeignKey(
        Notifikasi,
        verbose_name=_("notifikasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surel",
    )
    kepada = models.EmailField(_("kepada"))
    subjek = models.CharField(_("subjek"), max_length=255)
    isi = models.TextField(_("isi"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU
    )
    percobaan = models.PositiveSmallIntegerField(_("jumlah percobaan"), default=0)
    coba_lagi_pada = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    galat_terakhir = models.TextField(_("galat terakhir"), blank=True)
    terkirim_pada = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    dibuat = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("surel keluar")
        verbose_name_plural = _("surel keluar")
        ordering = ["-dibuat", "-pk"]
        indexes = [models.Index(fields=["status", "coba_lagi_pada"], name="surel_keluar_antrean")]

    def __str__(self):
        return f"{self.kepada}: {self.subjek}"


class PenandatangananBanyak(models.Model):
    """Many letters signed with one passphrase entry, the rest after the first by the
    background worker (``approvals.ttd_latar``).

    ``daftar`` holds, in the order chosen, one entry per letter: ``{"id", "versi",
    "status", "pesan"}`` with status ``menunggu`` (still to do), ``ditandatangani``,
    ``gagal`` (refused, ``pesan`` says why) or ``belum`` (not tried: the job stopped).
    The passphrase is kept only encrypted (Fernet, key derived from SECRET_KEY and
    ``garam``), only while the job may still run, and emptied as soon as it ends.
    """

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu giliran")
        BERJALAN = "berjalan", _("Sedang ditandatangani")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Berhenti")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pemohon = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanda tangan"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("diminta pada"), default=timezone.now, editable=False)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU
    )
    daftar = models.JSONField(_("daftar surat"), default=list)
    jumlah = models.PositiveIntegerField(_("jumlah surat"), default=0)
    diproses = models.PositiveIntegerField(_("sudah diproses"), default=0)
    ditandatangani = models.PositiveIntegerField(_("ditandatangani"), default=0)
    pesan = models.TextField(_("keterangan"), blank=True)
    garam = models.BinaryField(_("garam"), max_length=16, default=b"", editable=False)
    rahasia = models.BinaryField(_("passphrase terenkripsi"), default=b"", editable=False)

    class Meta:
        verbose_name = _("penandatanganan banyak surat")
        verbose_name_plural = _("penandatanganan banyak surat")
        ordering = ["-dibuat"]
        indexes = [models.Index(fields=["pemohon", "status"], name="ttd_banyak_pemohon")]

    def __str__(self):
        return f"{self.pemohon}: {self.ditandatangani}/{self.jumlah}"

    @property
    def berjalan(self) -> bool:
        return self.status in (self.Status.MENUNGGU, self.Status.BERJALAN)


class DurasiLangkah(models.Model):
    """One stay of a letter at an SOP step, written when the step ends (approvals.durasi),
    in office time: the Dasbor's averages, percentiles and on-time shares are aggregate
    queries over these rows, not a replay of every letter's history."""

    letter = models.ForeignKey(
        "letters.Letter", on_delete=models.CASCADE, related_name="durasi_langkah"
    )
    # The issuing unit (the letter's), repeated here for the Dasbor's indexes.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    langkah = models.PositiveSmallIntegerField(_("langkah SOP"))
    selesai = models.DateTimeField(_("langkah selesai"))
    menit = models.FloatField(_("lama (menit kerja)"))
    melebihi = models.BooleanField(_("melebihi mutu baku"))

    class Meta:
        verbose_name = _("lama langkah SOP")
        verbose_name_plural = _("lama langkah SOP")
        ordering = ["selesai", "pk"]
        indexes = [
            # Covering (PostgreSQL): the Dasbor's figures read the index alone.
            models.Index(
                fields=["unit", "selesai"],
                include=["langkah", "menit", "melebihi"],
                name="durasi_unit_selesai_isi",
            ),
            # A step's stays longest first: its 90th percentile is read down this index.
            models.Index(
                fields=["unit", "langkah", "menit"],
                include=["selesai"],
                name="durasi_unit_langkah_menit",
            ),
        ]

    def __str__(self):
        return f"{self.letter_id} langkah {self.langkah}: {self.menit:.1f} menit"


class RekapDasbor(models.Model):
    """The Dasbor's figures of a closed period (it ended before the day they were worked
    out), kept so that last year's Dasbor or last month's compliance report is read, not
    aggregated again from hundreds of thousands of stays (approvals.rekap).

    A closed period's figures change only when its stays or agenda lines do: database
    triggers (migration 0007) delete a unit's rows whose period reaches the day of any
    stay written, changed or deleted (``durasi.isi_ulang`` after a calendar change, a clock
    set back) and of any agenda line added, whoever writes it.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kunci = models.CharField(_("isi"), max_length=20)  # which figures (approvals.rekap)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))
    isi = models.JSONField(_("angka"))
    dibuat = models.DateTimeField(_("dihitung"), default=timezone.now)

    # Not in backups (letters.cadangan): worked out again from the stays and the agenda,
    # and a restore's inserts would delete them anyway.
    dicadangkan = False

    class Meta:
        verbose_name = _("rekap Dasbor")
        verbose_name_plural = _("rekap Dasbor")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kunci", "mulai", "selesai"], name="rekap_dasbor_satu_per_periode"
            ),
            models.CheckConstraint(
                condition=models.Q(mulai__lte=models.F("selesai")), name="rekap_dasbor_periode"
            ),
        ]

    def __str__(self):
        return f"{self.kunci} {self.mulai}–{self.selesai}"
