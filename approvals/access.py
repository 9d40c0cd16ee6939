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
    """The letter, if ``rules.may_view`` lets ``user`` open it (also the target of every
    notification link: a link forwarded to someone else opens nothing)."""
    letter = get_object_or_404(Letter.objects.select_related(*LETTER_RELATED), public_id=public_id)
    if not rules.may_view(user, letter):
        raise PermissionDenied(
            _(
                "Anda tidak berwenang melihat surat ini: surat hanya dapat dibuka oleh pegawai "
                "yang saat ini bertugas di unit penerbitnya, dan surat rahasia hanya oleh "
                "pejabat pada alurnya. Bila Anda memerlukannya, hubungi Kasubbag Umum dan "
                "Kepegawaian."
            )
        )
    return letter
