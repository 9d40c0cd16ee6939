"""Guessing a signing passphrase: after several wrong ones in a row, signing waits.

The signing service (or the local PKCS#12 key) answers every guess; without this, a
session left open on a desk would let anyone try passphrases for as long as they liked.
The counts are written outside the signing transaction, so a refused attempt still counts.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.errors import SOPError
from organisasi.models import User
from organisasi.tanggal import jam


class PassphraseDitahan(SOPError):
    def __init__(self, sampai: datetime.datetime):
        pukul = jam(sampai)
        super().__init__(
            _(
                "Passphrase salah %(batas)d kali berturut-turut. Demi keamanan, "
                "penandatanganan oleh Anda ditahan sampai pukul %(pukul)s WIB."
            )
            % {"batas": settings.TTE_BATAS_SALAH, "pukul": pukul}
        )


def ditahan_sampai(user) -> datetime.datetime | None:
    """Until when ``user`` may not sign, or None."""
    sampai = User.objects.filter(pk=user.pk).values_list("tte_ditahan_sampai", flat=True).first()
    return sampai if sampai and sampai > timezone.now() else None


def periksa(user) -> None:
    sampai = ditahan_sampai(user)
    if sampai:
        raise PassphraseDitahan(sampai)


def catat_salah(user) -> int:
    """Count a wrong passphrase; returns how many tries are left, or raises once held."""
    sampai = None
    with transaction.atomic():
        row = User.objects.select_for_update().only("tte_salah_berturut").get(pk=user.pk)
        salah = row.tte_salah_berturut + 1
        if salah >= settings.TTE_BATAS_SALAH:
            sampai = timezone.now() + datetime.timedelta(minutes=settings.TTE_TAHAN_MENIT)
            User.objects.filter(pk=user.pk).update(tte_salah_berturut=0, tte_ditahan_sampai=sampai)
        else:
            User.objects.filter(pk=user.pk).update(tte_salah_berturut=salah)
    if sampai:
        raise PassphraseDitahan(sampai)
    return settings.TTE_BATAS_SALAH - salah


def catat_benar(user) -> None:
    User.objects.filter(pk=user.pk, tte_salah_berturut__gt=0).update(tte_salah_berturut=0)
