"""Letters, their states, versions, attachments, audit events, numbers and the agenda.

The state machine lives here and knows no people: who may run each transition is
``approvals.rules``, checked by ``approvals.actions`` before it calls the transition.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from letters import jenis_naskah
from letters.pola_nomor import validasi_pola
from organisasi.models import Assignment, Position, Unit, pengaturan_untuk
from organisasi.pilihan import LabelPilihanMixin


class Status(models.TextChoices):
    DRAFT = "draft", _("Konsep")
    NUMBERING = "numbering", _("Menunggu Nomor")
    REVIEW = "review", _("Menunggu Paraf")
    APPROVAL = "approval", _("Menunggu Persetujuan Sekcam")
    SIGNING = "signing", _("Menunggu Tanda Tangan")
    SIGNED = "signed", _("Ditandatangani")
    SENT = "sent", _("Terkirim")
    REVISION = "revision", _("Perlu Revisi")
    CANCELLED = "cancelled", _("Dibatalkan")


BEFORE_SIGNED = [
    Status.DRAFT,
    Status.NUMBERING,
    Status.REVIEW,
    Status.APPROVAL,
    Status.SIGNING,
    Status.REVISION,
]
RETURNABLE = [Status.NUMBERING, Status.REVIEW, Status.APPROVAL, Status.SIGNING]
# Someone still has to act on the letter: every state but sent and cancelled.
WAITING = [*BEFORE_SIGNED, Status.SIGNED]


class KodeKlasifikasi(models.Model):
    """Kode Klasifikasi Arsip, Permendagri No. 83 Tahun 2022 (seeded by a migration)."""

    kode = models.CharField(_("kode"), max_length=20, unique=True)
    nama = models.TextField(_("nama"))
    induk = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="anak"
    )
    urutan = models.PositiveIntegerField(_("urutan"), default=0, db_index=True)

    class Meta:
        verbose_name = _("kode klasifikasi arsip")
        verbose_name_plural = _("kode klasifikasi arsip")
        ordering = ["urutan"]

    def __str__(self):
        return f"{self.kode} — {self.nama}"


class Tujuan(models.Model):
    """A regular recipient of letters: desa, perangkat daerah, instansi, lembaga."""

    class Jenis(models.TextChoices):
        DESA = "desa", _("Desa")
        PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat Daerah")
        INSTANSI = "instansi", _("Instansi")
        LEMBAGA = "lembaga", _("Lembaga")

    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    alamat = models.CharField(_("alamat / tempat"), max_length=200, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("tujuan surat")
        verbose_name_plural = _("tujuan surat")
        ordering = ["jenis", "nama"]
        constraints = [models.UniqueConstraint(fields=["nama"], name="tujuan_nama_unik")]

    def __str__(self):
        return self.nama


# What the drafter (or an approver editing before acting) fills in on the letter form.
ISIAN_SURAT = (
    "jenis",
    "klasifikasi",
    "sifat",
    "kecepatan",
    "hal",
    "lampiran",
    "isi",
    "tembusan",
    "pejabat_pengawas",
    "penandatangan",
    "cara_ttd",
    "surat_masuk_nomor",
    "surat_masuk_tanggal",
    "surat_masuk_pengirim",
    "ttd_manual",
    "alasan_ttd_manual",
    "isian",
    "ukuran_kertas",
)


class UkuranKertas(models.TextChoices):
    A4 = "A4", _("A4 (210 × 297 mm)")
    F4 = "F4", _("F4 (215 × 330 mm)")


class Letter(LabelPilihanMixin, ConcurrentTransitionMixin, models.Model):
    # The jenis naskah of Permendagri 1/2023, from the one table letters.jenis_naskah.
    Jenis = models.TextChoices(
        "Jenis", [(j.enum, (j.nilai, j.judul)) for j in jenis_naskah.JENIS.values()]
    )

    class Sifat(models.TextChoices):
        """Klasifikasi keamanan naskah dinas (Permendagri 1/2023)."""

        BIASA = "biasa", _("Biasa")
        TERBATAS = "terbatas", _("Terbatas")
        RAHASIA = "rahasia", _("Rahasia")
        SANGAT_RAHASIA = "sangat_rahasia", _("Sangat Rahasia")

    class Kecepatan(models.TextChoices):
        """Derajat kecepatan penyampaian naskah dinas (Permendagri 1/2023)."""

        BIASA = "biasa", _("Biasa")
        SEGERA = "segera", _("Segera")
        SANGAT_SEGERA = "sangat_segera", _("Sangat Segera")

    class CaraTtd(models.TextChoices):
        LANGSUNG = "langsung", _("Langsung")
        AN = "an", _("a.n. (atas nama)")
        UB = "ub", _("u.b. (untuk beliau)")
        PLT = "plt", _("Plt.")
        PLH = "plh", _("Plh.")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="surat"
    )
    jenis = models.CharField(
        _("jenis naskah"), max_length=20, choices=Jenis.choices, default=Jenis.SURAT_DINAS
    )
    klasifikasi = models.ForeignKey(
        KodeKlasifikasi, verbose_name=_("kode klasifikasi"), on_delete=models.PROTECT
    )
    sifat = models.CharField(
        _("klasifikasi keamanan"), max_length=20, choices=Sifat.choices, default=Sifat.BIASA
    )
    kecepatan = models.CharField(
        _("derajat kecepatan"),
        max_length=20,
        choices=Kecepatan.choices,
        default=Kecepatan.BIASA,
    )
    hal = models.CharField(_("hal"), max_length=250)
    lampiran = models.CharField(_("lampiran"), max_length=100, blank=True)
    isi = models.TextField(_("isi surat"))
    tembusan = models.TextField(_("tembusan"), blank=True, help_text=_("Satu per baris."))
    pejabat_pengawas = models.ForeignKey(
        Position,
        verbose_name=_("pejabat pengawas"),
        on_delete=models.PROTECT,
        related_name="surat_diawasi",
        db_index=False,  # Meta.indexes: (this, status)
    )
    penandatangan = models.ForeignKey(
        Position,
        verbose_name=_("penandatangan"),
        on_delete=models.PROTECT,
        related_name="surat_ditandatangani",
        db_index=False,  # Meta.indexes: (this, status)
    )
    cara_ttd = models.CharField(
        _("cara tanda tangan"), max_length=10, choices=CaraTtd.choices, default=CaraTtd.LANGSUNG
    )
    surat_masuk_nomor = models.CharField(_("nomor surat masuk"), max_length=100, blank=True)
    surat_masuk_tanggal = models.DateField(_("tanggal surat masuk"), null=True, blank=True)
    surat_masuk_pengirim = models.CharField(_("pengirim surat masuk"), max_length=200, blank=True)

    pembuat = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pembuat"),
        on_delete=models.PROTECT,
        related_name="surat_dibuat",
        db_index=False,  # Meta.indexes: (this, status)
    )
    posisi_pembuat = models.ForeignKey(
        Position,
        verbose_name=_("jabatan pembuat"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = FSMField(_("status"), default=Status.DRAFT, choices=Status.choices, protected=True)
    versi = models.PositiveIntegerField(_("versi"), default=1)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    # When the letter entered its current state: the time of its last event that was not
    # an edit, kept by letters.riwayat.catat. Overdue letters are an index range on it.
    sejak = models.DateTimeField(_("di status ini sejak"), null=True, editable=False)

    tanggal_surat = models.DateField(_("tanggal surat"), null=True, blank=True)
    ditandatangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ditandatangani_pada = models.DateTimeField(null=True, blank=True)
    jabatan_penandatangan = models.CharField(max_length=200, blank=True)
    ttd_manual = models.BooleanField(
        _("ditandatangani basah"),
        default=False,
        help_text=_(
            "Surat ini dicetak dan ditandatangani dengan tinta, lalu pindaiannya diunggah."
        ),
    )
    alasan_ttd_manual = models.CharField(_("alasan tanda tangan basah"), max_length=250, blank=True)
    # The fields of the letter's jenis naskah (letters.jenis_naskah), e.g. the Undangan's
    # date, time and place or the Surat Tugas's people; checked there, versioned.
    isian = models.JSONField(_("isian jenis naskah"), default=dict, blank=True)
    # Empty: the unit's paper (PengaturanSurat.ukuran_kertas).
    ukuran_kertas = models.CharField(
        _("ukuran kertas"), max_length=2, choices=UkuranKertas.choices, blank=True
    )

    class Meta:
        verbose_name = _("surat keluar")
        verbose_name_plural = _("surat keluar")
        ordering = ["-dibuat"]
        indexes = [
            # A unit's letters in a state, oldest stay first: the overdue ones are a range.
            models.Index(fields=["unit", "status", "sejak"], name="surat_unit_status_sejak"),
            models.Index(fields=["pembuat", "status"]),
            models.Index(fields=["pejabat_pengawas", "status"]),
            # With the unit: a signing position's waiting letters are then one range, and
            # PostgreSQL no longer adds the unit's whole index to find them (Kotak Masuk).
            models.Index(fields=["penandatangan", "status", "unit"], name="surat_ttd_status_unit"),
            models.Index(fields=["unit", "-dibuat"]),
            # Surat Saya, newest change first, read in index order (approvals/halaman.py).
            models.Index(fields=["-diubah", "-id"], name="surat_diubah_terbaru"),
            # A unit's letters in progress, newest change first (the Dasbor's list): only
            # the open few of the unit. Read along the index above, a big OPD whose letters
            # changed longest ago had the whole kabupaten's letters scanned (100k: 46 ms).
            models.Index(
                fields=["unit", "-diubah", "-id"],
                condition=models.Q(status__in=WAITING),
                name="surat_proses_diubah",
            ),
            # A unit's letters by classification, read without the table (the Dasbor), and
            # those of one classification (the Agenda's filter).
            models.Index(
                fields=["unit", "klasifikasi"], include=["id"], name="surat_unit_klasifikasi"
            ),
            # A unit's Rahasia letters (SIFAT_RAHASIA): the few a reader may not see, which
            # the Agenda drops from the unit's lines (approvals.rules.surat_tersembunyi).
            # Covering: who is on each one's route is read from the index alone.
            models.Index(
                fields=["unit"],
                condition=models.Q(sifat__in=("rahasia", "sangat_rahasia")),
                # sifat too: who acted on a Rahasia letter is asked with its class
                # (approvals.rules._acted_rahasia_query), read from here as the rest.
                include=[
                    "pembuat",
                    "pejabat_pengawas",
                    "penandatangan",
                    "posisi_pembuat",
                    "id",
                    "sifat",
                ],
                name="surat_rahasia_per_unit_isi",
            ),
        ]

    def __str__(self):
        return self.hal

    @property
    def tanda_tangan_basah(self) -> bool:
        """Signed in ink and scanned (this letter, or every letter of its unit)."""
        return self.ttd_manual or (
            pengaturan_surat(self.unit).metode_ttd == PengaturanSurat.MetodeTtd.MANUAL
        )

    @property
    def rahasia(self) -> bool:
        """Confidential (Rahasia or Sangat Rahasia); RAHASIA is the same for a queryset."""
        return self.sifat in SIFAT_RAHASIA

    @property
    def sifat_cetak(self) -> str:
        """The "Sifat" line of the naskah: the security class and the urgency, e.g.
        "Rahasia, Segera"; "Biasa" when both are ordinary."""
        parts = [
            label
            for value, label in (
                (self.sifat, self.get_sifat_display()),
                (self.kecepatan, self.get_kecepatan_display()),
            )
            if value != "biasa"
        ]
        return ", ".join(str(p) for p in parts) or str(self.Sifat.BIASA.label)

    @property
    def nomor(self) -> str:
        entry = getattr(self, "agenda", None) if self.pk else None
        return entry.nomor if entry else ""

    # Transitions: who may run each one is approvals.rules, checked by approvals.actions.

    @transition(
        field=status,
        source=[Status.DRAFT],
        target=Status.NUMBERING,
    )
    def submit(self):
        pass

    @transition(
        field=status,
        source=[Status.NUMBERING],
        target=Status.REVIEW,
    )
    def assign_number(self):
        pass

    @transition(
        field=status,
        source=[Status.REVIEW],
        target=Status.APPROVAL,
    )
    def paraf(self):
        pass

    @transition(
        field=status,
        source=[Status.APPROVAL],
        target=Status.SIGNING,
    )
    def approve(self):
        pass

    @transition(
        field=status,
        source=[Status.SIGNING],
        target=Status.SIGNED,
    )
    def sign(self):
        pass

    @transition(
        field=status,
        source=[Status.SIGNED],
        target=Status.SENT,
    )
    def dispatch(self):
        pass

    @transition(
        field=status,
        source=RETURNABLE,
        target=Status.REVISION,
    )
    def return_for_revision(self):
        pass

    @transition(
        field=status,
        source=[Status.REVISION],
        target=RETURN_VALUE(Status.REVIEW, Status.NUMBERING),
    )
    def resubmit(self):
        return Status.REVIEW if hasattr(self, "agenda") else Status.NUMBERING

    @transition(
        field=status,
        source=BEFORE_SIGNED,
        target=Status.CANCELLED,
    )
    def cancel(self):
        pass


class Penerima(models.Model):
    """One addressee of a letter: from the Tujuan list or written freely."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="penerima")
    tujuan = models.ForeignKey(Tujuan, null=True, blank=True, on_delete=models.PROTECT)
    nama = models.CharField(_("nama"), max_length=200)
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("penerima")
        verbose_name_plural = _("penerima")
        ordering = ["urutan", "pk"]

    def __str__(self):
        return self.nama


