"""Notifications reach exactly the right people (their e-mails: test_surel_keluar.py)."""

import datetime

from django.utils import timezone

from approvals import actions, notifications
from approvals.models import Notifikasi
from approvals.pengingat import kirim_pengingat
from letters import riwayat, triggers
from letters.models import Letter, LetterEvent
from organisasi.models import Assignment, Position, User


def _who(letter) -> set[str]:
    return set(Notifikasi.objects.filter(letter=letter).values_list("user__username", flat=True))


def _latest(letter) -> set[str]:
    last = Notifikasi.objects.filter(letter=letter).order_by("-dibuat", "-pk").first()
    return set(
        Notifikasi.objects.filter(letter=letter, judul=last.judul).values_list(
            "user__username", flat=True
        )
    )


def test_each_step_tells_exactly_the_next_actor(make_letter, office):
    letter = make_letter("numbering")
    assert _who(letter) == {"kasubbag"}
    letter = actions.assign_number(letter, by=office["kasubbag"])
    assert _latest(letter) == {"kasi"}
    letter = actions.paraf(letter, versi=letter.versi, by=office["kasi"])
    assert _latest(letter) == {"sekcam"}
    letter = actions.approve(letter, versi=letter.versi, by=office["sekcam"])
    assert _latest(letter) == {"camat"}
    note = Notifikasi.objects.filter(letter=letter, user__username="camat").get()
    assert note.judul.startswith("Surat menunggu tanda tangan")
    assert "Setujui oleh Hendra Saputra, S.H." in note.pesan


def test_a_plt_letter_reaches_the_plt_camat_not_the_camat(make_letter):
    letter = make_letter("signing", cara_ttd=Letter.CaraTtd.PLT)
    assert _latest(letter) == {"plt_camat"}


def test_a_plh_holder_is_told_too(make_letter, office):
    stand_in = User.objects.create_user("plh_sekcam", email="plh@mojoanyar.example")
    Assignment.objects.create(
        user=stand_in,
        jenis="plh",
        mulai=timezone.localdate(),
        selesai=timezone.localdate() + datetime.timedelta(days=3),
        position=Position.objects.get(nama="Sekretaris Kecamatan"),
    )
    letter = make_letter("approval")
    assert _latest(letter) == {"sekcam", "plh_sekcam"}


def test_the_drafter_hears_of_a_return_with_its_note(make_letter, office):
    letter = make_letter("approval")
    actions.return_for_revision(letter, by=office["sekcam"], catatan="Tanggal rapat salah")
    note = Notifikasi.objects.filter(letter=letter, user=office["pelaksana"]).latest("pk")
    assert note.judul.startswith("Surat dikembalikan untuk revisi")
    assert "Catatan: Tanggal rapat salah" in note.pesan


def test_the_drafter_hears_when_signed_and_when_sent_by_someone_else(make_letter, office):
    letter = make_letter("signed")
    assert "pelaksana" in _latest(letter)
    other = User.objects.create_user("pelaksana2", email="p2@mojoanyar.example")
    Assignment.objects.create(
        user=other,
        mulai=datetime.date(2025, 1, 1),
        position=Position.objects.get(peran="pelaksana"),
    )
    actions.dispatch(letter, by=other, tanggal_kirim=timezone.localdate(), cara="kurir")
    assert _latest(letter) == {"pelaksana"}


def test_nobody_is_told_of_their_own_step(make_letter):
    letter = make_letter("numbering")
    assert "pelaksana" not in _who(letter)


def test_the_header_badge_list_and_mark_as_read(make_letter, login):
    letter = make_letter("numbering")
    client = login("kasubbag")
    home = client.get("/").content.decode()
    assert 'aria-label="1 notifikasi belum dibaca"' in home
    page = client.get("/notifikasi/").content.decode()
    assert "Surat menunggu nomor" in page
    note = Notifikasi.objects.get(user__username="kasubbag")
    response = client.post(f"/notifikasi/{note.pk}/baca/")
    assert response.url == f"/surat/{letter.public_id}/"
    assert Notifikasi.objects.get(pk=note.pk).dibaca
    assert "notifikasi belum dibaca" not in client.get("/").content.decode()


