"""The label of a field's choice, as ``get_FOO_display`` gives it, without rebuilding the
field's choices on every call.

Django's ``get_FOO_display`` turns the field's choices into a dict of hashable pairs on
each call, which makes every lazy label translate itself just to be hashed: a letter's
Jenis has some thirty choices, so a page of the Agenda (its Jenis on every row) ran
about fifteen hundred translations. Here the dict (value → lazy label) is built once per
field, and its labels are translated once per field and language: a label translates the
same way every time in one language, and translating it (some 13 µs) cost more than the
rest of an Agenda row's cells together. Each label is still shown in the language of
the request, as before.
"""

from __future__ import annotations

import functools

from django.utils.encoding import force_str
from django.utils.translation import get_language


@functools.cache
def _label_per_nilai(field) -> dict:
    # Model fields' choices are fixed when the class is made (none of ours is callable).
    return dict(field.flatchoices)


class LabelPilihanMixin:
    """Put before ``models.Model`` in a model's bases: its ``get_FOO_display`` methods
    then read :func:`_label_per_nilai` (same result: the label, or the value itself when
    it is not one of the choices)."""

    def _get_FIELD_display(self, field):
        return _label(field, getattr(self, field.attname))


def label_pilihan(model, nama: str, nilai) -> str:
    """``get_FOO_display`` of field ``nama`` of ``model`` for a value read without its
    model (a list read as values)."""
    return _label(model._meta.get_field(nama), nilai)


@functools.cache
def _label_dalam(field, bahasa: str | None) -> dict:
    """The labels of ``field`` translated into ``bahasa`` (the active language)."""
    return {nilai: force_str(label) for nilai, label in _label_per_nilai(field).items()}


def _label(field, value) -> str:
    labels = _label_dalam(field, get_language())
    return labels[value] if value in labels else force_str(value, strings_only=True)