class LetterVersion(models.Model):
    """An immutable snapshot of a letter's text, made at creation and at every edit."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    nomor = models.PositiveIntegerField(_("nomor versi"))
    konten = models.JSONField(_("konten"))
    hash = models.CharField(_("SHA-256"), max_length=64)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versi surat")
        verbose_name_plural = _("versi surat")
        ordering = ["letter", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "nomor"], name="versi_unik_per_surat")
        ]

    def __str__(self):
        return f"{self.letter} v{self.nomor}"


class LetterEvent(LabelPilihanMixin, models.Model):
    """The audit trail: one row per transition and per edit, never changed.

    Rows are written only by letters.riwayat.catat (a hash chain per letter); database
    triggers refuse UPDATE and DELETE (migration 0005, letters.triggers).
    """

    class Aksi(models.TextChoices):
        CREATE = "create", _("Dibuat")
        EDIT = "edit", _("Diubah")
        SUBMIT = "submit", _("Ajukan")
        ASSIGN_NUMBER = "assign_number", _("Beri Nomor")
        PARAF = "paraf", _("Paraf")
        APPROVE = "approve", _("Setujui")
        SIGN = "sign", _("Tandatangani")
        DISPATCH = "dispatch", _("Kirim")
        RETURN = "return_for_revision", _("Kembalikan untuk Revisi")
        RESUBMIT = "resubmit", _("Ajukan Ulang")
        CANCEL = "cancel", _("Batalkan")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    aksi = models.CharField(_("aksi"), max_length=30, choices=Aksi.choices)
    dari = models.CharField(_("dari status"), max_length=20, choices=Status.choices, blank=True)
    ke = models.CharField(_("ke status"), max_length=20, choices=Status.choices, blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sebagai = models.CharField(_("sebagai"), max_length=200, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    versi = models.PositiveIntegerField(_("versi"))
    hash_versi = models.CharField(_("SHA-256 versi"), max_length=64)
    # Set by letters.riwayat.catat before the row is written: it is part of the hash.
    waktu = models.DateTimeField(_("waktu"), default=timezone.now, editable=False)
    # The hash chain (letters.riwayat): the previous event's hash, and this event's.
    hash_sebelumnya = models.CharField(
        _("SHA-256 riwayat sebelumnya"), max_length=64, blank=True, editable=False
    )
    hash = models.CharField(_("SHA-256 riwayat"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("riwayat surat")
        verbose_name_plural = _("riwayat surat")
        ordering = ["waktu", "pk"]
        indexes = [
            models.Index(fields=["letter", "waktu"]),
            models.Index(fields=["aksi", "waktu"]),
            # "Has this person acted on this letter?" answered from the index alone (Surat
            # Saya, and who may see a Rahasia letter).
            models.Index(fields=["oleh", "letter"], name="riwayat_oleh_surat"),
        ]

    def __str__(self):
        return f"{self.get_aksi_display()} — {self.letter}"


def _lampiran_path(instance, filename):
    return f"lampiran/{instance.letter.public_id}/{uuid.uuid4().hex}.pdf"


def _tanda_terima_path(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    suffix = suffix if suffix in {"pdf", "jpg", "jpeg", "png"} else "bin"
    return f"tanda_terima/{instance.letter.public_id}/{uuid.uuid4().hex}.{suffix}"


class Attachment(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    berkas = models.FileField(_("berkas"), upload_to=_lampiran_path)
    nama = models.CharField(_("nama berkas"), max_length=200)
    ukuran = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diunggah_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["diunggah_pada"]

    def __str__(self):
        return self.nama


class NumberCounter(models.Model):
    """The last nomor urut given in one series (unit, year, series key)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    seri = models.CharField(max_length=40, blank=True)
    terakhir = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor")
        verbose_name_plural = _("penghitung nomor")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tahun", "seri"], name="satu_penghitung_per_seri"
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.tahun} {self.seri or '-'}: {self.terakhir}"


