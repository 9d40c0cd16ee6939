"""Forms of the SOP actions: notes, the number, the dispatch record."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from letters.models import Dispatch
from letters.uploads import validate_receipt


class CatatanForm(forms.Form):
    catatan = forms.CharField(
        label=_l("Catatan (tidak wajib)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CatatanWajibForm(forms.Form):
    catatan = forms.CharField(
        label=_l("Catatan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _l("Catatan wajib diisi.")},
    )


class RevisiForm(CatatanWajibForm):
    catatan = forms.CharField(
        label=_l("Catatan revisi"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _l("Tuliskan catatan revisi untuk pembuat surat.")},
    )


class BatalForm(CatatanWajibForm):
    catatan = forms.CharField(
        label=_l("Alasan pembatalan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _l("Tuliskan alasan pembatalan surat.")},
    )


class NomorForm(forms.Form):
    sisipan = forms.BooleanField(label=_l("Beri nomor sisipan"), required=False)
    setelah = forms.IntegerField(
        label=_l("Sisipkan setelah nomor urut"), required=False, min_value=1
    )
    alasan = forms.CharField(label=_l("Alasan sisipan"), required=False, max_length=250)
    catatan = CatatanForm.base_fields["catatan"]

    def clean(self):
        data = super().clean()
        if data.get("sisipan"):
            if not data.get("setelah"):
                self.add_error("setelah", _("Isi nomor urut yang disisipi."))
            if not (data.get("alasan") or "").strip():
                self.add_error("alasan", _("Nomor sisipan wajib disertai alasan."))
        return data


class KirimForm(forms.Form):
    tanggal_kirim = forms.DateField(
        label=_l("Tanggal kirim"), widget=forms.DateInput(attrs={"type": "date"})
    )
    cara = forms.ChoiceField(label=_l("Cara kirim"), choices=Dispatch.Cara.choices)
    nama_penerima = forms.CharField(label=_l("Nama penerima"), required=False, max_length=150)
    tanggal_terima = forms.DateField(
        label=_l("Tanggal diterima"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    bukti = forms.FileField(
        label=_l("Tanda terima (PDF/JPEG/PNG)"), required=False, validators=[validate_receipt]
    )
    catatan = forms.CharField(label=_l("Keterangan"), required=False, max_length=250)

    def __init__(self, *args, letter, **kwargs):
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


class LoginForm(AuthenticationForm):
    # Django's own Indonesian message repeats "nama pengguna"; say it plainly.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _l("Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil."),
    }
