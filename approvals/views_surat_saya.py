"""Surat Saya: every letter I drafted or took a step on, where it is now, searchable."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from approvals import daftar, halaman, rules
from letters.models import Letter


@login_required
def surat_saya(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    letters = Letter.objects.filter(rules.surat_saya_filter(request.user))
    query = urlencode({"q": q}) if q else ""
    page = halaman.halaman(
        daftar.cari(letters, q), "diubah", request.GET, query=query, muat=daftar.butir_saya
    )
    return render(request, "approvals/surat_saya.html", {"page": page, "q": q, "query": query})