class AgendaEntry(models.Model):
    """A line of the Agenda Surat Keluar: made when the number is given."""

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="agenda")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    seri = models.CharField(_("seri"), max_length=40, blank=True)
    nomor_urut = models.PositiveIntegerField(_("nomor urut"))
    sisipan = models.PositiveSmallIntegerField(_("sisipan ke"), default=0)
    alasan_sisipan = models.CharField(_("alasan sisipan"), max_length=250, blank=True)
    nomor = models.CharField(_("nomor surat"), max_length=120)
    tanggal = models.DateField(_("tanggal nomor"))
    diberikan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The letter's status, kept by the database (letters.triggers: written with the line,
    # copied on every change of the letter's status; whatever the app writes here is
    # replaced). The Agenda's status filter reads it from index ``agenda_status``.
    status_surat = models.CharField(
        _("status surat"), max_length=20, choices=Status.choices, null=True, editable=False
    )

    class Meta:
        verbose_name = _("agenda surat keluar")
        verbose_name_plural = _("agenda surat keluar")
        ordering = ["unit", "tahun", "seri", "nomor_urut", "sisipan"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tahun", "seri", "nomor_urut", "sisipan"],
                name="nomor_urut_unik_per_seri",
            ),
            # One number, one letter: whatever the series and the pattern say.
            models.UniqueConstraint(
                fields=["unit", "tahun", "nomor"], name="nomor_surat_unik_per_tahun"
            ),
            models.CheckConstraint(
                condition=Q(sisipan=0) | ~Q(alasan_sisipan=""), name="sisipan_wajib_alasan"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "tahun", "tanggal"]),
            # The Agenda's order (letters.agenda.URUTAN): a page is read from the index.
            # With the line's id, letter and date in it (PostgreSQL), a page, its count,
            # a month and a filter on the letter are read from the index alone, without
            # visiting each line's row (an agenda line never changes them).
            models.Index(
                fields=["-tahun", "unit", "seri", "-nomor_urut", "-sisipan"],
                name="agenda_urutan",
                include=["id", "letter", "tanggal"],
            ),
            # The Agenda filtered by status: a year's cancelled lines are one range, in
            # the agenda's order (URUTAN, the unit and year being fixed).
            models.Index(
                fields=["unit", "tahun", "status_surat", "seri", "-nomor_urut", "-sisipan"],
                name="agenda_status",
                include=["id", "letter"],
            ),
        ]
        # PostgreSQL only (migration 0007, outside Django's model state): trigram GIN
        # indexes on UPPER(nomor), UPPER(Letter.hal) and UPPER(Penerima.nama) for the
        # Agenda search (letters.agenda.cocok_cari).

    def __str__(self):
        return self.nomor

    @property
    def urut_label(self) -> str:
        return label_urut(self.nomor_urut, self.sisipan)


