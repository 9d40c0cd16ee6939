"""Fetch a letter for a user, or refuse: views never load letters any other way."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from approvals import rules
from letters.models import Letter
from organisasi.models import Position, User

# Joined to the letter in its query (the unit's letter settings: whether it signs in ink).
# Its people and positions (five more tables) come in two small queries of their own
# (:func:`muat_pejabat`): PostgreSQL spent some 7 ms choosing an order for nine tables
# joined in one query that then ran in 0.3 ms.
LETTER_RELATED = ("unit__pengaturan_surat", "klasifikasi", "agenda")


def muat_pejabat(letter: Letter) -> None:
    """Load the letter's drafter and signer and its drafter's, Pejabat Pengawas' and
    signing positions in two queries, as ``select_related`` would have joined them."""
    positions = Position.objects.in_bulk(
        {letter.posisi_pembuat_id, letter.pejabat_pengawas_id, letter.penandatangan_id} - {None}
    )
    users = User.objects.in_bulk({letter.pembuat_id, letter.ditandatangani_oleh_id} - {None})
    for field, pk, found in (
        ("posisi_pembuat", letter.posisi_pembuat_id, positions),
        ("pejabat_pengawas", letter.pejabat_pengawas_id, positions),
        ("penandatangan", letter.penandatangan_id, positions),
        ("pembuat", letter.pembuat_id, users),
        ("ditandatangani_oleh", letter.ditandatangani_oleh_id, users),
    ):
        Letter._meta.get_field(field).set_cached_value(letter, found.get(pk))


def letter_for_user(user, public_id) -> Letter:
    """The letter, if ``rules.may_view`` lets ``user`` open it (also the target of every
    notification link: a link forwarded to someone else opens nothing)."""
    letter = get_object_or_404(Letter.objects.select_related(*LETTER_RELATED), public_id=public_id)
    muat_pejabat(letter)
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
