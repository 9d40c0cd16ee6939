"""The page shown when logging in is held back after too many wrong passwords."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
