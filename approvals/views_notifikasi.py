"""The notifications page: newest first; opening one marks it read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from approvals import halaman
from approvals.models import Notifikasi


@login_required
def daftar(request: HttpRequest) -> HttpResponse:
    notes = Notifikasi.objects.filter(user=request.user).select_related("letter")
    page = halaman.halaman(notes, "dibuat", request.GET, per_halaman=30)
    return render(request, "approvals/notifikasi.html", {"page": page})


@login_required
@require_POST
def baca(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Notifikasi.objects.select_related("letter"), pk=pk, user=request.user)
    Notifikasi.objects.filter(pk=note.pk).update(dibaca=True)
    return redirect("letters:detail", public_id=note.letter.public_id)


@login_required
@require_POST
def baca_semua(request: HttpRequest) -> HttpResponse:
    Notifikasi.objects.filter(user=request.user, dibaca=False).update(dibaca=True)
    return redirect("approvals:notifikasi")
