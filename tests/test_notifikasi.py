"""Notifications reach exactly the right people; emails go through the queue to SMTP."""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from approvals import actions
from approvals.models import Assignment, Notifikasi, Position, User
from approvals.pengingat import kirim_pengingat
from letters import triggers
from letters.models import Letter, LetterEvent


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


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf8", "replace")))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def worker(monkeypatch):
    """Run the real db_worker over the queue, in this test's transaction.

    The worker closes connections between tasks (right for a long-running process); that
    would end the test's own transaction, so here it leaves the connection open.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run():
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run


@pytest.fixture
def smtp(settings):
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


def test_emails_are_queued_and_delivered_by_the_worker(
    make_letter, office, smtp, worker, django_capture_on_commit_callbacks
):
    letter = make_letter("draft")
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit(letter, by=office["pelaksana"])
    assert smtp.messages == []  # the click only queued it
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    worker()
    ((recipients, content),) = smtp.messages
    assert recipients == ["kasubbag@mojoanyar.example"]
    assert "Subject: [SOP Surat] Surat menunggu nomor: Undangan Rapat" in content
    assert f"/surat/{letter.public_id}/" in content
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_dead_mail_server_does_not_break_the_click(
    make_letter, office, settings, worker, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    letter = make_letter("draft")
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.submit(letter, by=office["pelaksana"]).status == "numbering"
    worker()
    assert DBTaskResult.objects.get().status == "FAILED"
    assert Notifikasi.objects.filter(user__username="kasubbag").exists()


def _backdate(letter, minutes: int):
    past = timezone.now() - datetime.timedelta(minutes=minutes)
    with triggers.suspended():  # backdating rewrites the history on purpose
        LetterEvent.objects.filter(letter=letter).update(waktu=past)


def test_a_reminder_goes_out_once_per_step(make_letter, office, settings):
    from approvals.models import Unit

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
    from approvals.models import Unit

    Unit.objects.update(hitung_jam_kerja=False)
    letter = make_letter("numbering")
    _backdate(letter, 5)
    assert kirim_pengingat(tenggang_menit=10) == 0
    assert kirim_pengingat(tenggang_menit=2) == 1
