"""Kotak Masuk: each person sees exactly the letters waiting for them, with counts."""

import datetime
import re

from django.utils import timezone

from approvals import actions
from letters.models import Letter, Status
from organisasi.models import Assignment, Position

STATES = Status.values
WAITING_FOR = {
    "pelaksana": {"draft", "revision", "signed"},
    "kasubbag": {"numbering"},
    "kasi": {"review"},
    "sekcam": {"approval"},
    "camat": {"signing"},
    "plt_camat": set(),
    "admin": set(),
}


def _hals(html: str) -> set[str]:
    return set(re.findall(r"<strong>(Surat [a-z]+)</strong>", html))


def test_each_person_sees_exactly_the_letters_waiting_for_them(make_letter, login):
    for state in STATES:
        make_letter(state, hal=f"Surat {state}")
    for username, states in WAITING_FOR.items():
        html = login(username).get("/").content.decode()
        assert _hals(html) == {f"Surat {s}" for s in states}, username


def test_it_counts_the_waiting_letters_per_state_and_filters_by_one(make_letter, login):
    make_letter("draft", hal="Surat satu")
    make_letter("draft", hal="Surat dua")
    make_letter("revision", hal="Surat tiga")
    client = login("pelaksana")
    html = client.get("/").content.decode()
    assert re.search(r'<span class="n">3</span> Semua', html)
    assert re.search(r'<span class="n">2</span> Konsep', html)
    assert re.search(r'<span class="n">1</span> Perlu Revisi', html)
    filtered = client.get("/", {"status": "revision"}).content.decode()
    assert _hals(filtered) == {"Surat tiga"}


def test_the_header_badge_shows_how_many_letters_wait(make_letter, login):
    make_letter("numbering")
    make_letter("numbering")
    html = login("kasubbag").get("/agenda/").content.decode()
    assert 'aria-label="2 surat menunggu">2</span>' in html


def test_the_badge_counts_afresh_and_follows_a_new_assignment(make_letter, office, login):
    client = login("kasubbag")

    def badge() -> str:
        return re.search(
            r'aria-label="(\d+) surat menunggu"', client.get("/agenda/").content.decode()
        )[1]

    make_letter("numbering")
    assert badge() == "1"
    make_letter("numbering")
    assert badge() == "2"  # counted again, not remembered
    Assignment.objects.create(
        user=office["kasubbag"],
        jenis=Assignment.Jenis.PLH,
        mulai=timezone.localdate(),
        selesai=timezone.localdate() + datetime.timedelta(days=2),
        position=Position.objects.get(nama="Camat Mojoanyar"),
    )
    assert badge() == "2"
    make_letter("signing", cara_ttd=Letter.CaraTtd.PLH)
    assert badge() == "3"  # now also Plh. Camat: the letter to sign as Plh. waits for them


def test_a_plt_camat_gets_the_letters_signed_as_plt(make_letter, login):
    make_letter("signing", hal="Surat plt", cara_ttd=Letter.CaraTtd.PLT)
    make_letter("signing", hal="Surat langsung")
    assert _hals(login("plt_camat").get("/").content.decode()) == {"Surat plt"}
    assert _hals(login("camat").get("/").content.decode()) == {"Surat langsung"}


def test_the_inbox_needs_a_fixed_number_of_queries(
    make_letter, login, django_assert_max_num_queries
):
    for _ in range(30):
        make_letter("numbering")
    client = login("kasubbag")
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200


def test_after_login_the_user_lands_on_kotak_masuk(office, client):
    office["kasi"].set_password("sandi-kasi")
    office["kasi"].save()
    response = client.post("/masuk/", {"username": "kasi", "password": "sandi-kasi"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "<h1>Kotak Masuk</h1>" in response.content.decode()


def test_a_wrong_password_gets_an_indonesian_message(office, client):
    html = client.post("/masuk/", {"username": "kasi", "password": "salah"}).content.decode()
    assert "Nama pengguna atau kata sandi salah." in html


def test_pages_need_a_login(make_letter, client):
    letter = make_letter("draft")
    for url in ("/", "/agenda/", "/surat/baru/", f"/surat/{letter.public_id}/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/masuk/"), url


def test_a_letter_returned_for_revision_comes_back_with_its_note(make_letter, office, login):
    letter = make_letter("approval")
    actions.return_for_revision(letter, by=office["sekcam"], catatan="Perbaiki tanggal rapat")
    html = login("pelaksana").get(f"/surat/{letter.public_id}/").content.decode()
    assert "Perbaiki tanggal rapat" in html
    assert "Ajukan Ulang" in html


MENU = {
    "pelaksana": set(),
    "kasi": set(),
    "kasubbag": {"Dasbor"},
    "sekcam": {"Dasbor", "Tandatangani"},
    "camat": {"Dasbor", "Tandatangani"},
    "plt_camat": {"Dasbor", "Tandatangani"},
}


def test_the_menu_offers_only_the_pages_a_person_can_use(office, login):
    for username, extra in MENU.items():
        html = login(username).get("/").content.decode()
        shown = {label for label in ("Dasbor", "Tandatangani") if f">{label}</a>" in html}
        assert shown == extra, username
