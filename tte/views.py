"""The public verification page: the QR code of every signed letter leads here."""

from __future__ import annotations

from django import forms
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from letters.models import SignedDocument
from letters.uploads import validate_pdf
from tte import verify


class UnggahForm(forms.Form):
    berkas = forms.FileField(
        label=_l("Berkas PDF yang akan diperiksa"),
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


def _document(kode: str) -> SignedDocument:
    return get_object_or_404(
        SignedDocument.objects.select_related(
            "letter__agenda", "ditandatangani_oleh", "diunggah_oleh"
        ),
        kode_verifikasi=kode,
    )


@require_GET
def dokumen(request: HttpRequest, kode: str) -> HttpResponse:
    document = _document(kode)
    return render(
        request,
        "verifikasi/dokumen.html",
        {
            "dokumen": document,
            "letter": document.letter,
            "rahasia": document.letter.rahasia,
            "form": UnggahForm(),
        },
    )


@require_GET
def unduh(request: HttpRequest, kode: str) -> FileResponse:
    document = _document(kode)
    if document.letter.rahasia:
        return render(
            request,
            "verifikasi/dokumen.html",
            {"dokumen": document, "letter": document.letter, "rahasia": True, "form": UnggahForm()},
            status=403,
        )
    return FileResponse(
        document.berkas.open("rb"),
        content_type="application/pdf",
        filename=f"{document.letter.nomor.replace('/', '-')}.pdf",
    )


def periksa(request: HttpRequest) -> HttpResponse:
    """Upload a PDF: is it an unmodified document signed by this office?"""
    form = UnggahForm(request.POST or None, request.FILES or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        hasil = verify.verify(form.cleaned_data["berkas"].read())
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "verifikasi/periksa.html", {"form": form, "hasil": hasil}, status=status)
