"""The project's select.html and checkbox_option.html (options and tick boxes written in
place, for speed) draw every list of choices exactly as Django's own templates do."""

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
    surat = forms.MultipleChoiceField(
        choices=[("a1:2", "B.100/1 — Undangan <rapat>"), ("b2:1", "Surat & lampiran")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "daftar", "data-x": True}),
    )


@pytest.mark.parametrize(
    "data",
    [{}, {"jenis": "nota_dinas", "banyak": ["1", "3"], "ya_tidak": "true", "surat": ["b2:1"]}],
)
def test_a_select_is_drawn_as_django_draws_it(data):
    proyek = _Pilihan(data, renderer=TemplatesSetting())
    django_sendiri = _Pilihan(data, renderer=DjangoTemplates())
    for nama in proyek.fields:
        assert str(proyek[nama]) == str(django_sendiri[nama]), nama
    assert "<optgroup" in str(proyek["jenis"]) and "Nota &lt;Dinas&gt;" in str(proyek["jenis"])
    # A tick box drawn on its own (``{{ cb.tag }}``, Tandatangani beberapa surat) too.
    for kotak, kotak_django in zip(proyek["surat"], django_sendiri["surat"], strict=True):
        assert kotak.tag() == kotak_django.tag()
    assert "Undangan &lt;rapat&gt;" in str(proyek["surat"])


def test_a_ticked_box_stays_ticked():
    kotak = _Pilihan({"surat": ["b2:1"]}, renderer=TemplatesSetting())["surat"]
    assert [" checked" in k.tag() for k in kotak] == [False, True]


def test_the_project_draws_its_forms_with_its_own_select():
    renderer = _Pilihan().renderer
    assert isinstance(renderer, TemplatesSetting)
    for nama in ("select.html", "checkbox_option.html"):
        template = renderer.get_template(f"django/forms/widgets/{nama}")
        assert Path(template.origin.name).parts[-6:-4] == ("sop_surat", "templates")
