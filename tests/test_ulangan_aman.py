"""Repeats are harmless: every SOP action sent twice — a double tap, the back button, two
tabs, two people at once — has exactly one effect, and the second sender is told what
happened instead of getting an error page."""

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from letters.models import Letter, LetterEvent
from tests.conftest import PASSWORD, current_version, ensure_key
from tests.serentak import run_together

ALREADY_DONE = "Langkah ini tidak dapat dilakukan lagi"

# action: (state the letter is in, who acts, what the form sends)
ACTIONS = {
    "submit": ("draft", "pelaksana", {}),
    "assign_number": ("numbering", "kasubbag", {}),
    "paraf": ("review", "kasi", {}),
    "approve": ("approval", "sekcam", {}),
    "sign": ("signing", "camat", {"passphrase": PASSWORD}),
    "dispatch": ("signed", "pelaksana", {"cara": "kurir", "nama_penerima": "Pak Kades"}),
    "return_for_revision": ("review", "kasi", {"catatan": "Perbaiki paragraf kedua."}),
    "resubmit": ("revision", "pelaksana", {}),
    "cancel": ("review", "kasubbag", {"catatan": "Acara dibatalkan."}),
}


def _prepare(make_letter, office, action):
    state, who, form = ACTIONS[action]
    letter = make_letter(state)
    if action == "sign":
        ensure_key(office["camat"])
    data = {**form, "versi": current_version(letter), "catatan": form.get("catatan", "")}
    if action == "dispatch":
        data["tanggal_kirim"] = timezone.localdate().isoformat()
    return letter, who, data


def _events(letter: Letter, action: str) -> int:
    return LetterEvent.objects.filter(letter=letter, aksi=action).count()


@pytest.mark.parametrize("action", ACTIONS)
def test_the_same_action_sent_twice_acts_once_and_explains_the_second(
    make_letter, office, login, action
):
    letter, who, data = _prepare(make_letter, office, action)
    client = login(who)
    url = f"/surat/{letter.public_id}/aksi/{action}/"
    first = client.post(url, data)
    assert first.status_code == 302
    after_first = Letter.objects.get(pk=letter.pk).status

    again = client.post(url, data, follow=True)
    assert again.redirect_chain == [(f"/surat/{letter.public_id}/", 302)]
    assert ALREADY_DONE in again.content.decode()
    assert _events(letter, action) == 1
    assert Letter.objects.get(pk=letter.pk).status == after_first


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="simultaneous requests are shown on PostgreSQL; SQLite serialises all writers",
)
@pytest.mark.parametrize("action", ACTIONS)
def test_the_same_action_sent_twice_at_once_acts_once(make_letter, office, action):
    letter, who, data = _prepare(make_letter, office, action)
    url = f"/surat/{letter.public_id}/aksi/{action}/"
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(office[who])
        clients.append(client)
    responses = run_together(2, lambda i: clients[i].post(url, data))

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert _events(letter, action) == 1
    shown = [clients[i].get(f"/surat/{letter.public_id}/").content.decode() for i in range(2)]
    assert sum(ALREADY_DONE in page for page in shown) == 1
