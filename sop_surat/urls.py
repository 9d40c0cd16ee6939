from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from organisasi.login import LoginForm

# Error pages in the app's layout, in Indonesian (500 keeps Django's default handler,
# which renders the self-contained 500.html).
handler403 = "sop_surat.views_galat.halaman_403"
handler404 = "sop_surat.views_galat.halaman_404"

admin.site.site_header = "SOP Surat — Administrasi"
admin.site.site_title = "SOP Surat"

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin, PDFs in a tab).
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("img/favicon.svg"))),
    path("admin/", admin.site.urls),
    path("verifikasi/", include("tte.urls")),
    path("", include("approvals.urls")),
    # The letter pages keep the URL namespace "letters" (their views are in approvals,
    # which holds the permission rules).
    path("", include("approvals.urls_surat")),
]
