"""Official documents: the letter as PDF, the agenda and the dispatch book as PDF/Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approvals import rules
from approvals.models import Unit
from letters import naskah, pdf, registers
from letters.access import letter_for_user
from letters.forms import PeriodeForm
from letters.models import Dispatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def surat_pdf(request: HttpRequest, public_id) -> HttpResponse:
    letter = letter_for_user(request.user, public_id)
    content = pdf.render_pdf("pdf/surat.html", naskah.context(letter))
    name = slugify(letter.nomor or f"konsep-{letter.hal}")[:80] or "surat"
    return _pdf_response(content, f"{name}.pdf")


DOCUMENTS = {
    "agenda": ("Agenda Surat Keluar", registers.AGENDA_COLUMNS, registers.agenda_rows),
    "ekspedisi": ("Buku Ekspedisi", registers.EKSPEDISI_COLUMNS, registers.ekspedisi_rows),
}


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
    if not (form.is_valid() and dokumen in DOCUMENTS and fmt in ("pdf", "xlsx")):
        return render(request, "letters/cetak.html", {"form": form, "unit": unit})
    judul, columns, build_rows = DOCUMENTS[dokumen]
    periode = form.periode()
    rows = build_rows(request.user, unit.pk, periode)
    filename = slugify(f"{judul} {periode.label}")
    if fmt == "xlsx":
        response = HttpResponse(registers.xlsx(judul, columns, rows), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    total = sum(c.lebar for c in columns)
    context = {
        "judul": judul,
        "unit": unit,
        "periode": periode,
        "kolom": [{"judul": c.judul, "lebar": f"{90 * c.lebar / total:.2f}"} for c in columns],
        "baris": [
            [registers.display(v, c) for v, c in zip(row, columns, strict=True)] for row in rows
        ],
        "mengetahui": naskah.pejabat(unit.pk, form.cleaned_data.get("mengetahui") or "sekcam"),
        "tempat_tanggal": f"{unit.tempat or unit.nama}, "
        f"{naskah.tanggal_indonesia(timezone.localdate())}",
        "halaman": naskah.halaman(unit),
    }
    return _pdf_response(pdf.render_pdf("pdf/register.html", context), f"{filename}.pdf")


@login_required
@require_GET
def tanda_terima(request: HttpRequest, public_id, pk: int) -> FileResponse:
    letter = letter_for_user(request.user, public_id)
    dispatch = get_object_or_404(Dispatch, letter=letter, pk=pk)
    if not dispatch.bukti:
        raise Http404(_("Pengiriman ini tidak punya pindaian tanda terima."))
    name = dispatch.bukti.name.rsplit("/", 1)[-1]
    return FileResponse(dispatch.bukti.open("rb"), filename=f"tanda-terima-{name}")
