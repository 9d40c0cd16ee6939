"""Official documents: the letter as PDF, the agenda and the dispatch book as PDF/Excel
(big registers made by the background worker, then downloaded from here)."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approvals import rules, tasks
from approvals.access import letter_for_user
from letters import naskah, pratinjau, registers, uploads
from letters.forms import PeriodeForm
from letters.models import BerkasRegister, Dispatch, Status
from organisasi.models import Unit
from tte import signing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def surat_pdf(request: HttpRequest, public_id) -> HttpResponse:
    """The letter as it stands: the stored signed PDF once signed, else rendered (KONSEP).

    ``?cetak=final`` gives the final letter to sign in ink, to its signer or the Kasubbag.
    """
    letter = letter_for_user(request.user, public_id)
    name = slugify(letter.nomor or f"konsep-{letter.hal}")[:80] or "surat"
    document = getattr(letter, "dokumen", None)
    if document is not None:
        return FileResponse(
            document.berkas.open("rb"), content_type="application/pdf", filename=f"{name}.pdf"
        )
    if request.GET.get("cetak") == "final":
        if not (
            letter.tanda_tangan_basah
            and rules.may(request.user, "sign", letter)
            and letter.status == Status.SIGNING
        ):
            raise PermissionDenied(
                _(
                    "Cetakan final hanya untuk penandatangan surat "
                    "bertanda tangan basah yang menunggu tanda tangan."
                )
            )
        return _pdf_response(signing.final_for_ink(letter), f"{name}-final.pdf")
    return _pdf_response(naskah.konsep_pdf(letter), f"{name}.pdf")


@login_required
@require_GET
def surat_pratinjau(request: HttpRequest, public_id) -> HttpResponse:
    """The letter as it stands, as a picture of its pages (the signing pages show it)."""
    letter = letter_for_user(request.user, public_id)
    response = HttpResponse(pratinjau.pratinjau_surat(letter), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _nama_register(dokumen: str, periode_label: str, fmt: str) -> str:
    return f"{slugify(f'{registers.DOCUMENTS[dokumen].judul} {periode_label}')}.{fmt}"


def _berkas_untuk(user, pk) -> BerkasRegister:
    """A background register, only for the user who asked for it and only while they
    still hold a position in its unit (the rows were the ones they may see); else 404."""
    berkas = get_object_or_404(BerkasRegister, pk=pk, diminta_oleh=user)
    if not any(h.instansi_id == berkas.unit_id for h in rules.holdings(user)):
        raise Http404(_("Berkas register tidak ditemukan."))
    return berkas


def _minta_berkas(user, unit, dokumen: str, fmt: str, periode, mengetahui: str, baris: int):
    """Queue a big register for the worker (once: reloading the page reuses the request
    still waiting or running)."""
    kunci = {
        "diminta_oleh": user,
        "unit": unit,
        "dokumen": dokumen,
        "format": fmt,
        "mulai": periode.mulai,
        "selesai": periode.selesai,
        "mengetahui": mengetahui,
    }
    berjalan = BerkasRegister.Status.MENUNGGU, BerkasRegister.Status.DIBUAT
    berkas = BerkasRegister.objects.filter(status__in=berjalan, **kunci).first()
    if berkas is None:
        berkas = BerkasRegister.objects.create(
            periode_label=periode.label, jumlah_baris=baris, **kunci
        )
        pk = str(berkas.pk)
        transaction.on_commit(lambda: tasks.buat_register.enqueue(pk))
    return berkas


def _berkas_context(berkas: BerkasRegister) -> dict:
    return {"berkas": berkas, "judul": registers.DOCUMENTS[berkas.dokumen].judul}


@login_required
@require_GET
def cetak(request: HttpRequest) -> HttpResponse:
    """The print page; with ``unduh=agenda.pdf`` (or .xlsx, or ekspedisi.*) the file itself,
    or, for a register longer than ``REGISTER_LATAR_BARIS`` lines, the page again with
    the progress of the worker making it (``berkas=<id>``) and then its download link."""
    holdings = rules.holdings(request.user)
    if not holdings:
        raise PermissionDenied(_("Anda belum memiliki jabatan aktif pada unit mana pun."))
    unit = Unit.objects.get(pk=holdings[0].instansi_id)
    data = request.GET.copy()
    data.pop("berkas", None)
    form = PeriodeForm(data or None)
    dokumen, _dot, fmt = request.GET.get("unduh", "").partition(".")
    if not (form.is_valid() and dokumen in registers.DOCUMENTS and fmt in registers.FORMATS):
        context = {"form": form, "unit": unit}
        if request.GET.get("berkas"):
            # A stale or someone else's link gives just the print page.
            with contextlib.suppress(Http404, ValidationError):
                context.update(_berkas_context(_berkas_untuk(request.user, request.GET["berkas"])))
        return render(request, "letters/cetak.html", context)
    periode = form.periode()
    terlihat = rules.surat_terlihat(request.user)
    mengetahui = form.cleaned_data["mengetahui"]
    baris = registers.jumlah_baris(dokumen, terlihat=terlihat, unit=unit, periode=periode)
    if baris > settings.REGISTER_LATAR_BARIS:
        berkas = _minta_berkas(request.user, unit, dokumen, fmt, periode, mengetahui, baris)
        query = request.GET.copy()
        query.pop("unduh", None)
        query["berkas"] = str(berkas.pk)
        return redirect(f"{reverse('letters:cetak')}?{query.urlencode()}")
    filename = _nama_register(dokumen, periode.label, fmt)
    content = registers.buat(
        dokumen, fmt, terlihat=terlihat, unit=unit, periode=periode, mengetahui=mengetahui
    )
    if fmt == "xlsx":
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return _pdf_response(content, filename)


@login_required
@require_GET
def berkas_register(request: HttpRequest, pk) -> HttpResponse:
    """How far the worker is with a big register (the print page polls this with htmx)."""
    berkas = _berkas_untuk(request.user, pk)
    if not request.htmx:
        return redirect(f"{reverse('letters:cetak')}?berkas={berkas.pk}")
    return render(request, "letters/_berkas_register.html", _berkas_context(berkas))


@login_required
@require_GET
def berkas_register_unduh(request: HttpRequest, pk) -> FileResponse:
    berkas = _berkas_untuk(request.user, pk)
    if berkas.status != BerkasRegister.Status.SIAP or not berkas.berkas:
        raise Http404(_("Berkas register belum siap."))
    return FileResponse(
        berkas.berkas.open("rb"),
        as_attachment=berkas.format == "xlsx",
        filename=_nama_register(berkas.dokumen, berkas.periode_label, berkas.format),
        content_type=XLSX if berkas.format == "xlsx" else "application/pdf",
    )


@login_required
@require_GET
def tanda_terima(request: HttpRequest, public_id, pk: int) -> FileResponse:
    letter = letter_for_user(request.user, public_id)
    dispatch = get_object_or_404(Dispatch, letter=letter, pk=pk)
    if not dispatch.bukti:
        raise Http404(_("Pengiriman ini tidak punya pindaian tanda terima."))
    name = dispatch.bukti.name.rsplit("/", 1)[-1]
    berkas = dispatch.bukti.open("rb")
    head = berkas.read(1024)
    berkas.seek(0)
    # The type of what is stored (checked at upload), not of the name it came with;
    # the browser does not guess either (X-Content-Type-Options: nosniff, settings).
    if head.startswith(uploads.JPEG_MAGIC):
        content_type = "image/jpeg"
    elif head.startswith(uploads.PNG_MAGIC):
        content_type = "image/png"
    elif uploads.looks_like_pdf(head):
        content_type = "application/pdf"
    else:
        content_type = "application/octet-stream"
    return FileResponse(
        berkas,
        filename=f"tanda-terima-{name}",
        content_type=content_type,
        as_attachment=content_type == "application/octet-stream",
    )
