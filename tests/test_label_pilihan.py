"""A letter's status, jenis, sifat… shown by their labels (``get_FOO_display``), read from
a dict built once per field (organisasi.pilihan) instead of Django's per-call rebuild."""

import pytest
from django.db import models
from django.utils import translation
from django.utils.functional import lazy

from letters.models import Dispatch, Letter, LetterEvent
from organisasi import pilihan

FIELDS = [
    (model, field)
    for model in (Letter, LetterEvent, Dispatch)
    for field in model._meta.concrete_fields
    if field.choices
]


def _django(instance, field) -> str:
    """What Django's own get_FOO_display gives."""
    return models.Model._get_FIELD_display(instance, field)


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=lambda x: getattr(x, "name", ""))
def test_every_choice_shows_the_same_label_as_django_gives(model, field):
    assert field.choices, "each model has choice fields"
    display = getattr(model, f"get_{field.name}_display")
    for value, label in field.flatchoices:
        instance = model(**{field.attname: value})
        assert display(instance) == _django(instance, field) == str(label)
        assert type(display(instance)) is str
    # A value outside the choices shows as itself, as in Django.
    instance = model(**{field.attname: "tidak-ada"})
    assert display(instance) == _django(instance, field) == "tidak-ada"


def test_the_choice_fields_of_the_lists_are_covered():
    names = {(model.__name__, field.name) for model, field in FIELDS}
    assert {("Letter", "status"), ("Letter", "jenis"), ("Letter", "sifat")} <= names
    assert {("LetterEvent", "aksi"), ("Dispatch", "cara")} <= names


def test_a_letter_shows_its_jenis_and_status_in_words():
    letter = Letter(jenis="surat_dinas", status="review")
    assert letter.get_status_display() == "Menunggu Paraf"
    assert letter.get_jenis_display() == Letter.Jenis("surat_dinas").label


def test_a_label_is_shown_in_the_language_of_the_request_each_time():
    bahasa_aktif = lazy(lambda: f"Biasa ({translation.get_language()})", str)()
    field = models.CharField(choices=[("biasa", bahasa_aktif)])
    for bahasa in ("id", "en", "id"):
        with translation.override(bahasa):
            assert pilihan._label(field, "biasa") == f"Biasa ({bahasa})"
    assert pilihan._label(field, 7) == 7  # outside the choices: the value itself, as Django
