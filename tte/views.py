"""The public verification page: the QR code of every signed letter leads here."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from letters.models import SignedDocument
from letters.uploads import validate_pdf
from tte import lta, pencabutan, verify
from tte.demo_ca import kode_ca
from tte.models import SertifikatInduk

UKURAN_PERMINTAAN_TSA = 4096  # bytes: an RFC 3161 request is a hash and a few fields


class UnggahForm(forms.Form):
    berkas = forms.FileField(
        label=_l("Berkas PDF yang akan diperiksa"),
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


def _document(kode: str) -> SignedDocument:
    return get_object_or_404(
        SignedDocument.objects.select_related(
            "letter__agenda",
            "letter__unit",
            "letter__penandatangan",
            "ditandatangani_oleh",
            "diunggah_oleh",
        ),
        kode_verifikasi=kode,
    )


@require_GET
def dokumen(request: HttpRequest, kode: str) -> HttpResponse:
    return render(
        request,
        "verifikasi/dokumen.html",
        {"k": verify.keterangan(_document(kode)), "form": UnggahForm()},
    )


@require_GET
def unduh(request: HttpRequest, kode: str) -> HttpResponse:
    """The signed PDF: never for Terbatas or Rahasia letters; for others only when the
    unit allows downloads from the public page (PengaturanTte.unduh_pdf_verifikasi)."""
    k = verify.keterangan(_document(kode))
    if not k.boleh_unduh:
        return render(
            request,
            "verifikasi/dokumen.html",
            {"k": k, "form": UnggahForm(), "unduh_ditolak": True},
            status=403 if k.tertutup else 404,
        )
    document = k.dokumen
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
    k = verify.keterangan(hasil.dokumen) if hasil and hasil.dokumen else None
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request, "verifikasi/periksa.html", {"form": form, "hasil": hasil, "k": k}, status=status
    )


@require_GET
@cache_control(public=True, max_age=3600)
def crl(request: HttpRequest, ca: str) -> HttpResponse:
    """The revocation list of a CA whose key is held here (the demo CA), DER; ``ca`` is
    the CA's key identifier (``demo_ca.kode_ca``)."""
    for authority in SertifikatInduk.objects.exclude(kunci_pem=""):
        if kode_ca(authority) == ca:
            return HttpResponse(pencabutan.crl(authority), content_type="application/pkix-crl")
    raise Http404("CRL tidak ditemukan.")


@csrf_exempt
@require_POST
def tsa(request: HttpRequest) -> HttpResponse:
    """The demo TSA over HTTP (RFC 3161): application/timestamp-query in,
    application/timestamp-reply out. Only when no external TSA_URL is configured."""
    if settings.TSA_URL:
        raise Http404("TSA demo tidak dipakai: pemasangan ini memakai TSA_URL.")
    if request.content_type != "application/timestamp-query":
        return HttpResponse(
            "Kirim permintaan cap waktu RFC 3161 (application/timestamp-query).",
            status=415,
            content_type="text/plain; charset=utf-8",
        )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = b"" if length > UKURAN_PERMINTAAN_TSA else request.read(UKURAN_PERMINTAAN_TSA + 1)
    if length > UKURAN_PERMINTAAN_TSA or len(body) > UKURAN_PERMINTAAN_TSA:
        return HttpResponse(
            "Permintaan cap waktu terlalu besar.",
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(lta.tsa_demo().jawab(body), content_type="application/timestamp-reply")
