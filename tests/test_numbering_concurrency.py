"""Simultaneous requests for numbers never produce a duplicate or a gap (PostgreSQL)."""

import pytest
from django.db import connection, transaction
from django.test import Client

from approvals import actions
from letters import numbering
from letters.models import Letter
from tests.serentak import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock concurrency is shown on PostgreSQL; SQLite serialises all writers",
    ),
]


def test_eight_simultaneous_beri_nomor_give_consecutive_unique_numbers(make_letter, office):
    letters = [make_letter("numbering") for _ in range(8)]
    kasubbag = office["kasubbag"]

    results = run_together(8, lambda i: actions.assign_number(letters[i], by=kasubbag))

    assert all(isinstance(r, Letter) for r in results), results
    urut = sorted(
        Letter.objects.filter(agenda__isnull=False).values_list("agenda__nomor_urut", flat=True)
    )
    assert urut == list(range(1, 9))
    nomor = Letter.objects.values_list("agenda__nomor", flat=True)
    assert len(set(nomor)) == 8


def test_eight_simultaneous_http_requests_give_consecutive_unique_numbers(make_letter, office):
    """The same, through the web: eight Kasubbag sessions press "Beri Nomor" at once."""
    letters = [make_letter("numbering") for _ in range(8)]
    clients = []
    for _ in letters:
        client = Client()
        client.force_login(office["kasubbag"])
        clients.append(client)

    def press(i):
        url = f"/surat/{letters[i].public_id}/aksi/assign_number/"
        return clients[i].post(url, {"aksi": "assign_number"}).status_code

    assert run_together(8, press) == [302] * 8
    agenda = Letter.objects.values_list("agenda__nomor_urut", "agenda__nomor")
    assert sorted(urut for urut, _ in agenda) == list(range(1, 9))
    assert len({nomor for _, nomor in agenda}) == 8


def test_a_double_click_on_beri_nomor_numbers_the_letter_once(make_letter, office):
    letter = make_letter("numbering")
    kasubbag = office["kasubbag"]

    results = run_together(2, lambda i: actions.assign_number(letter, by=kasubbag))

    assert sum(isinstance(r, Letter) for r in results) == 1
    refused = [r for r in results if not isinstance(r, Letter)]
    assert "Menunggu Paraf" in refused[0].message
    assert letter.events.filter(aksi="assign_number").count() == 1
    assert Letter.objects.get(pk=letter.pk).agenda.nomor_urut == 1


def test_sixteen_clients_taking_numbers_get_every_number_exactly_once(office):
    unit_id = office["pelaksana"].penugasan.get().position.unit.instansi_id

    def take_twenty(_i):
        taken = []
        for _ in range(20):
            with transaction.atomic():
                taken.append(numbering.next_nomor_urut(unit_id, 2026, ""))
        return taken

    results = run_together(16, take_twenty)
    numbers = [n for batch in results for n in batch]
    assert sorted(numbers) == list(range(1, 321))
