"""Kotak Masuk and the SOP action endpoint: parse input, call one action, render."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from approvals import actions, rules
from approvals.forms import (
    BatalForm,
    CatatanForm,
    KirimForm,
    NomorForm,
    PersetujuanForm,
    RevisiForm,
    TandatanganBanyakForm,
    TandatanganForm,
)
from letters import numbering
from letters.access import letter_for_user
from letters.errors import SOPError
from letters.models import Letter, Status
from letters.views import ACTION_LABELS


@dataclass(frozen=True)
class ActionSpec:
    form: type[forms.Form]
    run: Callable[[Letter, Any, dict], Letter]
    done: Any  # the success message


def _sisipan(data) -> numbering.Sisipan | None:
    if not data.get("sisipan"):
        return None
    return numbering.Sisipan(setelah=data["setelah"], alasan=data["alasan"])


def _with_note(action_fn):
    return lambda letter, by, data: action_fn(letter, by=by, catatan=data["catatan"])


def _on_version(action_fn):
    return lambda letter, by, data: action_fn(
        letter, by=by, versi=data["versi"], catatan=data["catatan"]
    )


ACTIONS = {
    "submit": ActionSpec(
        CatatanForm, _with_note(actions.submit), _("Surat diajukan dan menunggu nomor.")
    ),
    "assign_number": ActionSpec(
        NomorForm,
        lambda letter, by, d: actions.assign_number(
            letter, by=by, sisipan=_sisipan(d), catatan=d["catatan"]
        ),
        _("Nomor surat diberikan."),
    ),
    "paraf": ActionSpec(
        PersetujuanForm,
        _on_version(actions.paraf),
        _("Surat telah diparaf dan diteruskan ke Sekcam."),
    ),
    "approve": ActionSpec(
        PersetujuanForm,
        _on_version(actions.approve),
        _("Surat disetujui dan diteruskan untuk ditandatangani."),
    ),
    "sign": ActionSpec(
        TandatanganForm,
        lambda letter, by, d: actions.sign(
            letter,
            by=by,
            versi=d["versi"],
            passphrase=d.get("passphrase", ""),
            scan=d.get("scan"),
            catatan=d["catatan"],
        ),
        _("Surat telah ditandatangani."),
    ),
    "dispatch": ActionSpec(
        KirimForm,
        lambda letter, by, d: actions.dispatch(letter, by=by, **d),
        _("Pengiriman surat dicatat."),
    ),
    "return_for_revision": ActionSpec(
        RevisiForm, _with_note(actions.return_for_revision), _("Surat dikembalikan untuk revisi.")
    ),
    "resubmit": ActionSpec(CatatanForm, _with_note(actions.resubmit), _("Surat diajukan ulang.")),
    "cancel": ActionSpec(BatalForm, _with_note(actions.cancel), _("Surat dibatalkan.")),
}


def _form(spec: ActionSpec, letter: Letter, request: HttpRequest):
    """Forms that depend on the letter (dates, signing method) declare ``per_surat``."""
    kwargs = (
        {"letter": letter, "user": request.user} if getattr(spec.form, "per_surat", False) else {}
    )
    if request.method == "POST":
        return spec.form(request.POST, request.FILES, **kwargs)
    return spec.form(initial={"versi": letter.versi}, **kwargs)


@login_required
def aksi(request: HttpRequest, public_id, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
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
    form = _form(spec, letter, request)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(letter, request.user, form.cleaned_data)
        except SOPError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, spec.done)
        return redirect("letters:detail", public_id=letter.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "approvals/aksi.html",
        {"letter": letter, "form": form, "action": action, "label": ACTION_LABELS[action]},
        status=status,
    )


INBOX_ORDER = [
    Status.DRAFT,
    Status.REVISION,
    Status.NUMBERING,
    Status.REVIEW,
    Status.APPROVAL,
    Status.SIGNING,
    Status.SIGNED,
]


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
        for s in INBOX_ORDER
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


@login_required
def tandatangani_banyak(request: HttpRequest) -> HttpResponse:
    """Sign several waiting letters with one passphrase entry."""
    waiting = list(
        Letter.objects.filter(
            rules.inbox_filter(request.user), status=Status.SIGNING, ttd_manual=False
        )
        .exclude(unit__metode_ttd="manual")
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
