"""Cancelling a letter: a reason, the right person, and a number that is never reused."""

import pytest
from django.core.exceptions import PermissionDenied

from approvals import actions
from letters.errors import SOPError
from letters.models import AgendaEntry, Letter


def test_a_draft_without_a_number_is_cancelled_and_leaves_no_agenda_line(make_letter, office):
    letter = actions.cancel(make_letter("draft"), by=office["kasubbag"], catatan="Tidak perlu")
    assert letter.status == "cancelled"
    assert not AgendaEntry.objects.exists()
    assert letter.events.last().catatan == "Tidak perlu"


def test_a_numbered_letter_stays_in_the_agenda_as_batal_and_its_number_is_not_reused(
    make_letter, office, login
):
    letter = make_letter("approval")
    nomor = letter.nomor
    actions.cancel(letter, by=office["kasubbag"], catatan="Acara ditunda")
    html = login("kasubbag").get("/agenda/").content.decode()
    assert nomor in html and "BATAL" in html
    following = make_letter("review")
    assert following.agenda.nomor_urut == 2
    assert AgendaEntry.objects.filter(nomor=nomor).count() == 1


def test_a_reason_is_required(make_letter, office, login):
    letter = make_letter("review")
    with pytest.raises(SOPError, match="alasan pembatalan"):
        actions.cancel(letter, by=office["kasubbag"], catatan="")
    response = login("kasubbag").post(f"/surat/{letter.public_id}/aksi/cancel/", {})
    assert response.status_code == 400
    assert "Tuliskan alasan pembatalan surat." in response.content.decode()
    assert Letter.objects.get(pk=letter.pk).status == "review"


def test_only_the_kasubbag_or_the_drafters_supervisor_cancels(make_letter, office, login):
    letter = make_letter("review")
    with pytest.raises(PermissionDenied):
        actions.cancel(letter, by=office["pelaksana"], catatan="Saya batalkan")
    response = login("pelaksana").post(f"/surat/{letter.public_id}/aksi/cancel/", {"catatan": "x"})
    assert response.status_code == 403
    assert Letter.objects.get(pk=letter.pk).status == "review"


def test_a_signed_letter_cannot_be_cancelled(make_letter, office):
    letter = make_letter("signed")
    with pytest.raises(SOPError, match="Ditandatangani"):
        actions.cancel(letter, by=office["kasubbag"], catatan="Terlambat")
