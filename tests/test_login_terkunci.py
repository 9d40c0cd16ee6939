"""Password guessing: a username is held back from one address after five wrong passwords."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.conftest import PASSWORD

KANTOR, LUAR = "10.0.0.5", "10.0.0.77"


def _masuk(username: str, password: str, alamat: str = KANTOR, client=None):
    client = client or Client(REMOTE_ADDR=alamat)
    return client.post("/masuk/", {"username": username, "password": password})


@pytest.fixture
def sandi_salah_lima_kali(office):
    for _ in range(4):
        assert _masuk("kasi", "tebakan").status_code == 200  # the form again, with its error
    assert _masuk("kasi", "tebakan").status_code == 429  # the fifth mistake holds it back


def test_after_five_wrong_passwords_even_the_right_one_is_held_back(sandi_salah_lima_kali):
    response = _masuk("kasi", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Masuk ditahan sementara" in html
    assert "salah 5 kali" in html and "selama 15 menit" in html
    assert "_auth_user_id" not in response.client.session


def test_the_hold_is_for_that_username_from_that_address_only(sandi_salah_lima_kali):
    assert _masuk("kasubbag", PASSWORD).status_code == 302  # a colleague at the same desk
    assert _masuk("kasi", PASSWORD, alamat=LUAR).status_code == 302  # kasi on another device


def test_the_hold_ends_after_the_cool_off(sandi_salah_lima_kali):
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    response = _masuk("kasi", PASSWORD)
    assert response.status_code == 302 and response.url == "/"


def test_a_successful_login_forgets_earlier_mistakes(office):
    for _ in range(4):
        _masuk("kasi", "tebakan")
    assert _masuk("kasi", PASSWORD).status_code == 302
    for _ in range(4):
        _masuk("kasi", "tebakan")
    assert _masuk("kasi", PASSWORD).status_code == 302


def test_the_admin_login_is_guarded_too(office):
    for _ in range(5):
        Client(REMOTE_ADDR=KANTOR).post("/admin/login/", {"username": "admin", "password": "x"})
    response = Client(REMOTE_ADDR=KANTOR).post(
        "/admin/login/", {"username": "admin", "password": PASSWORD}
    )
    assert response.status_code == 429
