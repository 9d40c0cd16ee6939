"""The SOP action endpoint (one letter, one action) and batch signing: parse input, call
the action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from approvals import actions, registry, rules
from approvals.access import letter_for_user
from approvals.forms import (
    TandatanganBanyakForm,
)
from letters.errors import SOPError
from letters.models import TTD_BASAH, Letter, Status


@login_required
def aksi(request: HttpRequest, public_id, action: str) -> HttpResponse:
    spec = registry.AKSI.get(action)
    if spec is None:
        raise Http404
    letter = letter_for_user(request.user, public_id)
    if not can_proceed(getattr(letter, action)):
        # A second click, a second tab, or someone else was quicker: say what happened
        # (the state decides this before the person: after "Kembalikan untuk Revisi" the
        # approver no longer acts on the letter, yet their repeat is no intrusion).
        messages.error(request, actions.already_done_message(letter))
        return redirect("letters:detail", public_id=letter.public_id)
    if not rules.may(request.user, action, letter):
        raise PermissionDenied(_("Anda tidak berwenang melakukan langkah ini pada surat ini."))
    if request.method == "POST":
        form = spec.form_untuk(letter, request.user, request.POST, request.FILES)
    else:
        form = spec.form_untuk(letter, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            spec.jalankan(letter, by=request.user, form=form)
        except SOPError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, spec.berhasil)
        return redirect("letters:detail", public_id=letter.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "approvals/aksi.html",
        {"letter": letter, "form": form, "aksi": spec},
        status=status,
    )


@login_required
def tandatangani_banyak(request: HttpRequest) -> HttpResponse:
    """Sign several waiting letters with one passphrase entry."""
    waiting = list(
        Letter.objects.filter(rules.inbox_filter(request.user), status=Status.SIGNING)
        .exclude(TTD_BASAH)
        .select_related("unit", "klasifikasi", "agenda", "posisi_pembuat")
        .order_by("diubah")
    )
    form = TandatanganBanyakForm(request.POST or None, letters=waiting, user=request.user)
    if request.method == "POST" and form.is_valid():
        signed, failed = actions.sign_many(
            form.cleaned_data["surat"], by=request.user, passphrase=form.cleaned_data["passphrase"]
        )
        if signed:
            messages.success(request, _("%(n)s surat telah ditandatangani.") % {"n": len(signed)})
        for letter, message in failed:
            messages.error(request, f"{letter.hal}: {message}")
        return redirect("approvals:tandatangani_banyak")
    return render(request, "approvals/tandatangani_banyak.html", {"form": form, "waiting": waiting})
