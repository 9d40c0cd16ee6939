"""Pages for drafting, reading and editing letters, their attachments and versions."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from approvals import actions, registry, rules, timeline
from approvals.access import letter_for_user
from approvals.forms_surat import LetterForm
from letters import versions
from letters.errors import SOPError
from letters.forms import AttachmentForm
from letters.models import Attachment, KodeKlasifikasi, LetterVersion
from organisasi.jam_kerja import kalender_unit


def _instansi_of(user) -> int:
    holdings = rules.holdings(user)
    if not holdings:
        raise PermissionDenied(_("Anda belum memiliki jabatan aktif untuk membuat surat."))
    return holdings[0].instansi_id


@login_required
def buat(request: HttpRequest) -> HttpResponse:
    form = LetterForm(
        request.POST or None, instansi_id=_instansi_of(request.user), pembuat=request.user
    )
    if request.method == "POST" and form.is_valid():
        letter = actions.create_letter(
            by=request.user, data=form.letter_data(), penerima=form.penerima()
        )
        messages.success(request, _("Konsep surat tersimpan. Tekan “Ajukan” bila sudah siap."))
        return redirect("letters:detail", public_id=letter.public_id)
    return render(request, "letters/form.html", {"form": form, "judul": _("Buat Surat")})


@login_required
def ubah(request: HttpRequest, public_id) -> HttpResponse:
    letter = letter_for_user(request.user, public_id)
    if not rules.may(request.user, "edit", letter):
        raise PermissionDenied(_("Anda tidak berwenang mengubah surat ini sekarang."))
    # The form writes typed values onto its instance: give it a copy, so a refused edit
    # still shows the letter as saved.
    form = LetterForm(
        request.POST or None,
        instance=copy.copy(letter),
        instansi_id=letter.unit_id,
        pembuat=letter.pembuat,
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.update_letter(
                letter,
                by=request.user,
                data=form.letter_data(),
                penerima=form.penerima(),
                versi_dasar=form.cleaned_data["versi_dasar"] or 0,
            )
        except SOPError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Perubahan tersimpan sebagai versi baru.")
                if changed
                else _("Tidak ada perubahan."),
            )
            return redirect("letters:detail", public_id=letter.public_id)
    return render(
        request, "letters/form.html", {"form": form, "letter": letter, "judul": _("Ubah Surat")}
    )


@login_required
def detail(request: HttpRequest, public_id) -> HttpResponse:
    letter = letter_for_user(request.user, public_id)
    events = list(letter.events.select_related("oleh"))
    all_versions = list(letter.versions.select_related("dibuat_oleh").defer("konten"))
    changed_after = _changed_after_approval(events, letter.versi)
    langkah = timeline.langkah_unit(letter.unit)
    steps = timeline.steps(events, langkah, kalender_unit(letter.unit))
    context = {
        "letter": letter,
        "penerima": letter.penerima.all(),
        "tembusan": [t for t in letter.tembusan.splitlines() if t.strip()],
        "events": events,
        "versions": all_versions,
        "changed_after": changed_after,
        "steps": steps,
        "total_mutu_baku": sum(step.mutu_baku for step in langkah),
        "jam_kerja_saja": letter.unit.hitung_jam_kerja,
        "buttons": registry.tombol(request.user, letter),
        "may_edit": rules.may(request.user, "edit", letter),
        "attachments": letter.attachments.all(),
        "attachment_form": AttachmentForm(),
        "pengiriman": letter.pengiriman.all(),
    }
    return render(request, "letters/detail.html", context)


def _changed_after_approval(events, current_version: int) -> list:
    """The latest paraf and approval, when the text changed after they were given."""
    latest = {e.aksi: e for e in events if e.aksi in ("paraf", "approve")}
    return [e for e in latest.values() if e.versi < current_version]


@login_required
def versi(request: HttpRequest, public_id, nomor: int) -> HttpResponse:
    letter = letter_for_user(request.user, public_id)
    version = get_object_or_404(
        LetterVersion.objects.select_related("dibuat_oleh"), letter=letter, nomor=nomor
    )
    previous = letter.versions.filter(nomor__lt=nomor).order_by("-nomor").first()
    changes = versions.diff(previous.konten if previous else {}, version.konten)
    return render(
        request,
        "letters/versi.html",
        {"letter": letter, "version": version, "previous": previous, "changes": changes},
    )


@login_required
@require_POST
def lampiran_tambah(request: HttpRequest, public_id) -> HttpResponse:
    letter = letter_for_user(request.user, public_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_attachment(letter, by=request.user, upload=form.cleaned_data["berkas"])
        except SOPError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Lampiran ditambahkan."))
    else:
        for error in form.errors.get("berkas", []):
            messages.error(request, error)
    return redirect("letters:detail", public_id=letter.public_id)


def _attachment(request, public_id, lampiran_id) -> Attachment:
    letter = letter_for_user(request.user, public_id)
    return get_object_or_404(
        Attachment.objects.select_related("letter"), letter=letter, public_id=lampiran_id
    )


@login_required
@require_GET
def lampiran_unduh(request: HttpRequest, public_id, lampiran_id) -> FileResponse:
    attachment = _attachment(request, public_id, lampiran_id)
    try:
        handle = attachment.berkas.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Berkas lampiran tidak ditemukan.")) from exc
    return FileResponse(
        handle, as_attachment=False, filename=attachment.nama, content_type="application/pdf"
    )


@login_required
@require_POST
def lampiran_hapus(request: HttpRequest, public_id, lampiran_id) -> HttpResponse:
    attachment = _attachment(request, public_id, lampiran_id)
    actions.remove_attachment(attachment, by=request.user)
    messages.success(request, _("Lampiran dihapus."))
    return redirect("letters:detail", public_id=public_id)


@login_required
@require_GET
def klasifikasi_cari(request: HttpRequest) -> HttpResponse:
    """Suggestions for the Kode Klasifikasi field: by code prefix or words of the name."""
    q = request.GET.get("klasifikasi", request.GET.get("q", "")).strip()[:60]
    results = KodeKlasifikasi.objects.none()
    if q:
        code = q.split("—")[0].strip()
        words = Q()
        for word in q.split()[:5]:
            words &= Q(nama__icontains=word)
        results = KodeKlasifikasi.objects.filter(Q(kode__startswith=code) | words)[:30]
    return render(request, "letters/klasifikasi_options.html", {"results": results})
