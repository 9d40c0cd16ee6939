"""Guessing a signing passphrase: five wrong in a row hold the signer back for a while."""

import datetime

import pytest
from django.utils import timezone

from approvals import actions
from letters.models import Letter
from organisasi.models import User
from tests.conftest import PASSWORD, ensure_key
from tte.errors import PassphraseSalah
from tte.penahanan import PassphraseDitahan


@pytest.fixture
def letter(make_letter, office):
    ensure_key(office["camat"])
    return make_letter("signing")


def _guess(letter, camat, times: int) -> list[str]:
    messages = []
    for _ in range(times):
        with pytest.raises((PassphraseSalah, PassphraseDitahan)) as refused:
            actions.sign(letter, versi=letter.versi, by=camat, passphrase="tebakan")
        messages.append(refused.value.message)
    return messages


def test_each_wrong_passphrase_says_how_many_tries_are_left(letter, office):
    messages = _guess(letter, office["camat"], 2)
    assert "Sisa 4 kali percobaan" in messages[0]
    assert "Sisa 3 kali percobaan" in messages[1]


def test_the_fifth_wrong_passphrase_holds_signing_back_even_with_the_right_one(
    letter, office, login
):
    messages = _guess(letter, office["camat"], 5)
    assert "Passphrase salah 5 kali berturut-turut" in messages[-1]
    assert "ditahan sampai pukul" in messages[-1]
    with pytest.raises(PassphraseDitahan):
        actions.sign(letter, versi=letter.versi, by=office["camat"], passphrase=PASSWORD)
    assert Letter.objects.get(pk=letter.pk).status == "signing"

    html = login("camat").get(f"/surat/{letter.public_id}/aksi/sign/").content.decode()
    assert "ditahan sampai pukul" in html
    assert 'type="password"' not in html  # no passphrase is asked while held


def test_the_hold_ends_and_the_count_starts_again(letter, office):
    _guess(letter, office["camat"], 5)
    User.objects.filter(username="camat").update(
        tte_ditahan_sampai=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert "Sisa 4 kali" in _guess(letter, office["camat"], 1)[0]
    assert (
        actions.sign(letter, versi=letter.versi, by=office["camat"], passphrase=PASSWORD).status
        == "signed"
    )


def test_the_right_passphrase_forgets_earlier_mistakes(make_letter, letter, office):
    _guess(letter, office["camat"], 4)
    actions.sign(letter, versi=letter.versi, by=office["camat"], passphrase=PASSWORD)
    second = make_letter("signing")
    assert "Sisa 1 kali" in _guess(second, office["camat"], 4)[-1]  # counted from zero again
    assert (
        actions.sign(second, versi=second.versi, by=office["camat"], passphrase=PASSWORD).status
        == "signed"
    )


def test_signing_several_letters_stops_at_the_hold(make_letter, letter, office):
    _guess(letter, office["camat"], 4)
    letters = [letter, make_letter("signing")]
    signed, failed = actions.sign_many(
        [(s, s.versi) for s in letters], by=office["camat"], passphrase="tebakan"
    )
    assert signed == [] and len(failed) == 1
    assert "ditahan sampai pukul" in failed[0][1]
