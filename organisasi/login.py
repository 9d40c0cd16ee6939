"""Logging in: the form, and the page shown when logging in is held back (django-axes)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _l


def login_terkunci(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes lockout response: what happened, for how long, and what to do."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        "registration/terkunci.html",
        {
            "username": username,
            "batas": settings.AXES_FAILURE_LIMIT,
            "menit": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


class LoginForm(AuthenticationForm):
    # Django's own Indonesian message repeats "nama pengguna"; say it plainly.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _l("Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's Indonesian says "Sandi"; the page and its messages say "kata sandi".
        self.fields["password"].label = _l("Kata sandi")

    def clean(self):
        # AuthenticationForm shows the username's max_length to the browser but never
        # checks it: a name longer than any account can have is a wrong login, said the
        # usual way, before django-axes tries to record it (its column holds 255).
        username = self.cleaned_data.get("username")
        if username is not None and len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return super().clean()
