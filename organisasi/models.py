"""The organisation: units, positions (jabatan), officials, their assignments, holidays.

This app imports no other app of the project; the apps above it keep their own per-unit
and per-person settings in their own models.
"""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisasi.tanggal import tanggal_angka


class Peran(models.TextChoices):
    """The role a position plays in the SOP Pengelolaan Surat Keluar."""

    PELAKSANA = "pelaksana", _("Pelaksana")
    KASUBBAG_UMPEG = "kasubbag_umpeg", _("Kasubbag Umum dan Kepegawaian")
    PEJABAT_PENGAWAS = "pejabat_pengawas", _("Pejabat Pengawas")
    SEKCAM = "sekcam", _("Sekretaris Kecamatan")
    CAMAT = "camat", _("Camat")


# Role sets, each written once. Who may do what with them is decided in approvals.rules.
# The head of an issuing unit: signs its letters, or others sign a.n. (in the name of) them.
PERAN_KEPALA = Peran.CAMAT
# The leaders of an issuing unit: they see its Dasbor and its number gap report.
PERAN_PIMPINAN = frozenset({Peran.CAMAT, Peran.SEKCAM, Peran.KASUBBAG_UMPEG})
# The positions that sign letters: the head, and the Sekcam a.n. the head.
PERAN_PENANDATANGAN = frozenset({Peran.CAMAT, Peran.SEKCAM})
# The positions a drafter may name as a letter's Pejabat Pengawas (who gives the paraf).
PERAN_PENGAWAS = (Peran.PEJABAT_PENGAWAS, Peran.KASUBBAG_UMPEG)
# Who may sign "Mengetahui" under a register or report; the first is the default.
PERAN_MENGETAHUI = (Peran.SEKCAM, Peran.KASUBBAG_UMPEG)


