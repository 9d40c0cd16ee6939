"""Fetch a letter for a user, or refuse: views never load letters any other way."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from approvals import rules
from letters.models import Letter

LETTER_RELATED = (
    "unit",
    "klasifikasi",
    "pembuat",
    "posisi_pembuat",
    "pejabat_pengawas",
    "penandatangan",
    "agenda",
    "ditandatangani_oleh",
)


def letter_for_user(user, public_id) -> Letter:
    letter = get_object_or_404(Letter.objects.select_related(*LETTER_RELATED), public_id=public_id)
    if not rules.may_view(user, letter):
        raise PermissionDenied(_("Anda tidak berwenang melihat surat ini."))
    return letter
