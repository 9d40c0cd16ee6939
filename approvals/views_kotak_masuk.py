"""The Kotak Masuk: the letters waiting for the user now, grouped by the step they wait in."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from approvals import registry, rules
from letters.models import Letter


@login_required
def kotak_masuk(request: HttpRequest) -> HttpResponse:
    waiting = (
        Letter.objects.filter(rules.inbox_filter(request.user))
        .select_related("klasifikasi", "pembuat", "agenda")
        .order_by("diubah")
    )
    counts = Counter(waiting.values_list("status", flat=True))
    state = request.GET.get("status", "")
    if state in counts:
        waiting = waiting.filter(status=state)
    page = Paginator(waiting, 25).get_page(request.GET.get("halaman"))
    per_state = [
        {"value": s.value, "label": s.label, "jumlah": counts[s]}
        for s in registry.URUTAN_KOTAK_MASUK
        if counts.get(s)
    ]
    return render(
        request,
        "approvals/kotak_masuk.html",
        {
            "page": page,
            "per_state": per_state,
            "total": sum(counts.values()),
            "state": state,
            "holdings": rules.holdings(request.user),
        },
    )
