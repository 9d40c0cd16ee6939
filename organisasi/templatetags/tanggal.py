"""Dates in pages, written by ``organisasi.tanggal``: ``{% load tanggal %}``, then e.g.
``{{ letter.tanggal_surat|tanggal }}`` or ``{{ event.waktu|waktu }}``."""

from django import template

from organisasi import tanggal as t

register = template.Library()


# Not ``expects_localtime``: organisasi.tanggal puts an aware time in office time itself,
# and converting it twice cost a list of times more than writing them.
def _filter(fungsi, **kwargs):
    def tulis(nilai):
        return "" if nilai in (None, "") else fungsi(nilai, **kwargs)

    return tulis


register.filter("tanggal", _filter(t.tanggal))
register.filter("tanggal_angka", _filter(t.tanggal_angka))
register.filter("waktu", _filter(t.waktu))
register.filter("waktu_singkat", _filter(t.waktu_singkat))
register.filter("waktu_tanpa_tahun", _filter(t.waktu_singkat, tahun=False))
