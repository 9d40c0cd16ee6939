"""Form widgets shared by the app's forms."""

from django import forms


class TanggalInput(forms.DateInput):
    """The browser's own date picker.

    It accepts only an ISO date (2026-11-24) as its value: a date formatted for Indonesian
    (24/11/2026) would leave the field blank on screen, so the value is always ISO.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
