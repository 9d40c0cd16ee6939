"""Forms of the letter pages that need no permission rule: attachments, agenda filter,
register period. The drafting form (which asks the rules who may sign) is
``approvals.forms_surat``."""

from __future__ import annotations

import calendar
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from letters.fields_tanggal import TanggalField
from letters.registers import Periode, periode_label
from letters.uploads import validate_pdf
from organisasi import tanggal
from organisasi.models import PERAN_MENGETAHUI


class AttachmentForm(forms.Form):
    berkas = forms.FileField(
        label=_l("Lampiran (PDF)"),
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


TAHUN_SALAH = {
    "invalid": _l("Tahun harus berupa angka, mis. 2026."),
    "min_value": _l("Tahun paling awal 2000."),
    "max_value": _l("Tahun paling akhir 2100."),
}


class AgendaFilterForm(forms.Form):
    BULAN = [("", _l("Semua bulan")), *((str(i), n) for i, n in enumerate(tanggal.BULAN, start=1))]
    STATUS = [  # each shows the letters of agenda.STATUS_FILTER
        ("", _l("Semua")),
        ("proses", _l("Dalam proses")),
        ("ditandatangani", _l("Ditandatangani")),
        ("terkirim", _l("Terkirim")),
        ("batal", _l("BATAL")),
    ]
    tahun = forms.IntegerField(
        label=_l("Tahun"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages=TAHUN_SALAH,
    )
    bulan = forms.ChoiceField(label=_l("Bulan"), choices=BULAN, required=False)
    klasifikasi = forms.CharField(label=_l("Kode Klasifikasi"), required=False, max_length=20)
    status = forms.ChoiceField(label=_l("Status"), choices=STATUS, required=False)
    q = forms.CharField(label=_l("Cari"), required=False, max_length=100)


class PeriodeForm(forms.Form):
    """A reporting period: a month, a quarter, a year or a date range."""

    JENIS = [
        ("bulan", _l("Bulan")),
        ("triwulan", _l("Triwulan")),
        ("tahun", _l("Tahun")),
        ("rentang", _l("Rentang tanggal")),
    ]
    MENGETAHUI = [(peran.value, peran.label) for peran in PERAN_MENGETAHUI]

    jenis = forms.ChoiceField(label=_l("Periode"), choices=JENIS, initial="bulan")
    tahun = forms.IntegerField(
        label=_l("Tahun"),
        min_value=2000,
        max_value=2100,
        required=False,
        error_messages=TAHUN_SALAH,
    )
    bulan = forms.TypedChoiceField(
        label=_l("Bulan"),
        coerce=int,
        required=False,
        choices=list(enumerate(tanggal.BULAN, start=1)),
    )
    triwulan = forms.TypedChoiceField(
        label=_l("Triwulan"),
        coerce=int,
        required=False,
        choices=[(i, f"Triwulan {tanggal.romawi(i)}") for i in range(1, 5)],
    )
    dari = TanggalField(label=_l("Dari tanggal"), required=False)
    sampai = TanggalField(label=_l("Sampai tanggal"), required=False)
    mengetahui = forms.ChoiceField(
        label=_l("Mengetahui"), choices=MENGETAHUI, initial=PERAN_MENGETAHUI[0], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["tahun"].initial = today.year
        self.fields["bulan"].initial = today.month

    def clean_mengetahui(self):
        return self.cleaned_data.get("mengetahui") or PERAN_MENGETAHUI[0]

    def clean(self):
        data = super().clean()
        jenis, tahun = data.get("jenis"), data.get("tahun")
        if jenis in ("bulan", "triwulan", "tahun") and not tahun:
            self.add_error("tahun", _("Isi tahun."))
        elif jenis == "bulan" and not data.get("bulan"):
            self.add_error("bulan", _("Pilih bulan."))
        elif jenis == "triwulan" and not data.get("triwulan"):
            self.add_error("triwulan", _("Pilih triwulan."))
        elif jenis == "rentang":
            dari, sampai = data.get("dari"), data.get("sampai")
            if not dari or not sampai:
                self.add_error("dari", _("Isi tanggal awal dan akhir."))
            elif sampai < dari:
                self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
            elif (sampai - dari).days > 366 * 5:
                self.add_error("sampai", _("Rentang paling lama lima tahun."))
        return data

    def periode(self):
        """The chosen period; call after is_valid()."""
        data = self.cleaned_data
        jenis, tahun = data["jenis"], data.get("tahun")
        if jenis == "bulan":
            mulai = datetime.date(tahun, data["bulan"], 1)
            selesai = _end_of_month(tahun, data["bulan"])
            return Periode(mulai, selesai, f"Bulan {tanggal.nama_bulan(data['bulan'])} {tahun}")
        if jenis == "triwulan":
            first = (data["triwulan"] - 1) * 3 + 1
            return Periode(
                datetime.date(tahun, first, 1),
                _end_of_month(tahun, first + 2),
                f"Triwulan {tanggal.romawi(data['triwulan'])} Tahun {tahun}",
            )
        if jenis == "tahun":
            return Periode(
                datetime.date(tahun, 1, 1), datetime.date(tahun, 12, 31), f"Tahun {tahun}"
            )
        return Periode(data["dari"], data["sampai"], periode_label(data["dari"], data["sampai"]))


def _end_of_month(tahun: int, bulan: int) -> datetime.date:
    return datetime.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])
