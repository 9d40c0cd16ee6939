"""Error pages (403, 404, CSRF failure) in the app's layout, with a way back.

Django's default 403/404 handlers would render the same templates, but they cannot offer
"Kembali" to the page the user came from; these add that link (same site only, so an
error page never sends anyone elsewhere). 500.html stays with Django's default handler.
"""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def _kembali(request: HttpRequest) -> str:
    """The referring page, if it is on this site and is not the failing page itself.

    After a failed POST the referer is usually the form's own address: linking back to it
    opens a fresh form, which is the way back wanted there.
    """
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return ""
    if request.method in ("GET", "HEAD") and referer == request.build_absolute_uri():
        return ""
    return referer


def _galat(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    return render(request, template, {"kembali": _kembali(request), **context}, status=status)


def halaman_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The app raises PermissionDenied with an Indonesian reason; show it when there is one.
    pesan = str(exception) if exception is not None and exception.args else ""
    return _galat(request, "403.html", 403, pesan=pesan)


def halaman_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django's own 404 messages are English ("No Letter matches…"): never shown.
    return _galat(request, "404.html", 404)


def csrf_gagal(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form's token expired or is missing; nothing was saved."""
    return _galat(request, "403_csrf.html", 403)
