from django.urls import path, register_converter

from tte import views


class KodeVerifikasiConverter:
    """The shape of a verification code: URL-safe base64 (electronic signatures) or base32
    (ink signatures), at most 40 characters. Anything else is not found, before any query."""

    regex = r"[A-Za-z0-9_-]{1,40}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KodeVerifikasiConverter, "kode")

app_name = "verifikasi"
urlpatterns = [
    path("", views.periksa, name="periksa"),
    path("crl/<str:ca>.crl", views.crl, name="crl"),
    path("tsa/", views.tsa, name="tsa"),
    path("<kode:kode>/", views.dokumen, name="dokumen"),
    path("<kode:kode>/unduh/", views.unduh, name="unduh"),
]
