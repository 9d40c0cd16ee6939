"""Form widgets shared by the app's forms: dates and times typed the Indonesian way.

The browser's own ``<input type=date>`` follows the browser's language (mm/dd/yyyy on an
English browser) and cannot be typed as "30112026". These are plain text inputs that show
and take "30/11/2026" and "09.00" whatever the browser; sop_surat/static/js/tanggal.js
puts in the separators while one types digits (data-tanggal / data-waktu).
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _l

FORMAT_TANGGAL = "%d/%m/%Y"
PETUNJUK_TANGGAL = _l("hh/bb/tttt, mis. 30/11/2026")
PETUNJUK_WAKTU = _l("jj.mm (24 jam), mis. 09.00")


class TanggalInput(forms.DateInput):
    """A date typed as dd/mm/yyyy."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "hh/bb/tttt",
            "maxlength": "10",
            "data-tanggal": "",
            "class": "input-tanggal",
        }
        super().__init__({**base, **(attrs or {})}, format=FORMAT_TANGGAL)

    def format_value(self, value):
        # The jenis fields keep their dates as ISO text ("2027-01-12").
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip()).strftime(FORMAT_TANGGAL)
            except ValueError:
                return value
        return super().format_value(value)


class WaktuInput(forms.TextInput):
    """A time of day typed as 24-hour hh.mm, the Indonesian way (09.00)."""

    def __init__(self, attrs=None):
        base = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "jj.mm",
            "maxlength": "5",
            "data-waktu": "",
            "class": "input-waktu",
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H.%M")
        if isinstance(value, str) and len(value) == 5 and value[2] == ":":
            return value.replace(":", ".")
        return super().format_value(value)
