"""Forms of the SOP actions: notes, the number, the dispatch record."""

from __future__ import annotations

import functools

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from letters import numbering
from letters.errors import SOPError
from letters.fields_tanggal import TanggalField
from letters.models import Dispatch
from letters.uploads import validate_pdf, validate_receipt
from tte import signing
from tte.layanan import CertStatus


class FormAksi(forms.Form):
    """The form of one SOP action (approvals.registry): its cleaned data, as ``argumen()``,
    are the keyword arguments of the action in approvals.actions.

    A form that depends on the letter (dates, signing method) sets ``per_surat`` and takes
    ``letter`` and ``user``.
    """

    per_surat = False
    isian_template = "approvals/_isian.html"  # how the action page lays out the fields

    def argumen(self) -> dict:
        return dict(self.cleaned_data)

    def pesan_tambahan(self, letter) -> str:
        """Anything to say after the action besides its success message."""
        return ""


class CatatanForm(FormAksi):
    catatan = forms.CharField(
        label=_l("Catatan (tidak wajib)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _versi_dilihat() -> forms.IntegerField:
    """The version of the letter the official was looking at when they acted."""
    pesan = _l("Versi surat yang Anda lihat tidak terkirim; muat ulang halaman surat.")
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": pesan, "invalid": pesan, "min_value": pesan},
    )


class PersetujuanForm(CatatanForm):
    """Paraf and Setujui: an optional note, bound to the version seen."""

    versi = _versi_dilihat()


def _catatan_wajib(label, pesan_kosong) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": pesan_kosong},
    )


class CatatanWajibForm(FormAksi):
    catatan = _catatan_wajib(_l("Catatan"), _l("Catatan wajib diisi."))


class RevisiForm(CatatanWajibForm):
    catatan = _catatan_wajib(
        _l("Catatan revisi"), _l("Tuliskan catatan revisi untuk pembuat surat.")
    )


class BatalForm(CatatanWajibForm):
    catatan = _catatan_wajib(_l("Alasan pembatalan"), _l("Tuliskan alasan pembatalan surat."))


