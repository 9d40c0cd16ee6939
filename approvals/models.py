"""The organisation: units, positions (jabatan), officials and their assignments."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Peran(models.TextChoices):
    """The role a position plays in the SOP Pengelolaan Surat Keluar."""

    PELAKSANA = "pelaksana", _("Pelaksana")
    KASUBBAG_UMPEG = "kasubbag_umpeg", _("Kasubbag Umum dan Kepegawaian")
    PEJABAT_PENGAWAS = "pejabat_pengawas", _("Pejabat Pengawas")
    SEKCAM = "sekcam", _("Sekretaris Kecamatan")
    CAMAT = "camat", _("Camat")


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
    # Guessing a signing passphrase (approvals.tte.penahanan).
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

    def __str__(self):
        return self.nama_bergelar or self.username

    @property
    def nama_bergelar(self) -> str:
        nama = self.nama or self.get_full_name()
        depan = f"{self.gelar_depan} " if self.gelar_depan else ""
        belakang = f", {self.gelar_belakang}" if self.gelar_belakang else ""
        return f"{depan}{nama}{belakang}" if nama else ""

    @property
    def pangkat_golongan(self) -> str:
        if self.pangkat and self.golongan:
            return f"{self.pangkat} ({self.golongan})"
        return self.pangkat or self.golongan


class Unit(models.Model):
    """An organisational unit: a kecamatan with its sub-bagian and seksi.

    The top of a tree (an *instansi*, here the kecamatan) issues letters: it owns the
    letterhead, the number pattern and the number counters.
    """

    class Jenis(models.TextChoices):
        KABUPATEN = "kabupaten", _("Pemerintah Kabupaten")
        PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat Daerah")
        KECAMATAN = "kecamatan", _("Kecamatan")
        SUB_BAGIAN = "sub_bagian", _("Sub Bagian")
        SEKSI = "seksi", _("Seksi")

    class UkuranKertas(models.TextChoices):
        A4 = "A4", _("A4 (210 × 297 mm)")
        F4 = "F4", _("F4 (215 × 330 mm)")

    class Huruf(models.TextChoices):
        SANS = "Liberation Sans", _("Arial (Liberation Sans)")
        SERIF = "Liberation Serif", _("Times New Roman (Liberation Serif)")

    class MetodeTtd(models.TextChoices):
        ELEKTRONIK = "elektronik", _("Tanda tangan elektronik (TTE)")
        MANUAL = "manual", _("Tanda tangan basah (dipindai)")

    class LayananTte(models.TextChoices):
        LOKAL = "lokal", _("Kunci PKCS#12 di server")
        BSRE = "bsre", _("API BSrE")

    class SeriNomor(models.TextChoices):
        UNIT = "unit", _("Satu seri per unit per tahun")
        KLASIFIKASI = "klasifikasi", _("Satu seri per kode klasifikasi per tahun")
        JENIS = "jenis", _("Satu seri per jenis naskah per tahun")

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
    # Numbering (DESIGN.md §3), used by the unit that issues letters.
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
    metode_ttd = models.CharField(
        _("cara penandatanganan"),
        max_length=12,
        choices=MetodeTtd.choices,
        default=MetodeTtd.ELEKTRONIK,
    )
    layanan_tte = models.CharField(
        _("layanan TTE"),
        max_length=10,
        choices=LayananTte.choices,
        default=LayananTte.LOKAL,
        help_text=_("Kunci PKCS#12 tiap pejabat di server ini, atau API penandatanganan BSrE."),
    )
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
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    def save(self, *args, **kwargs):
        created = self._state.adding
        before = None if created else self.instansi_id
        if self.induk_id is None:
            super().save(*args, **kwargs)
            if self.instansi_id != self.pk:
                Unit.objects.filter(pk=self.pk).update(instansi=self.pk)
                self.instansi_id = self.pk
            if created:
                seed_langkah(LangkahSop, self)
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
        from letters.numbering import validasi_perubahan, validasi_pola

        try:
            validasi_pola(self.pola_nomor, self.seri_nomor)
        except ValidationError as exc:
            raise ValidationError({"pola_nomor": exc.messages}) from exc
        if self.pk:
            validasi_perubahan(self, Unit.objects.get(pk=self.pk))
        if self.induk_id and self.pk:
            node = self.induk
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError(
                        {"induk": _("Unit induk tidak boleh membentuk lingkaran.")}
                    )
                node = node.induk


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


class Assignment(models.Model):
    """A person holding a position: definitively, as Plt. or as Plh., for a period."""

    class Jenis(models.TextChoices):
        DEFINITIF = "definitif", _("Definitif")
        PLT = "plt", _("Plt. (Pelaksana Tugas)")
        PLH = "plh", _("Plh. (Pelaksana Harian)")

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
        prefix = {self.Jenis.PLT: "Plt. ", self.Jenis.PLH: "Plh. "}.get(self.jenis, "")
        return f"{self.user} — {prefix}{self.position}"

    def clean(self):
        if self.selesai and self.mulai and self.selesai < self.mulai:
            raise ValidationError({"selesai": _("Tanggal selesai tidak boleh sebelum mulai.")})
        if self.jenis == self.Jenis.PLH and self.mulai and not self.selesai:
            raise ValidationError({"selesai": _("Penugasan Plh. harus punya tanggal selesai.")})

    def berlaku_pada(self, tanggal: datetime.date) -> bool:
        return self.mulai <= tanggal and (self.selesai is None or self.selesai >= tanggal)

    @property
    def awalan(self) -> str:
        return {self.Jenis.PLT: "Plt. ", self.Jenis.PLH: "Plh. "}.get(self.jenis, "")


class SertifikatInduk(models.Model):
    """A certificate authority whose signatures this office trusts (BSrE root, or the demo CA)."""

    nama = models.CharField(_("nama"), max_length=150)
    pem = models.TextField(_("sertifikat (PEM)"))
    kunci_pem = models.TextField(
        _("kunci privat (PEM)"),
        blank=True,
        editable=False,
        help_text=_("Hanya untuk CA demo, yang menerbitkan sertifikat demo pejabat."),
    )
    demo = models.BooleanField(_("demo, tidak sah secara hukum"), default=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sertifikat induk (CA)")
        verbose_name_plural = _("sertifikat induk (CA)")

    def __str__(self):
        return f"{self.nama}{' (DEMO)' if self.demo else ''}"


class KunciTte(models.Model):
    """An official's signing key: a PKCS#12 archive, locked by the official's passphrase.

    The passphrase is never stored; it is typed at signing time.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="kunci_tte")
    p12 = models.BinaryField(_("berkas PKCS#12"), editable=False)
    subjek = models.CharField(_("subjek sertifikat"), max_length=250, editable=False)
    nomor_seri = models.CharField(_("nomor seri"), max_length=80, editable=False)
    berlaku_sampai = models.DateTimeField(_("berlaku sampai"), editable=False)
    demo = models.BooleanField(_("demo, tidak sah secara hukum"), default=False, editable=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kunci TTE pejabat")
        verbose_name_plural = _("kunci TTE pejabat")

    def __str__(self):
        return f"{self.user} — {self.subjek}"


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
    def states(self) -> list[str]:
        return [s.strip() for s in self.status_surat.split(",") if s.strip()]


class HariLibur(models.Model):
    """A national holiday or collective leave day: not counted as office time."""

    tanggal = models.DateField(_("tanggal"), unique=True)
    nama = models.CharField(_("keterangan"), max_length=150)

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal"]

    def __str__(self):
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"


class Notifikasi(models.Model):
    """A message to one person about one letter: shown in the app and sent by email."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifikasi")
    letter = models.ForeignKey("letters.Letter", on_delete=models.CASCADE, related_name="+")
    judul = models.CharField(_("judul"), max_length=200)
    pesan = models.TextField(_("pesan"))
    dibaca = models.BooleanField(_("sudah dibaca"), default=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat", "-pk"]
        indexes = [models.Index(fields=["user", "dibaca", "-dibuat"])]

    def __str__(self):
        return self.judul


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
        return f"Pengingat langkah {self.langkah}, {self.dikirim:%d-%m-%Y %H.%M}"


def seed_langkah(model, unit) -> None:
    """Give an issuing unit the six SOP steps of DESIGN.md §1 (``model`` for migrations)."""
    from approvals.timeline import DEFAULT_STEPS

    model.objects.bulk_create(
        [
            model(
                unit_id=unit.pk,
                nomor=n,
                pelaksana=p,
                kegiatan=k,
                mutu_baku=m,
                output=o,
                status_surat=s,
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
