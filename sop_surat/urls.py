from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from approvals.forms import LoginForm

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
    path("admin/", admin.site.urls),
    path("verifikasi/", include("approvals.tte.urls")),
    path("", include("approvals.urls")),
    path("", include("letters.urls")),
]
