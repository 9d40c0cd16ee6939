"""Dates in pages, written by ``organisasi.tanggal``: ``{% load tanggal %}``, then e.g.
``{{ letter.tanggal_surat|tanggal }}`` or ``{{ event.waktu|waktu }}``."""

from django import template

from organisasi import tanggal as t

register = template.Library()


def _filter(fungsi, **kwargs):
    def tulis(nilai):
        return "" if nilai in (None, "") else fungsi(nilai, **kwargs)

    return tulis


register.filter("tanggal", _filter(t.tanggal), expects_localtime=True)
register.filter("tanggal_angka", _filter(t.tanggal_angka), expects_localtime=True)
register.filter("waktu", _filter(t.waktu), expects_localtime=True)
register.filter("waktu_singkat", _filter(t.waktu_singkat), expects_localtime=True)
register.filter("waktu_tanpa_tahun", _filter(t.waktu_singkat, tahun=False), expects_localtime=True)