class NomorForm(FormAksi):
    """The next number of the Agenda (shown before it is taken), or a sisipan."""

    sisipan = forms.BooleanField(label=_l("Beri nomor sisipan"), required=False)
    setelah = forms.IntegerField(
        label=_l("Sisipkan setelah nomor urut"), required=False, min_value=1
    )
    alasan = forms.CharField(label=_l("Alasan sisipan"), required=False, max_length=250)
    catatan = CatatanForm.base_fields["catatan"]
    # The number shown on the form, to say so when someone else took it meanwhile.
    nomor_dilihat = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    per_surat = True
    isian_template = "approvals/_isian_nomor.html"

    def __init__(self, *args, letter, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._letter = letter
        if not self.is_bound:
            self.fields["nomor_dilihat"].initial = self.nomor_berikutnya

    @functools.cached_property
    def nomor_berikutnya(self) -> str:
        """The number shown; a POST giving the number does not work it out."""
        return numbering.peek_number(self._letter)

    def pesan_tambahan(self, letter) -> str:
        dilihat = self.cleaned_data.get("nomor_dilihat")
        if self.cleaned_data.get("sisipan") or not dilihat or dilihat == letter.nomor:
            return ""
        return _(
            "Nomor %(dilihat)s sudah lebih dahulu diberikan kepada surat lain; "
            "surat ini mendapat nomor %(nomor)s."
        ) % {"dilihat": dilihat, "nomor": letter.nomor}

    def clean(self):
        data = super().clean()
        if data.get("sisipan"):
            if not data.get("setelah"):
                self.add_error("setelah", _("Isi nomor urut yang disisipi."))
            if not (data.get("alasan") or "").strip():
                self.add_error("alasan", _("Nomor sisipan wajib disertai alasan."))
        return data

    def argumen(self) -> dict:
        data = self.cleaned_data
        sisipan = (
            numbering.Sisipan(setelah=data["setelah"], alasan=data["alasan"])
            if data.get("sisipan")
            else None
        )
        return {"sisipan": sisipan, "catatan": data["catatan"]}


class KirimForm(FormAksi):
    tanggal_kirim = TanggalField(label=_l("Tanggal kirim"))
    cara = forms.ChoiceField(label=_l("Cara kirim"), choices=Dispatch.Cara.choices)
    nama_penerima = forms.CharField(label=_l("Nama penerima"), required=False, max_length=150)
    tanggal_terima = TanggalField(label=_l("Tanggal diterima"), required=False)
    bukti = forms.FileField(
        label=_l("Tanda terima (PDF/JPEG/PNG)"), required=False, validators=[validate_receipt]
    )
    catatan = forms.CharField(label=_l("Keterangan"), required=False, max_length=250)

    per_surat = True

    def __init__(self, *args, letter, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter = letter
        self.fields["tanggal_kirim"].initial = timezone.localdate()

    def clean_tanggal_kirim(self):
        tanggal = self.cleaned_data["tanggal_kirim"]
        if tanggal > timezone.localdate():
            raise forms.ValidationError(_("Tanggal kirim tidak boleh di masa depan."))
        if self.letter.tanggal_surat and tanggal < self.letter.tanggal_surat:
            raise forms.ValidationError(_("Tanggal kirim tidak boleh sebelum tanggal surat."))
        return tanggal

    def clean(self):
        data = super().clean()
        kirim, terima = data.get("tanggal_kirim"), data.get("tanggal_terima")
        if kirim and terima and terima < kirim:
            self.add_error(
                "tanggal_terima", _("Tanggal diterima tidak boleh sebelum tanggal kirim.")
            )
        return data


class TandatanganForm(FormAksi):
    """Sign: the TTE passphrase, asked only once the certificate is known to be active;
    or, for a letter signed in ink, the scan of the signed letter."""

    catatan = CatatanForm.base_fields["catatan"]
    versi = _versi_dilihat()

    per_surat = True

    def __init__(self, *args, letter, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.ink = letter.tanda_tangan_basah
        self.status_sertifikat = None
        if self.ink:
            self.fields["scan"] = forms.FileField(
                label=_l("Pindaian surat yang sudah ditandatangani (PDF)"),
                validators=[validate_pdf],
                error_messages={"required": _l("Unggah pindaian surat bertanda tangan.")},
            )
            return
        try:
            self.status_sertifikat = signing.certificate_status(letter, user)
        except SOPError as exc:
            self.status_sertifikat = CertStatus(False, exc.message)
        if self.status_sertifikat.aktif:
            self.fields["passphrase"] = forms.CharField(
                label=_l("Passphrase sertifikat elektronik"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
                error_messages={"required": _l("Masukkan passphrase Anda.")},
            )

    def clean(self):
        data = super().clean()
        if not self.ink and not self.status_sertifikat.aktif:
            raise forms.ValidationError(self.status_sertifikat.pesan)
        return data


class PilihanSuratField(forms.MultipleChoiceField):
    """Letters to sign, each posted as ``public_id:versi`` (the version on screen).

    A letter edited since the page was shown is still a valid choice here: signing it is
    refused by the action with a clear message, instead of a bare "invalid choice".
    """

    def valid_value(self, value):
        return super().valid_value(value) or str(value).split(":")[0] in self.letter_ids

    def __init__(self, *args, letters: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_ids = set(letters)


class TandatanganBanyakForm(forms.Form):
    """Choose waiting letters and type the passphrase once."""

    def __init__(self, *args, letters, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.letters = {str(letter.public_id): letter for letter in letters}
        self.fields["surat"] = PilihanSuratField(
            letters=self.letters,
            label=_l("Surat yang ditandatangani"),
            widget=forms.CheckboxSelectMultiple,
            choices=[
                (f"{key}:{s.versi}", f"{s.nomor} — {s.hal}") for key, s in self.letters.items()
            ],
            error_messages={"required": _l("Pilih sedikitnya satu surat.")},
        )
        self.status_sertifikat = None
        if letters:
            try:
                self.status_sertifikat = signing.certificate_status(letters[0], user)
            except SOPError as exc:
                self.status_sertifikat = CertStatus(False, exc.message)
        self.fields["passphrase"] = forms.CharField(
            label=_l("Passphrase sertifikat elektronik"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
            error_messages={"required": _l("Masukkan passphrase Anda.")},
        )

    def clean_surat(self):
        """[(letter, version seen)] in the order shown."""
        chosen = []
        for value in self.cleaned_data["surat"]:
            key, _sep, versi = value.partition(":")
            try:
                chosen.append((self.letters[key], int(versi)))
            except ValueError:
                raise forms.ValidationError(
                    _("Versi surat yang Anda lihat tidak terkirim; muat ulang halaman.")
                ) from None
        return chosen

    def clean(self):
        data = super().clean()
        if self.status_sertifikat is not None and not self.status_sertifikat.aktif:
            raise forms.ValidationError(self.status_sertifikat.pesan)
        return data
