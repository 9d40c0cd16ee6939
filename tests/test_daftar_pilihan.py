"""The project's select.html (options written in place, for speed) draws every list of
choices exactly as Django's own templates do."""

from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting


class _Pilihan(forms.Form):
    jenis = forms.ChoiceField(
        choices=[
            ("", "Semua jenis"),
            ("Naskah", [("surat_dinas", "Surat Dinas"), ("nota_dinas", "Nota <Dinas>")]),
            ("memo", "Memo & catatan"),
        ],
        widget=forms.Select(attrs={"aria-describedby": "bantuan", "data-x": True}),
    )
    banyak = forms.MultipleChoiceField(choices=[("1", "Satu"), ("2", "Dua"), ("3", "Tiga")])
    ya_tidak = forms.NullBooleanField()


@pytest.mark.parametrize(
    "data", [{}, {"jenis": "nota_dinas", "banyak": ["1", "3"], "ya_tidak": "true"}]
)
def test_a_select_is_drawn_as_django_draws_it(data):
    proyek = _Pilihan(data, renderer=TemplatesSetting())
    django_sendiri = _Pilihan(data, renderer=DjangoTemplates())
    for nama in proyek.fields:
        assert str(proyek[nama]) == str(django_sendiri[nama]), nama
    assert "<optgroup" in str(proyek["jenis"]) and "Nota &lt;Dinas&gt;" in str(proyek["jenis"])


def test_the_project_draws_its_forms_with_its_own_select():
    renderer = _Pilihan().renderer
    assert isinstance(renderer, TemplatesSetting)
    template = renderer.get_template("django/forms/widgets/select.html")
    assert Path(template.origin.name).parts[-6:-4] == ("sop_surat", "templates")