def test_nobody_reads_someone_elses_notification(make_letter, login):
    make_letter("numbering")
    note = Notifikasi.objects.get(user__username="kasubbag")
    assert login("kasi").post(f"/notifikasi/{note.pk}/baca/").status_code == 404


def _backdate(letter, minutes: int):
    past = timezone.now() - datetime.timedelta(minutes=minutes)
    with triggers.suspended():  # backdating rewrites the history on purpose
        LetterEvent.objects.filter(letter=letter).update(waktu=past)
    riwayat.sejak_dari_riwayat(Letter.objects.filter(pk=letter.pk))


def test_a_reminder_goes_out_once_per_step(make_letter, office, settings):
    from organisasi.models import Unit

    Unit.objects.update(hitung_jam_kerja=False)
    letter = make_letter("numbering")
    Notifikasi.objects.all().delete()
    _backdate(letter, 1)
    assert kirim_pengingat() == 0  # 1 minute < 2-minute mutu baku
    _backdate(letter, 3)
    assert kirim_pengingat() == 1
    assert kirim_pengingat() == 0
    (note,) = Notifikasi.objects.all()
    assert note.user == office["kasubbag"] and note.judul.startswith("Pengingat:")
    assert "Langkah 2 (Pemberian nomor surat)" in note.pesan
    letter = actions.assign_number(letter, by=office["kasubbag"])
    _backdate(letter, 10)
    assert kirim_pengingat() == 1  # the next step has its own reminder
    assert Notifikasi.objects.filter(judul__startswith="Pengingat", user=office["kasi"]).exists()


def test_the_grace_delays_reminders(make_letter, settings):
    from organisasi.models import Unit

    Unit.objects.update(hitung_jam_kerja=False)
    letter = make_letter("numbering")
    _backdate(letter, 5)
    assert kirim_pengingat(tenggang_menit=10) == 0
    assert kirim_pengingat(tenggang_menit=2) == 1


def test_the_link_is_a_link_and_the_bare_address_stays_in_the_email(make_letter, login):
    letter = make_letter("numbering")
    page = login("kasubbag").get("/notifikasi/").content.decode()
    assert f'<a href="/surat/{letter.public_id}/">Buka surat' in page
    assert "Buka surat: http" not in page
    note = Notifikasi.objects.get(user__username="kasubbag", letter=letter)
    assert f"Buka surat: {notifications.letter_url(letter)}" in note.pesan  # for the e-mail


def test_a_notification_is_done_once_its_letter_moves_on(make_letter, office, login):
    letter = make_letter("numbering")
    client = login("kasubbag")
    assert 'aria-label="1 notifikasi belum dibaca"' in client.get("/").content.decode()
    actions.assign_number(letter, by=office["kasubbag"])
    # The Kasubbag's "menunggu nomor" is done: the badge no longer counts it.
    assert "notifikasi belum dibaca" not in client.get("/").content.decode()
    kasi = Notifikasi.objects.get(user__username="kasi", letter=letter)
    assert not kasi.dibaca  # the Kasi's "menunggu paraf" still needs them
    actions.paraf(letter, by=office["kasi"], versi=letter.versi)
    kasi.refresh_from_db()
    assert kasi.dibaca


def test_reminders_for_many_letters_of_a_unit_read_its_staff_once(make_letter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from organisasi.models import Unit

    Unit.objects.update(hitung_jam_kerja=False)
    letters = [make_letter("numbering") for _ in range(3)]
    for letter in letters:
        _backdate(letter, 5)
    with CaptureQueriesContext(connection) as queries:
        assert kirim_pengingat() == 3
    staff_reads = [q for q in queries if q["sql"].startswith('SELECT "organisasi_assignment"')]
    assert len(staff_reads) == 1
    assert Notifikasi.objects.filter(judul__startswith="Pengingat").count() == 3