def label_urut(nomor_urut: int, sisipan: int) -> str:
    """An agenda line's No. Urut as written: 17, or 17.1 for its first sisipan."""
    return f"{nomor_urut}.{sisipan}" if sisipan else str(nomor_urut)


class Dispatch(LabelPilihanMixin, models.Model):
    """Pengiriman: how and when the signed letter left the office (Buku Ekspedisi)."""

    class Cara(models.TextChoices):
        KURIR = "kurir", _("Diantar kurir/caraka")
        POS = "pos", _("Pos")
        EMAIL = "email", _("Surel (email)")
        SRIKANDI = "srikandi", _("Aplikasi SRIKANDI")
        LANGSUNG = "langsung", _("Diambil langsung")

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="pengiriman")
    tanggal_kirim = models.DateField(_("tanggal kirim"))
    cara = models.CharField(_("cara kirim"), max_length=20, choices=Cara.choices)
    nama_penerima = models.CharField(_("nama penerima"), max_length=150, blank=True)
    tanggal_terima = models.DateField(_("tanggal diterima"), null=True, blank=True)
    bukti = models.FileField(_("tanda terima (scan)"), upload_to=_tanda_terima_path, blank=True)
    catatan = models.CharField(_("keterangan"), max_length=250, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengiriman")
        verbose_name_plural = _("pengiriman")
        ordering = ["dicatat_pada"]

    def __str__(self):
        return f"{self.letter} — {self.get_cara_display()}"


def _dokumen_path(instance, filename):
    return f"ditandatangani/{instance.letter.public_id}/{uuid.uuid4().hex}.pdf"


class SignedDocument(models.Model):
    """The signed letter: stored once, never changed; its hash is kept to verify copies."""

    class Cara(models.TextChoices):
        LOKAL = "lokal", _("TTE, kunci PKCS#12 di server")
        BSRE = "bsre", _("TTE, API BSrE")
        MANUAL = "manual", _("Tanda tangan basah (pindaian)")

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="dokumen")
    kode_verifikasi = models.CharField(max_length=40, unique=True, editable=False)
    berkas = models.FileField(upload_to=_dokumen_path)
    sha256 = models.CharField(max_length=64, unique=True)
    cara = models.CharField(max_length=10, choices=Cara.choices)
    ditandatangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ditandatangani_pada = models.DateTimeField()
    # The version of the letter's text that was signed (LetterVersion.nomor and hash).
    versi = models.PositiveIntegerField(_("versi yang ditandatangani"), null=True)
    hash_versi = models.CharField(_("SHA-256 versi"), max_length=64, blank=True)
    # Ink signatures: who uploaded the scan (the signer is ditandatangani_oleh).
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengunggah pindaian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dokumen ditandatangani")
        verbose_name_plural = _("dokumen ditandatangani")

    def __str__(self):
        return f"{self.letter} ({self.get_cara_display()})"

    @property
    def elektronik(self) -> bool:
        return self.cara_elektronik(self.cara)

    @classmethod
    def cara_elektronik(cls, cara: str) -> bool:
        """Whether a document signed in way ``cara`` carries a TTE (not an ink scan)."""
        return cara != cls.Cara.MANUAL


