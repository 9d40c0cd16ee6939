"""The Kotak Masuk: the letters waiting for the user now, grouped by the step they wait in,
searchable and filterable (approvals.daftar)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from approvals import daftar, registry, rules
from letters.models import Letter


@login_required
def kotak_masuk(request: HttpRequest) -> HttpResponse:
    form = daftar.CariSuratForm(request.GET)
    data = form.data_bersih()
    page, counts = daftar.tampilkan(
        Letter.objects.filter(rules.inbox_filter(request.user)),
        data,
        request.GET.get("halaman"),
        urutan=("diubah", "pk"),
    )
    state = data.get("status", "")
    per_state = [
        {
            "value": s.value,
            "label": s.label,
            "jumlah": counts[s],
            "query": daftar.query(data, status=s.value),
        }
        for s in registry.URUTAN_KOTAK_MASUK
        if counts.get(s) or s == state
    ]
    return render(
        request,
        "approvals/kotak_masuk.html",
        {
            "form": form,
            "page": page,
            "per_state": per_state,
            "total": sum(counts.values()),
            "state": state,
            "disaring": form.disaring(),
            "query_semua": daftar.query(data, status=""),
            "query": daftar.query(data),
            "holdings": rules.holdings(request.user),
        },
    )