class User(AbstractUser):
    """A person who logs in; officials (pegawai ASN) carry NIP, pangkat and gelar."""

    nama = models.CharField(_("nama lengkap (tanpa gelar)"), max_length=150, blank=True)
    gelar_depan = models.CharField(_("gelar depan"), max_length=40, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", _("NIP harus 18 digit angka."))],
    )
    pangkat = models.CharField(_("pangkat"), max_length=60, blank=True)
    nik = models.CharField(
        _("NIK (untuk layanan TTE BSrE)"),
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^\d{16}$", _("NIK harus 16 digit angka."))],
    )
    golongan = models.CharField(_("golongan/ruang"), max_length=10, blank=True)
    # Guessing a signing passphrase (tte.penahanan).
    tte_salah_berturut = models.PositiveSmallIntegerField(
        _("passphrase TTE salah berturut-turut"), default=0, editable=False
    )
    tte_ditahan_sampai = models.DateTimeField(
        _("penandatanganan ditahan sampai"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(fields=["nip"], condition=~Q(nip=""), name="user_nip_unik")
        ]

    # What a list reads (as values) to name a person the way str(user) does.
    KOLOM_NAMA = ("nama", "first_name", "last_name", "gelar_depan", "gelar_belakang", "username")

    def __str__(self):
        return nama_tampil(**{f: getattr(self, f) for f in self.KOLOM_NAMA})

    @property
    def nama_bergelar(self) -> str:
        return nama_dengan_gelar(
            nama=self.nama,
            first_name=self.first_name,
            last_name=self.last_name,
            gelar_depan=self.gelar_depan,
            gelar_belakang=self.gelar_belakang,
        )

    @property
    def pangkat_golongan(self) -> str:
        if self.pangkat and self.golongan:
            return f"{self.pangkat} ({self.golongan})"
        return self.pangkat or self.golongan


def nama_dengan_gelar(
    *, nama: str, first_name: str, last_name: str, gelar_depan: str, gelar_belakang: str
) -> str:
    """ "Drs. Budi Santoso, M.Si.": the name (else first and last name) with its titles;
    "" without a name."""
    lengkap = nama or f"{first_name} {last_name}".strip()
    depan = f"{gelar_depan} " if gelar_depan else ""
    belakang = f", {gelar_belakang}" if gelar_belakang else ""
    return f"{depan}{lengkap}{belakang}" if lengkap else ""


def nama_tampil(*, username: str, **nama) -> str:
    """How a person is named on screen (``str(user)``): :func:`nama_dengan_gelar`, else the
    username. From the fields of :attr:`User.KOLOM_NAMA`, so a list read as values names
    people the same way."""
    return nama_dengan_gelar(**nama) or username


def kolom_nama(relasi: str) -> tuple[str, ...]:
    """The columns a list reads with ``values()`` to name the person at ``relasi`` (e.g.
    ``"pembuat"``, ``"letter__ditandatangani_oleh"``): :func:`nama_dari_nilai`."""
    return tuple(f"{relasi}__{f}" for f in User.KOLOM_NAMA)


def nama_dari_nilai(row: dict, relasi: str) -> str:
    """The person at ``relasi`` of a row read with :func:`kolom_nama`, named as
    ``str(user)`` names them; "" when the row has no one there."""
    if row[f"{relasi}__username"] is None:
        return ""
    return nama_tampil(**{f: row[f"{relasi}__{f}"] for f in User.KOLOM_NAMA})


class Unit(models.Model):
    """An organisational unit: a kecamatan with its sub-bagian and seksi.

    The top of a tree (an *instansi*, here the kecamatan) issues letters: it owns the
    letterhead and the office hours. What each app sets per unit lives in that app
    (``letters.PengaturanSurat``: numbering and page layout; ``tte.PengaturanTte``: the
    signing service; ``approvals.LangkahSop``: the mutu baku), created when the unit is.
    """

    class Jenis(models.TextChoices):
        KABUPATEN = "kabupaten", _("Pemerintah Kabupaten")
        PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat Daerah")
        KECAMATAN = "kecamatan", _("Kecamatan")
        SUB_BAGIAN = "sub_bagian", _("Sub Bagian")
        SEKSI = "seksi", _("Seksi")

    nama = models.CharField(_("nama unit"), max_length=150)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    induk = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_unit",
    )
    instansi = models.ForeignKey(
        "self",
        verbose_name=_("instansi penerbit surat"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Unit teratas pohon ini; diisi otomatis."),
    )
    # Four eyes: who may sign "a.n." the head of this instansi is the unit's choice,
    # not the drafter's.
    penandatangan_an = models.ManyToManyField(
        "Position",
        verbose_name=_("jabatan yang boleh menandatangani a.n. pimpinan"),
        blank=True,
        related_name="+",
        help_text=_("mis. Sekretaris Kecamatan untuk a.n. Camat."),
    )
    # Letterhead (kop surat) data.
    nama_pemerintah = models.CharField(
        _("nama pemerintah daerah"),
        max_length=150,
        blank=True,
        help_text="mis. PEMERINTAH KABUPATEN MOJOKERTO",
    )
    tempat = models.CharField(_("tempat penetapan surat"), max_length=80, blank=True)
    alamat = models.CharField(_("alamat"), max_length=250, blank=True)
    telepon = models.CharField(_("telepon"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    laman = models.CharField(_("laman"), max_length=120, blank=True)
    kode_pos = models.CharField(_("kode pos"), max_length=10, blank=True)
    logo = models.ImageField(_("logo daerah"), upload_to="logo/", blank=True)
    # Office hours for measuring the mutu baku (DESIGN.md §1).
    hitung_jam_kerja = models.BooleanField(
        _("hitung hanya jam kerja"),
        default=True,
        help_text=_("Bila tidak dicentang, waktu dihitung apa adanya (24 jam sehari)."),
    )
    jam_masuk = models.TimeField(_("jam masuk"), default=datetime.time(7, 30))
    jam_pulang = models.TimeField(_("jam pulang"), default=datetime.time(16, 0))
    hari_kerja = models.CharField(
        _("hari kerja"),
        max_length=20,
        default="1,2,3,4,5",
        validators=[
            RegexValidator(
                r"^[1-7](,[1-7])*$", _("Tulis nomor hari dipisah koma, 1 = Senin … 7 = Minggu.")
            )
        ],
        help_text=_("1 = Senin … 7 = Minggu, dipisah koma."),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    def save(self, *args, **kwargs):
        before = None if self._state.adding else self.instansi_id
        if self.induk_id is None:
            super().save(*args, **kwargs)
            if self.instansi_id != self.pk:
                Unit.objects.filter(pk=self.pk).update(instansi=self.pk)
                self.instansi_id = self.pk
        else:
            self.instansi_id = self.induk.instansi_id or self.induk_id
            super().save(*args, **kwargs)
        if before is not None and before != self.instansi_id:
            self._move_sub_units()

    def _move_sub_units(self) -> None:
        """After this unit moved to another tree, its whole subtree follows it."""
        seen = {self.pk}  # guards against a cycle saved without clean()
        level = [self.pk]
        while level:
            below = Unit.objects.filter(induk__in=level).exclude(pk__in=seen)
            level = list(below.values_list("pk", flat=True))
            Unit.objects.filter(pk__in=level).update(instansi=self.instansi_id)
            seen.update(level)

    def clean(self):
        if self.induk_id and self.pk:
            node = self.induk
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError(
                        {"induk": _("Unit induk tidak boleh membentuk lingkaran.")}
                    )
                node = node.induk

    @property
    def tempat_surat(self) -> str:
        """Where the unit's letters and reports are dated: its tempat, else its name."""
        return self.tempat or self.nama

    @property
    def hari_kerja_iso(self) -> frozenset[int]:
        """The working days as ISO weekday numbers (1 = Monday)."""
        return frozenset(int(d) for d in self.hari_kerja.split(",") if d.strip())


class PositionQuerySet(models.QuerySet):
    def di_instansi(self, instansi_id: int):
        """The positions in the tree of the issuing unit ``instansi_id``."""
        return self.filter(unit__instansi_id=instansi_id)

    def kepala(self):
        """The head positions (:data:`PERAN_KEPALA`)."""
        return self.filter(peran=PERAN_KEPALA)


class Position(models.Model):
    """A jabatan in a unit, with the role it plays in the SOP."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    nama = models.CharField(_("nama jabatan"), max_length=150)
    nama_pada_ttd = models.CharField(
        _("nama jabatan pada tanda tangan"),
        max_length=150,
        blank=True,
        help_text=_("mis. CAMAT MOJOANYAR; kosong berarti sama dengan nama jabatan."),
    )
    peran = models.CharField(_("peran dalam SOP"), max_length=20, choices=Peran.choices)
    atasan = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bawahan",
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["urutan", "nama"]
        indexes = [models.Index(fields=["peran", "unit"])]

    def __str__(self):
        return self.nama

    @property
    def label_ttd(self) -> str:
        return self.nama_pada_ttd or self.nama

    @property
    def kepala(self) -> bool:
        """Whether this is the head of its issuing unit (:data:`PERAN_KEPALA`)."""
        return self.peran == PERAN_KEPALA


class AssignmentQuerySet(models.QuerySet):
    def berlaku(self, tanggal: datetime.date | None = None):
        """Assignments in force on ``tanggal`` (today, office time, if not given)."""
        tanggal = tanggal or timezone.localdate()
        return self.filter(Q(selesai__isnull=True) | Q(selesai__gte=tanggal), mulai__lte=tanggal)

    def di_instansi(self, instansi_id: int):
        """Assignments to positions in the tree of the issuing unit ``instansi_id``."""
        return self.filter(position__unit__instansi_id=instansi_id)


class Assignment(models.Model):
    """A person holding a position: definitively, as Plt. or as Plh., for a period.

    "In force on a date" is written twice, side by side: ``berlaku`` for a queryset and
    ``berlaku_pada`` for one assignment.
    """

    class Jenis(models.TextChoices):
        DEFINITIF = "definitif", _("Definitif")
        PLT = "plt", _("Plt. (Pelaksana Tugas)")
        PLH = "plh", _("Plh. (Pelaksana Harian)")

    # Written before the position held (or signed for, Letter.cara_ttd) as Plt. or Plh.
    AWALAN = {Jenis.PLT: "Plt. ", Jenis.PLH: "Plh. "}

    user = models.ForeignKey(
        User, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="penugasan"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.PROTECT, related_name="penugasan"
    )
    jenis = models.CharField(
        _("jenis penugasan"), max_length=10, choices=Jenis.choices, default=Jenis.DEFINITIF
    )
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"), null=True, blank=True)
    dasar = models.CharField(
        _("dasar penugasan"), max_length=200, blank=True, help_text=_("mis. nomor surat perintah")
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        ordering = ["-mulai"]
        indexes = [models.Index(fields=["user", "mulai"]), models.Index(fields=["position"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="penugasan_selesai_setelah_mulai",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.awalan}{self.position}"

    def clean(self):
        if self.selesai and self.mulai and self.selesai < self.mulai:
            raise ValidationError({"selesai": _("Tanggal selesai tidak boleh sebelum mulai.")})
        if self.jenis == self.Jenis.PLH and self.mulai and not self.selesai:
            raise ValidationError({"selesai": _("Penugasan Plh. harus punya tanggal selesai.")})

    def berlaku_pada(self, tanggal: datetime.date) -> bool:
        return self.mulai <= tanggal and (self.selesai is None or self.selesai >= tanggal)

    @property
    def awalan(self) -> str:
        return self.AWALAN.get(self.jenis, "")


class HariLibur(models.Model):
    """A national holiday or collective leave day: not counted as office time."""

    tanggal = models.DateField(_("tanggal"), unique=True)
    nama = models.CharField(_("keterangan"), max_length=150)

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal"]

    def __str__(self):
        return f"{tanggal_angka(self.tanggal)} {self.nama}"


# --- per-unit settings of the apps above ---------------------------------------------
#
# An app that keeps settings per unit (letters.PengaturanSurat, tte.PengaturanTte) gives
# its model a one-to-one ``unit`` key, has a row made with every new unit
# (``buat_bersama_unit`` in its AppConfig.ready) and reads it with ``pengaturan_untuk``.


def pengaturan_untuk(unit: Unit, model, nama: str):
    """The ``model`` row of ``unit`` (reverse accessor ``nama``), made with the defaults
    if the unit has none yet (units made before the app, or by bulk_create)."""
    try:
        return getattr(unit, nama)
    except model.DoesNotExist:
        pengaturan, _created = model.objects.get_or_create(unit=unit)
        setattr(unit, nama, pengaturan)
        return pengaturan


def buat_bersama_unit(model) -> None:
    """Make a ``model`` row (its defaults) whenever a unit is created."""

    def buat(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            model.objects.get_or_create(unit=instance)

    post_save.connect(
        buat, sender=Unit, weak=False, dispatch_uid=f"pengaturan_{model._meta.label_lower}"
    )
