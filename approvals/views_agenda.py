"""The Agenda Surat Keluar page and the number gap report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approvals import rules
from letters import agenda, numbering
from letters.forms import AgendaFilterForm
from organisasi.models import Unit


@login_required
@require_GET
def agenda_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    for param in ("halaman", "setelah", "sebelum"):
        query.pop(param, None)
    if not query:  # the page as opened from the menu: this year (kept in the page links)
        query["tahun"] = str(timezone.localdate().year)
    form = AgendaFilterForm(query)
    units = rules.unit_terlihat(request.user)
    rows = agenda.entries(units, rules.surat_tersembunyi(request.user))
    if form.is_valid():
        rows = agenda.apply_filters(rows, form.cleaned_data, units)
    page = agenda.halaman(
        rows,
        nomor=request.GET.get("halaman"),
        setelah=request.GET.get("setelah"),
        sebelum=request.GET.get("sebelum"),
        query=query.urlencode(),
    )
    return render(
        request,
        "letters/agenda.html",
        {
            "form": form,
            "page": page,
            "baris": agenda.baris_halaman(list(page)),
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def celah_nomor(request: HttpRequest) -> HttpResponse:
    """Gap report: every number a series gave must be in the agenda (expected: none missing)."""
    units = set(rules.instansi_pimpinan(request.user))
    if not units and not request.user.is_superuser:
        raise PermissionDenied(
            _("Laporan celah nomor hanya untuk Kasubbag Umpeg, Sekcam, dan Camat.")
        )
    try:
        tahun = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        tahun = timezone.localdate().year
    unit_qs = Unit.objects.filter(pk__in=units) if units else Unit.objects.filter(induk=None)
    laporan = [{"unit": unit, "seri": numbering.gap_report(unit.pk, tahun)} for unit in unit_qs]
    return render(request, "letters/celah.html", {"laporan": laporan, "tahun": tahun})
