"""The Django admin manages the organisation; letters there are read-only."""

import pytest
from django.urls import reverse

from approvals.models import Unit

ADMIN_MODELS = [
    ("approvals", "user"),
    ("approvals", "unit"),
    ("approvals", "position"),
    ("approvals", "assignment"),
    ("letters", "kodeklasifikasi"),
    ("letters", "tujuan"),
    ("letters", "letter"),
    ("letters", "agendaentry"),
    ("letters", "numbercounter"),
]


@pytest.mark.parametrize(("app", "model"), ADMIN_MODELS)
def test_every_admin_list_opens(make_letter, login, app, model):
    make_letter("review")
    response = login("admin").get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200


def test_letters_cannot_be_changed_in_the_admin(make_letter, login):
    letter = make_letter("review")
    client = login("admin")
    assert client.get(reverse("admin:letters_letter_add")).status_code == 403
    page = client.get(reverse("admin:letters_letter_change", args=[letter.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_a_unit_number_pattern_is_checked_in_the_admin(office, login):
    unit = Unit.objects.get(nama="Kecamatan Mojoanyar")
    response = login("admin").post(
        reverse("admin:approvals_unit_change", args=[unit.pk]),
        {
            "nama": unit.nama,
            "jenis": unit.jenis,
            "kode_unit": "416-07",
            "pola_nomor": "{kode}/{nomor}/{tahun}",
            "seri_nomor": "unit",
        },
    )
    assert response.status_code == 200
    assert "Token tidak dikenal pada pola nomor: nomor" in response.content.decode()
    unit.refresh_from_db()
    assert unit.pola_nomor == "{kode}/{urut:3}/{unit}/{tahun}"


def test_staff_without_admin_rights_do_not_get_the_admin(office, login):
    response = login("kasubbag").get(reverse("admin:index"))
    assert response.status_code == 302