# Which assignment kinds may sign in which signing mode (Letter.cara_ttd). Which positions
# may sign a.n. or u.b. is approvals.rules.masalah_pejabat: a.n. the positions of
# Unit.penandatangan_an, u.b. the positions directly below one of them.
SIGNING_MODES = {
    Assignment.Jenis.DEFINITIF: (Letter.CaraTtd.LANGSUNG, Letter.CaraTtd.AN, Letter.CaraTtd.UB),
    Assignment.Jenis.PLT: (Letter.CaraTtd.PLT,),
    Assignment.Jenis.PLH: (Letter.CaraTtd.PLH,),
}


def jenis_penugasan_ttd(cara_ttd: str) -> list[str]:
    """The assignment kinds whose holder signs in the signing mode ``cara_ttd``."""
    return [jenis for jenis, modes in SIGNING_MODES.items() if cara_ttd in modes]


class PengaturanSurat(models.Model):
    """How one unit numbers, lays out and signs its letters (set by the unit's admin).

    Every unit has one, made when the unit is (``apps.LettersConfig``); only the instansi's
    counts, since its sub-units issue letters under it.
    """

    class SeriNomor(models.TextChoices):
        UNIT = "unit", _("Satu seri per unit per tahun")
        KLASIFIKASI = "klasifikasi", _("Satu seri per kode klasifikasi per tahun")
        JENIS = "jenis", _("Satu seri per jenis naskah per tahun")

    class MetodeTtd(models.TextChoices):
        ELEKTRONIK = "elektronik", _("Tanda tangan elektronik (TTE)")
        MANUAL = "manual", _("Tanda tangan basah (dipindai)")

    UkuranKertas = UkuranKertas

    class Huruf(models.TextChoices):
        SANS = "Liberation Sans", _("Arial (Liberation Sans)")
        SERIF = "Liberation Serif", _("Times New Roman (Liberation Serif)")

    unit = models.OneToOneField(
        Unit,
        verbose_name=_("unit"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="pengaturan_surat",
    )
    # Numbering (DESIGN.md §3).
    kode_unit = models.CharField(
        _("kode unit pada nomor surat"), max_length=30, blank=True, help_text="mis. 416-XX"
    )
    pola_nomor = models.CharField(
        _("pola nomor surat"),
        max_length=120,
        default="{kode}/{urut:3}/{unit}/{tahun}",
        help_text=_(
            "Token: {kode} kode klasifikasi, {urut:3} nomor urut dengan lebar 3, {unit} "
            "kode unit, {jenis} kode jenis naskah (mis. SE, UND), {bulan_romawi}, {bulan}, "
            "{tahun}. Tidak dapat diubah setelah nomor pertama tahun berjalan diberikan."
        ),
    )
    seri_nomor = models.CharField(
        _("seri penomoran"), max_length=20, choices=SeriNomor.choices, default=SeriNomor.UNIT
    )
    metode_ttd = models.CharField(
        _("cara penandatanganan"),
        max_length=12,
        choices=MetodeTtd.choices,
        default=MetodeTtd.ELEKTRONIK,
    )
    # Page set-up of the unit's documents.
    ukuran_kertas = models.CharField(
        _("ukuran kertas"), max_length=2, choices=UkuranKertas.choices, default=UkuranKertas.A4
    )
    huruf = models.CharField(
        _("jenis huruf"), max_length=40, choices=Huruf.choices, default=Huruf.SANS
    )
    ukuran_huruf = models.PositiveSmallIntegerField(
        _("ukuran huruf (pt)"), default=12, validators=[MinValueValidator(9), MaxValueValidator(14)]
    )
    margin_atas = models.PositiveSmallIntegerField(
        _("margin atas (mm)"), default=20, validators=[MaxValueValidator(60)]
    )
    margin_bawah = models.PositiveSmallIntegerField(
        _("margin bawah (mm)"), default=20, validators=[MaxValueValidator(60)]
    )
    margin_kiri = models.PositiveSmallIntegerField(
        _("margin kiri (mm)"), default=30, validators=[MaxValueValidator(60)]
    )
    margin_kanan = models.PositiveSmallIntegerField(
        _("margin kanan (mm)"), default=20, validators=[MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("pengaturan surat")
        verbose_name_plural = _("pengaturan surat")

    def __str__(self):
        return str(self.unit)

    # Frozen once the unit gave the year's first number: a new series starting at 1 under
    # another pattern could repeat an old number.
    DIBEKUKAN = ("pola_nomor", "seri_nomor", "kode_unit")

    def clean(self):
        try:
            validasi_pola(self.pola_nomor, self.seri_nomor)
        except ValidationError as exc:
            raise ValidationError({"pola_nomor": exc.messages}) from exc
        lama = PengaturanSurat.objects.filter(pk=self.pk).first()
        if lama is not None:
            self._periksa_perubahan(lama)

    def _periksa_perubahan(self, lama: "PengaturanSurat") -> None:
        """Refuse changing how numbers are made once the unit gave a number this year."""
        changed = [f for f in self.DIBEKUKAN if getattr(self, f) != getattr(lama, f)]
        if not changed:
            return
        tahun = timezone.localdate().year
        last = (
            AgendaEntry.objects.filter(unit_id=self.unit_id, tahun=tahun)
            .order_by("-pk")
            .values_list("nomor", flat=True)
            .first()
        )
        if last is None:
            return
        message = gettext(
            "Tidak dapat diubah: unit ini sudah memberi nomor surat tahun %(tahun)s (terakhir "
            "%(nomor)s). Pola nomor, seri penomoran dan kode unit hanya dapat diubah sebelum "
            "nomor pertama suatu tahun diberikan, agar tidak ada nomor yang terulang."
        ) % {"tahun": tahun, "nomor": last}
        raise ValidationError(dict.fromkeys(changed, message))


def pengaturan_surat(unit: Unit) -> PengaturanSurat:
    """The letter settings of ``unit`` (made with the defaults if it has none yet)."""
    return pengaturan_untuk(unit, PengaturanSurat, "pengaturan_surat")


def ttd_basah() -> Q:
    """ "Signed in ink", for a queryset of letters; Letter.tanda_tangan_basah for one.

    The units that sign in ink come as a subquery, not a join to their settings: this is
    in every Kasubbag's Kotak Masuk filter (the badge on every page), and the join made
    PostgreSQL spend longer planning that query (±5 ms) than running it.
    """
    return Q(ttd_manual=True) | Q(
        unit_id__in=PengaturanSurat.objects.filter(
            metode_ttd=PengaturanSurat.MetodeTtd.MANUAL
        ).values("unit_id")
    )


# Confidential, for a queryset of letters; Letter.rahasia for one letter. Sangat Rahasia
# is kept at least as close as Rahasia; Terbatas and Biasa are open within the office.
SIFAT_RAHASIA = (Letter.Sifat.RAHASIA, Letter.Sifat.SANGAT_RAHASIA)
RAHASIA = Q(sifat__in=SIFAT_RAHASIA)


def _berkas_register_path(instance, filename):
    return f"register/{instance.pk}/{filename}"


class BerkasRegister(models.Model):
    """A big register (Agenda, Buku Ekspedisi) made by the background worker.

    Rows are the letters the requester may see, recomputed by the worker from
    ``diminta_oleh`` when it runs; the file is served only to that user (see
    ``approvals.views_dokumen``). The id is random: it is the file's address.
    """

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu giliran")
        DIBUAT = "dibuat", _("Sedang dibuat")
        SIAP = "siap", _("Siap diunduh")
        GAGAL = "gagal", _("Gagal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    dokumen = models.CharField(_("dokumen"), max_length=20)
    format = models.CharField(_("format"), max_length=4)
    mulai = models.DateField(_("periode mulai"))
    selesai = models.DateField(_("periode selesai"))
    periode_label = models.CharField(_("periode"), max_length=120)
    mengetahui = models.CharField(_("mengetahui"), max_length=40, blank=True)
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU
    )
    progres = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    jumlah_baris = models.PositiveIntegerField(_("jumlah baris"), default=0)
    berkas = models.FileField(_("berkas"), upload_to=_berkas_register_path, blank=True)
    galat = models.TextField(_("galat"), blank=True)
    dibuat = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("berkas register")
        verbose_name_plural = _("berkas register")
        ordering = ["-dibuat"]
        indexes = [models.Index(fields=["diminta_oleh", "-dibuat"])]

    def __str__(self):
        return f"{self.dokumen}.{self.format} {self.periode_label}"

    @property
    def berjalan(self) -> bool:
        return self.status in (self.Status.MENUNGGU, self.Status.DIBUAT)
