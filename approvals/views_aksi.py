"""The SOP action endpoint (one letter, one action) and batch signing: parse input, call
the action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_fsm import can_proceed

from approvals import actions, registry, rules, ttd_latar
from approvals.access import letter_for_user
from approvals.forms import (
    TandatanganBanyakForm,
)
from approvals.models import PenandatangananBanyak
from letters.errors import SOPError
from letters.models import Letter, Status, ttd_basah
from letters.tautan import tautan_surat
from tte.errors import PassphraseSalah
from tte.penahanan import PassphraseDitahan

# About the passphrase typed: said beside its field, on the form still filled in.
GALAT_PASSPHRASE = (PassphraseSalah, PassphraseDitahan)


def _versi_tombol(request: HttpRequest) -> int | None:
    """The version the letter page showed when its button was pressed (``?versi=``)."""
    try:
        versi = int(request.GET.get("versi", ""))
    except ValueError:
        return None
    return versi if versi >= 1 else None


# Letters offered at once on Tandatangani beberapa surat (each with its text and preview).
TTD_PER_HALAMAN = 30


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
    spec = spec.untuk(letter)
    if request.method == "POST":
        form = spec.form_untuk(letter, request.user, request.POST, request.FILES)
    else:
        form = spec.form_untuk(letter, request.user, versi=_versi_tombol(request))
    if request.method == "POST" and form.is_valid():
        try:
            done = spec.jalankan(letter, by=request.user, form=form)
        except GALAT_PASSPHRASE as exc:
            form.add_error("passphrase" if "passphrase" in form.fields else None, exc.message)
        except SOPError as exc:
            messages.error(request, exc.message)
            return redirect("letters:detail", public_id=letter.public_id)
        else:
            messages.success(request, spec.berhasil % {"nomor": done.nomor})
            if tambahan := form.pesan_tambahan(done):
                messages.warning(request, tambahan)
            return redirect("letters:detail", public_id=letter.public_id)
    if request.method == "POST":
        _berkas_pilih_lagi(form, request.FILES)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "approvals/aksi.html",
        {
            "letter": letter,
            "form": form,
            "aksi": spec,
            **_pratinjau(spec, letter),
        },
        status=status,
    )


def _berkas_pilih_lagi(form, files) -> None:
    """A form sent back keeps its text, but a browser cannot fill a file field again: say
    beside each file chosen that it was not kept and must be chosen again."""
    for name, upload in files.items():
        if name in form.fields and name not in form.errors:
            form.add_error(
                name,
                _("Berkas yang dipilih tadi (%(nama)s) belum tersimpan; pilih lagi.")
                % {"nama": upload.name},
            )


def _pratinjau(spec, letter: Letter) -> dict:
    """Signing shows the letter being signed: its PDF and its text."""
    return {"pratinjau": spec.nama == "sign"}


@login_required
def tandatangani_banyak(request: HttpRequest) -> HttpResponse:
    """Sign several waiting letters with one passphrase entry: the first here, the rest by
    the background worker (``ttd_latar``), whose progress page this leads to."""
    ttd_latar.kedaluwarsakan()
    diproses, jobs = ttd_latar.sedang_diproses(request.user)
    menunggu = (
        Letter.objects.filter(rules.inbox_filter(request.user), status=Status.SIGNING)
        .exclude(ttd_basah())
        .exclude(pk__in=diproses)  # already in a batch being signed
    )
    jumlah = menunggu.count()
    # The longest waiting first, a bounded number per page: the rest follow once these
    # are signed.
    waiting = list(
        menunggu.select_related("unit", "klasifikasi", "agenda", "posisi_pembuat").order_by(
            "diubah", "pk"
        )[:TTD_PER_HALAMAN]
    )
    form = TandatanganBanyakForm(request.POST or None, letters=waiting, user=request.user)
    if request.method == "POST" and form.is_valid():
        hasil, job = ttd_latar.mulai(
            form.cleaned_data["surat"], by=request.user, passphrase=form.cleaned_data["passphrase"]
        )
        if hasil.galat_passphrase and not hasil.signed:
            # Nothing signed: the same page, the letters still ticked, the message beside
            # the passphrase.
            form.add_error("passphrase", hasil.galat_passphrase)
        elif job is not None:
            return redirect("approvals:tandatangani_proses", pk=job.pk)
        else:
            if hasil.signed:
                messages.success(
                    request, _("%(n)s surat telah ditandatangani.") % {"n": len(hasil.signed)}
                )
            for letter, message in hasil.failed:
                messages.error(request, f"{letter.hal}: {message}")
            return redirect("approvals:tandatangani_banyak")
    status = 400 if request.method == "POST" else 200
    pratinjau, pdf = tautan_surat("letters:surat_pratinjau"), tautan_surat("letters:surat_pdf")
    return render(
        request,
        "approvals/tandatangani_banyak.html",
        # Each letter beside its tick box, to look at before signing.
        {
            "form": form,
            "waiting": waiting,
            "pilihan": [
                (cb, surat, pratinjau(surat.public_id), pdf(surat.public_id))
                for cb, surat in zip(form["surat"], waiting, strict=True)
            ],
            "jobs": jobs,
            "sisa": jumlah - len(waiting),
        },
        status=status,
    )


@login_required
@require_GET
def tandatangani_proses(request: HttpRequest, pk) -> HttpResponse:
    """How far the worker is with a batch; only for the signer who asked (else 404).
    While it runs, htmx asks again for the fragment every 2 seconds."""
    ttd_latar.kedaluwarsakan()
    job = get_object_or_404(PenandatangananBanyak, pk=pk, pemohon=request.user)
    context = ttd_latar.konteks(job)
    if request.htmx:
        return render(request, "approvals/_proses_ttd.html", context)
    return render(request, "approvals/tandatangani_proses.html", context)
