"""Official documents: the letter as PDF, the agenda and the dispatch book as PDF/Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approvals import rules
from approvals.access import letter_for_user
from letters import naskah, registers
from letters.forms import PeriodeForm
from letters.models import Dispatch, Status
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
    return _pdf_response(naskah.letter_pdf(letter), f"{name}.pdf")


@login_required
@require_GET
def cetak(request: HttpRequest) -> HttpResponse:
    """The print page; with ``unduh=agenda.pdf`` (or .xlsx, or ekspedisi.*) the file itself."""
    holdings = rules.holdings(request.user)
    if not holdings:
        raise PermissionDenied(_("Anda belum memiliki jabatan aktif pada unit mana pun."))
    unit = Unit.objects.get(pk=holdings[0].instansi_id)
    form = PeriodeForm(request.GET or None)
    dokumen, _dot, fmt = request.GET.get("unduh", "").partition(".")
    if not (form.is_valid() and dokumen in registers.DOCUMENTS and fmt in ("pdf", "xlsx")):
        return render(request, "letters/cetak.html", {"form": form, "unit": unit})
    periode = form.periode()
    filename = slugify(f"{registers.DOCUMENTS[dokumen].judul} {periode.label}")
    if fmt == "xlsx":
        content = registers.as_xlsx(
            dokumen, terlihat=rules.surat_terlihat(request.user), unit=unit, periode=periode
        )
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    content = registers.as_pdf(
        dokumen,
        terlihat=rules.surat_terlihat(request.user),
        unit=unit,
        periode=periode,
        mengetahui=form.cleaned_data["mengetahui"],
    )
    return _pdf_response(content, f"{filename}.pdf")


@login_required
@require_GET
def tanda_terima(request: HttpRequest, public_id, pk: int) -> FileResponse:
    letter = letter_for_user(request.user, public_id)
    dispatch = get_object_or_404(Dispatch, letter=letter, pk=pk)
    if not dispatch.bukti:
        raise Http404(_("Pengiriman ini tidak punya pindaian tanda terima."))
    name = dispatch.bukti.name.rsplit("/", 1)[-1]
    return FileResponse(dispatch.bukti.open("rb"), filename=f"tanda-terima-{name}")
