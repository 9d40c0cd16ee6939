"""Form fields for dates and times typed the Indonesian way (30/11/2026, 09.00).

Accepted dates: 30/11/2026, 30-11-2026, 30.11.2026, 30112026 and ISO 2026-11-30.
Accepted times: 09.00, 09:00, 0900 (and 9.00, 900).
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _l

from letters.widgets import PETUNJUK_TANGGAL, PETUNJUK_WAKTU, TanggalInput, WaktuInput

PESAN_TANGGAL = _l("Tanggal tidak valid. Tulis hh/bb/tttt, mis. 30/11/2026.")
PESAN_WAKTU = _l("Waktu tidak valid. Tulis jj.mm (24 jam), mis. 09.00.")

_TANGGAL = (
    re.compile(r"(?P<d>\d{1,2})([/.\-])(?P<m>\d{1,2})\2(?P<y>\d{4})"),
    re.compile(r"(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
)
_WAKTU = (
    re.compile(r"(?P<j>\d{1,2})[.:](?P<m>\d{2})"),
    re.compile(r"(?P<j>\d{1,2})(?P<m>\d{2})"),
)


def baca_tanggal(teks: str) -> datetime.date | None:
    """The date written in ``teks`` in one of the accepted forms; None if it is none."""
    teks = (teks or "").strip()
    for pola in _TANGGAL:
        if cocok := pola.fullmatch(teks):
            try:
                return datetime.date(int(cocok["y"]), int(cocok["m"]), int(cocok["d"]))
            except ValueError:
                return None
    return None


def baca_waktu(teks: str) -> datetime.time | None:
    """The 24-hour time written in ``teks`` (09.00, 09:00, 0900); None if it is none."""
    teks = (teks or "").strip()
    for pola in _WAKTU:
        if cocok := pola.fullmatch(teks):
            try:
                return datetime.time(int(cocok["j"]), int(cocok["m"]))
            except ValueError:
                return None
    return None


def _petunjuk(petunjuk: str, help_text):
    """The format hint first, then the field's own help text (shown under the field and
    read out with it: partials/field.html ties help text to the input)."""
    return format_lazy("{}. {}", petunjuk, help_text) if help_text else format_lazy("{}.", petunjuk)


class TanggalField(forms.DateField):
    """A date typed as dd/mm/yyyy (also -, ., digits only, or ISO)."""

    widget = TanggalInput
    default_error_messages = {"invalid": PESAN_TANGGAL}

    def __init__(self, *, help_text="", **kwargs):
        kwargs.pop("input_formats", None)
        super().__init__(help_text=_petunjuk(PETUNJUK_TANGGAL, help_text), **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        tanggal = baca_tanggal(str(value))
        if tanggal is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return tanggal


class TeksTanggalField(forms.CharField):
    """A jenis field's date, kept as text: what was typed in an accepted form becomes ISO
    text ("2026-11-30"), as jenis_naskah stores it; anything else stays as typed, and the
    letter form says what is wrong when the field belongs to the chosen jenis."""

    widget = TanggalInput

    def __init__(self, *, help_text="", **kwargs):
        super().__init__(help_text=_petunjuk(PETUNJUK_TANGGAL, help_text), **kwargs)

    def to_python(self, value):
        teks = super().to_python(value)
        tanggal = baca_tanggal(teks)
        return tanggal.isoformat() if tanggal else teks


class TeksWaktuField(forms.CharField):
    """A jenis field's time of day, kept as text "HH:MM" (see TeksTanggalField)."""

    widget = WaktuInput

    def __init__(self, *, help_text="", **kwargs):
        super().__init__(help_text=_petunjuk(PETUNJUK_WAKTU, help_text), **kwargs)

    def to_python(self, value):
        teks = super().to_python(value)
        waktu = baca_waktu(teks)
        return waktu.strftime("%H:%M") if waktu else teks
