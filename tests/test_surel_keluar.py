"""The e-mail outbox: every mail is written with the action that causes it, survives a dead
mail server, and reaches a real SMTP server (aiosmtpd) exactly once."""

import asyncio
import datetime
import email
import email.policy
import io
import logging
import socket
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from approvals import actions, outbox, tasks
from approvals.models import Notifikasi, SurelKeluar
from approvals.tasks import kirim_email
from tests.serentak import run_together

MENUNGGU, TERKIRIM, GAGAL = (
    SurelKeluar.Status.MENUNGGU,
    SurelKeluar.Status.TERKIRIM,
    SurelKeluar.Status.GAGAL,
)


class _Inbox:
    """What the SMTP server received: one (recipient, subject, body, Message-ID) per mail."""

    def __init__(self):
        self.messages = []
        self.refuse: set[str] = set()
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        for rcpt in envelope.rcpt_tos:
            body = msg.get_content()
            self.messages.append((rcpt, str(msg["Subject"]), body, msg["Message-ID"]))
        return "250 OK"

    def received(self) -> Counter:
        return Counter((rcpt, subject) for rcpt, subject, _body, _id in self.messages)


class _SmtpServer:
    """A real SMTP server on a loopback port that can be stopped and started again."""

    def __init__(self):
        self.inbox = _Inbox()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    server = _SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    yield server
    server.stop()


def _outbox() -> Counter:
    return Counter(SurelKeluar.objects.values_list("kepada", "subjek"))


def test_a_dead_mail_server_loses_nothing_and_every_mail_arrives_once_when_it_is_back(
    make_letter, office, smtp, time_machine
):
    smtp.stop()
    make_letter("approval", hal="Undangan Musrenbang Desa")
    make_letter("approval", hal="Laporan Bulanan Kecamatan")
    make_letter("revision", hal="Permohonan Data Penduduk")
    expected = _outbox()
    assert sum(expected.values()) == 9
    subjek = "[SOP Surat] Surat menunggu persetujuan: Undangan Musrenbang Desa"
    assert expected[("sekcam@mojoanyar.example", subjek)] == 1

    hasil = outbox.kirim_antrean()

    assert (hasil.terkirim, hasil.ditunda, hasil.gagal) == (0, 9, 0)
    assert smtp.inbox.messages == []
    for surel in SurelKeluar.objects.all():
        assert (surel.status, surel.percobaan, surel.terkirim_pada) == (MENUNGGU, 1, None)
        assert "ConnectionRefusedError" in surel.galat_terakhir
        assert surel.coba_lagi_pada > timezone.now()
    assert str(outbox.kirim_antrean()) == (  # nothing is due before its backoff has passed
        "0 surel terkirim, 0 ditunda untuk dicoba lagi, 0 gagal permanen."
    )

    smtp.start()
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=30))
    assert outbox.kirim_antrean().terkirim == 0  # the first retry waits one minute
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=31))
    out = io.StringIO()
    call_command("kirim_surel", stdout=out)

    assert out.getvalue().strip() == (
        "9 surel terkirim, 0 ditunda untuk dicoba lagi, 0 gagal permanen."
    )
    assert smtp.inbox.received() == expected
    assert set(SurelKeluar.objects.values_list("status", flat=True)) == {TERKIRIM}
    assert not SurelKeluar.objects.filter(terkirim_pada=None).exists()

    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    assert outbox.kirim_antrean().terkirim == 0  # a second drain sends nothing new
    assert smtp.inbox.received() == expected


def test_a_rolled_back_action_leaves_no_mail(make_letter, office, smtp):
    letter = make_letter("draft")
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.submit(letter, by=office["pelaksana"])
        assert SurelKeluar.objects.filter(kepada="kasubbag@mojoanyar.example").exists()
        raise RuntimeError("listrik padam sebelum selesai")

    assert not SurelKeluar.objects.exists()
    assert not Notifikasi.objects.exists()
    assert outbox.kirim_antrean().terkirim == 0
    assert smtp.inbox.messages == []


def test_a_committed_action_has_its_mail_before_anything_runs_after_the_commit(
    make_letter, office, smtp, django_capture_on_commit_callbacks
):
    letter = make_letter("draft")
    # Callbacks are captured, not run: as if the process died right after the commit.
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        actions.submit(letter, by=office["pelaksana"])

    assert after_commit == [tasks.jadwalkan_pengiriman]  # only the nudge to the worker
    (surel,) = SurelKeluar.objects.all()
    assert (surel.kepada, surel.status) == ("kasubbag@mojoanyar.example", MENUNGGU)
    assert surel.notifikasi.user == office["kasubbag"]
    outbox.kirim_antrean()  # the periodic drain finds it
    ((rcpt, subject, body, _id),) = smtp.inbox.messages
    assert rcpt == "kasubbag@mojoanyar.example"
    assert subject == f"[SOP Surat] Surat menunggu nomor: {letter.hal}"
    assert f"/surat/{letter.public_id}/" in body


