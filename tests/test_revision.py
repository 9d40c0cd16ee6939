"""Return for revision from every step, and resubmission."""

import pytest

from approvals import actions
from letters.errors import SOPError
from letters.models import AgendaEntry, Letter
from tests.conftest import PASSWORD, ensure_key

ACTOR = {"numbering": "kasubbag", "review": "kasi", "approval": "sekcam", "signing": "camat"}


def _return(letter, office, state):
    return actions.return_for_revision(
        letter, by=office[ACTOR[state]], catatan=f"Perbaiki ({state})"
    )


def test_returned_from_numbering_it_has_no_number_and_goes_back_to_numbering(make_letter, office):
    letter = _return(make_letter("numbering"), office, "numbering")
    assert letter.status == "revision" and letter.nomor == ""
    letter = actions.resubmit(letter, by=office["pelaksana"])
    assert letter.status == "numbering"
    assert not AgendaEntry.objects.filter(letter=letter).exists()


@pytest.mark.parametrize("state", ["review", "approval", "signing"])
def test_returned_later_it_keeps_its_number_and_needs_a_new_paraf(make_letter, office, state):
    letter = make_letter(state)
    nomor = letter.nomor
    letter = _return(letter, office, state)
    assert letter.status == "revision"
    assert letter.events.last().catatan == f"Perbaiki ({state})"
    letter = actions.resubmit(Letter.objects.get(pk=letter.pk), by=office["pelaksana"])
    assert letter.status == "review"  # the paraf chain starts again
    assert Letter.objects.get(pk=letter.pk).nomor == nomor
    letter = actions.paraf(letter, versi=letter.versi, by=office["kasi"])
    letter = actions.approve(letter, versi=letter.versi, by=office["sekcam"])
    ensure_key(office["camat"])
    letter = actions.sign(letter, versi=letter.versi, by=office["camat"], passphrase=PASSWORD)
    assert letter.status == "signed" and AgendaEntry.objects.filter(nomor=nomor).count() == 1


@pytest.mark.parametrize("state", ["numbering", "review", "approval", "signing"])
def test_a_return_needs_a_note_and_changes_nothing_without_one(make_letter, office, state, login):
    letter = make_letter(state)
    events = letter.events.count()
    with pytest.raises(SOPError, match="catatan revisi"):
        actions.return_for_revision(letter, by=office[ACTOR[state]], catatan="  ")
    response = login(ACTOR[state]).post(
        f"/surat/{letter.public_id}/aksi/return_for_revision/", {"catatan": ""}
    )
    assert response.status_code == 400
    assert "Tuliskan catatan revisi untuk pembuat surat." in response.content.decode()
    assert Letter.objects.get(pk=letter.pk).status == state
    assert letter.events.count() == events


def test_the_drafter_sees_the_note_and_can_edit_before_resubmitting(make_letter, office, login):
    letter = _return(make_letter("approval"), office, "approval")
    html = login("pelaksana").get(f"/surat/{letter.public_id}/").content.decode()
    assert "Perbaiki (approval)" in html and "Ajukan Ulang" in html and ">Ubah<" in html
