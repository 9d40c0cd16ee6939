"""The Kotak Masuk: the letters waiting for the user now, grouped by the step they wait in,
searchable and filterable (approvals.daftar)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from approvals import daftar, registry, rules


@login_required
def kotak_masuk(request: HttpRequest) -> HttpResponse:
    form = daftar.CariSuratForm(request.GET)
    data = form.data_bersih()
    page, counts = daftar.tampilkan(
        rules.kotak_masuk(request.user),
        data,
        request.GET.get("halaman"),
        urutan=("diubah", "pk"),
    )
    if not form.disaring():  # the counters cover the whole Kotak Masuk: the header's badge
        request.jumlah_kotak_masuk = sum(counts.values())
    return render(
        request,
        "approvals/kotak_masuk.html",
        {
            "form": form,
            "page": page,
            "disaring": form.disaring(),
            "holdings": rules.holdings(request.user),
            **daftar.konteks_hitungan(counts, data, registry.URUTAN_KOTAK_MASUK),
        },
    )