def test_the_click_asks_the_worker_which_delivers_the_mail(
    make_letter, office, smtp, worker, django_capture_on_commit_callbacks
):
    letter = make_letter("draft")
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit(letter, by=office["pelaksana"])
    assert smtp.inbox.messages == []  # the click only wrote it and asked the worker
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    worker()

    assert [m[0] for m in smtp.inbox.messages] == ["kasubbag@mojoanyar.example"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert SurelKeluar.objects.get().status == TERKIRIM


def test_a_dead_mail_server_neither_breaks_the_click_nor_loses_the_mail(
    make_letter, office, smtp, worker, django_capture_on_commit_callbacks
):
    smtp.stop()
    letter = make_letter("draft")
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.submit(letter, by=office["pelaksana"]).status == "numbering"
    worker()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    surel = SurelKeluar.objects.get()
    assert (surel.status, surel.percobaan) == (MENUNGGU, 1)
    assert surel.galat_terakhir


def test_retries_back_off_to_hourly_and_give_up_after_a_day_telling_the_admins(
    make_letter, smtp, caplog
):
    smtp.stop()
    make_letter("numbering")
    surel = SurelKeluar.objects.get()
    now = timezone.now()
    waits = []
    with caplog.at_level(logging.WARNING, logger="approvals.surel"):
        while surel.status == MENUNGGU:
            outbox.kirim_antrean(now=now)
            surel.refresh_from_db()
            if surel.status == MENUNGGU:
                waits.append(round((surel.coba_lagi_pada - now).total_seconds() / 60))
                now = surel.coba_lagi_pada

    assert waits == [1, 2, 4, 8, 16, 32] + [60] * 23  # minutes between attempts
    assert (surel.status, surel.percobaan) == (GAGAL, outbox.MAKS_PERCOBAAN)
    assert datetime.timedelta(hours=23) < now - surel.dibuat < datetime.timedelta(hours=25)
    (error,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "kasubbag@mojoanyar.example" in error.getMessage()
    assert "gagal permanen setelah 30 percobaan" in error.getMessage()
    smtp.start()
    assert outbox.kirim_antrean(now=now + datetime.timedelta(days=1)).terkirim == 0
    assert smtp.inbox.messages == []


def test_an_address_the_server_refuses_for_good_is_not_retried_and_others_still_go(
    make_letter, smtp, caplog
):
    smtp.inbox.refuse.add("kasi@mojoanyar.example")
    make_letter("review")  # tells kasubbag (Ajukan), then kasi (Beri Nomor)

    with caplog.at_level(logging.ERROR, logger="approvals.surel"):
        hasil = outbox.kirim_antrean()

    assert (hasil.terkirim, hasil.ditunda, hasil.gagal) == (1, 0, 1)
    assert [m[0] for m in smtp.inbox.messages] == ["kasubbag@mojoanyar.example"]
    refused = SurelKeluar.objects.get(kepada="kasi@mojoanyar.example")
    assert refused.status == GAGAL and "550" in refused.galat_terakhir
    assert "kasi@mojoanyar.example" in caplog.text


def test_the_admin_sees_the_outbox_read_only_and_can_send_failed_mail_again(
    make_letter, smtp, login, django_capture_on_commit_callbacks
):
    smtp.inbox.refuse.add("kasi@mojoanyar.example")
    make_letter("review")
    outbox.kirim_antrean()
    client = login("admin")
    url = reverse("admin:approvals_surelkeluar_changelist")

    page = client.get(url).content.decode()
    assert "Gagal permanen" in page and "Terkirim" in page
    assert "550 5.1.1 Mailbox unavailable" in page
    assert client.get(reverse("admin:approvals_surelkeluar_add")).status_code == 403
    refused = SurelKeluar.objects.get(status=GAGAL)
    change = client.get(reverse("admin:approvals_surelkeluar_change", args=[refused.pk]))
    assert 'name="_save"' not in change.content.decode()

    smtp.inbox.refuse.clear()  # the address was fixed at the mail server
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "action": "kirim_ulang",
                "index": 0,
                "_selected_action": list(SurelKeluar.objects.values_list("pk", flat=True)),
            },
            follow=True,
        )
    assert "1 surel dimasukkan kembali ke antrean" in response.content.decode()
    outbox.kirim_antrean()
    assert smtp.inbox.received() == _outbox()  # each exactly once, the sent one not again


def test_a_task_queued_before_the_outbox_is_still_delivered_once(make_letter, smtp, worker):
    make_letter("numbering")
    note = Notifikasi.objects.get()
    SurelKeluar.objects.all().delete()  # as before the outbox: only the task knew of the mail

    kirim_email.enqueue(note.pk)
    kirim_email.enqueue(note.pk)  # queued twice, delivered once
    worker()

    assert [m[0] for m in smtp.inbox.messages] == ["kasubbag@mojoanyar.example"]
    assert SurelKeluar.objects.get().notifikasi == note


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two simultaneous workers are shown on PostgreSQL; SQLite serialises all writers",
)
def test_two_drains_at_once_send_each_mail_once(smtp):
    SurelKeluar.objects.bulk_create(
        SurelKeluar(kepada=f"pegawai{i % 5}@mojoanyar.example", subjek=f"Surat {i}", isi="Isi")
        for i in range(40)
    )
    smtp.inbox.delay = 0.005  # keep both workers busy at the same time
    results = run_together(2, lambda _i: outbox.kirim_antrean())

    assert all(isinstance(r, outbox.Hasil) for r in results), results
    assert sum(r.terkirim for r in results) == 40
    assert smtp.inbox.received() == _outbox()
    assert len(smtp.inbox.messages) == 40
    assert set(SurelKeluar.objects.values_list("status", flat=True)) == {TERKIRIM}
