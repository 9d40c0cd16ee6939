"""Every main page costs the same number of SQL queries with a few letters as with many,
and stays under 150 KB with many: lists are paged, and a letter's page does not grow with
its history.

The office is filled once for the whole module, the SOP way (``advance``): building a
hundred letters for each page would take minutes. ``kantor_terisi`` fills it to the size
"sedikit", measures every page, fills it on to "banyak" and hands over; each test then
measures its page again and compares. All of it runs in one transaction that is rolled
back at the end, as Django's ``setUpTestData`` does.
"""

from __future__ import annotations

import datetime
import difflib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from approvals import actions
from approvals.demo import load_demo
from letters import agenda
from letters.models import AgendaEntry, Letter, SignedDocument, Status
from organisasi.models import Unit
from tests.conftest import (
    DISPATCH_DATA,
    FORWARD,
    PASSWORD,
    advance,
    current_version,
    ensure_key,
    letter_data,
    position,
    recipients,
)

# Joins in one query, at most: PostgreSQL's planning grows quickly with every table (the
# letter page's letter, joined to eight tables, took 7 ms to plan and 0.3 ms to run; the
# verification page's document, joined to six, 2.5 ms).
BATAS_JOIN = 6
BATAS_UKURAN = 150_000  # bytes of HTML
PER_HALAMAN = 25  # Kotak Masuk, Surat Saya: more than a page of letters at "banyak"


# --- the data ----------------------------------------------------------------------------


@dataclass
class Kantor:
    """The demo office and the letters the pages are opened on, at the current size."""

    users: dict
    media: Path  # MEDIA_ROOT of the module: the signed PDFs, the attachments
    surat_terkirim: Letter | None = None  # the letter page: few vs many versions
    surat_ttd: Letter | None = None  # the same, waiting for the Camat's signature


# (state, overrides) of the letters at "sedikit": every state, every way of signing and
# every marker once, so that any query a kind of letter needs is already counted here.
SEDIKIT = [
    ("draft", {}),
    ("numbering", {"kecepatan": Letter.Kecepatan.SEGERA}),
    ("review", {"sifat": Letter.Sifat.RAHASIA}),
    ("review", {"jenis": Letter.Jenis.UNDANGAN}),
    ("approval", {"sifat": Letter.Sifat.TERBATAS}),
    ("signing", {"kecepatan": Letter.Kecepatan.SANGAT_SEGERA}),
    ("signing", {"cara_ttd": Letter.CaraTtd.PLT}),
    ("signing", {"cara_ttd": Letter.CaraTtd.AN, "penandatangan": "Sekretaris Kecamatan"}),
    ("signed", {}),
    ("sent", {"jenis": Letter.Jenis.UNDANGAN}),
    ("revision", {}),
    ("cancelled", {}),
]
# At "banyak": a page and more of letters waiting at each step, with the same variety.
BANYAK_PER_LANGKAH = PER_HALAMAN + 2
VARIASI = [
    {},
    {"kecepatan": Letter.Kecepatan.SEGERA},
    {"jenis": Letter.Jenis.UNDANGAN},
    {"sifat": Letter.Sifat.RAHASIA},
    {"cara_ttd": Letter.CaraTtd.PLT},
    {"sifat": Letter.Sifat.TERBATAS, "kecepatan": Letter.Kecepatan.SANGAT_SEGERA},
    {"cara_ttd": Letter.CaraTtd.AN, "penandatangan": "Sekretaris Kecamatan"},
]
BANYAK_LAIN = ["signed", "signed", "sent", "sent", "revision", "revision", "cancelled"]
TOPIK = ["Rapat Koordinasi", "Pendataan Penduduk", "Musrenbang", "Kerja Bakti", "Posyandu"]


def _surat(kantor: Kantor, state: str, i: int, **overrides) -> Letter:
    if "penandatangan" in overrides:
        overrides["penandatangan"] = position(overrides["penandatangan"])
    hal = f"{TOPIK[i % len(TOPIK)]} Desa nomor {i}"
    letter = actions.create_letter(
        by=kantor.users["pelaksana"], data=letter_data(hal=hal, **overrides), penerima=recipients()
    )
    return advance(letter, state, kantor.users)


def _pdf(halaman: int) -> SimpleUploadedFile:
    writer = PdfWriter()
    for _ in range(halaman):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"lampiran-{halaman}.pdf", buffer.getvalue(), "application/pdf")


def _ubah(kantor: Kantor, letter: Letter, i: int) -> Letter:
    """One edit by the drafter: a new version, and a new attachment."""
    pelaksana = kantor.users["pelaksana"]
    data = letter_data(hal="Surat dengan riwayat panjang", isi=f"<p>Perubahan ke-{i}.</p>")
    changed = actions.update_letter(
        letter,
        by=pelaksana,
        data=data,
        penerima=recipients(),
        versi_dasar=current_version(letter),
    )
    assert changed
    actions.add_attachment(Letter.objects.get(pk=letter.pk), by=pelaksana, upload=_pdf(i + 1))
    return Letter.objects.get(pk=letter.pk)


def _lanjutkan(letter: Letter, state: str, users) -> Letter:
    """``advance`` from wherever on the forward path the letter is (``advance`` starts
    from a draft; this letter comes back to review after each revision)."""
    dari = ["draft", *(target for target, _aksi, _user in FORWARD)]
    while letter.status != state:
        _target, aksi, username = FORWARD[dari.index(letter.status)]
        kwargs = {"versi": letter.versi} if aksi in ("paraf", "approve", "sign") else {}
        if aksi == "sign":
            kwargs["passphrase"] = PASSWORD
            ensure_key(users[username])
        elif aksi == "dispatch":
            kwargs = DISPATCH_DATA()
        letter = getattr(actions, aksi)(letter, by=users[username], **kwargs)
    return Letter.objects.get(pk=letter.pk)


def _surat_berriwayat(kantor: Kantor, state: str, putaran: int) -> Letter:
    """A letter edited ``putaran`` times (each edit a version and an attachment), sent
    back for revision before every edit after the first, then taken to ``state``: its
    page lists that many versions, attachments and rounds of steps."""
    letter = actions.create_letter(
        by=kantor.users["pelaksana"],
        data=letter_data(hal="Surat dengan riwayat panjang"),
        penerima=recipients(),
    )
    letter = _ubah(kantor, letter, 0)
    for i in range(1, putaran):
        letter = _lanjutkan(letter, "review", kantor.users)
        letter = actions.return_for_revision(
            letter, by=kantor.users["kasi"], catatan=f"Perbaiki bagian {i}."
        )
        letter = _ubah(kantor, letter, i)
        letter = actions.resubmit(letter, by=kantor.users["pelaksana"])
    return _lanjutkan(letter, state, kantor.users)


def isi_kantor(kantor: Kantor, ukuran: str) -> None:
    """Fill the office to ``ukuran``: "sedikit" (a dozen letters, one of each kind) or
    "banyak" (on top of those, about 150 more: over a page waiting at every step).

    Half of the letters are a day old, so late at their step (the Dasbor's overdue table,
    the Kotak Masuk markers); the rest are fresh.
    """
    sekarang = timezone.now()
    if ukuran == "sedikit":
        rencana = [(state, ov, i) for i, (state, ov) in enumerate(SEDIKIT)]
    else:
        rencana = [
            (state, VARIASI[i % len(VARIASI)], 100 + i)
            for i in range(BANYAK_PER_LANGKAH)
            for state in ("draft", "numbering", "review", "approval", "signing")
        ]
        rencana += [(state, {}, 200 + i) for i, state in enumerate(BANYAK_LAIN)]
    for n, (state, overrides, i) in enumerate(rencana):
        waktu = sekarang - datetime.timedelta(days=1) if n % 2 else sekarang
        with time_machine.travel(waktu, tick=False):
            _surat(kantor, state, i, **overrides)
    putaran = 1 if ukuran == "sedikit" else 6
    kantor.surat_terkirim = _surat_berriwayat(kantor, "sent", putaran)
    kantor.surat_ttd = _surat_berriwayat(kantor, "signing", putaran)


def _jam_tetap() -> datetime.datetime:
    """Now, frozen for the module; moved to the morning of 3 January when now is near a
    year's turn (the letters made a day earlier must fall in the year the agenda opens
    on). Never earlier than now: the signers' certificates start today."""
    now = timezone.localtime()
    if (now.month, now.day) in ((12, 31), (1, 1), (1, 2)):
        year = now.year + 1 if now.month == 12 else now.year
        now = now.replace(year=year, month=1, day=3, hour=10, minute=0)
    return now


# --- the pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Halaman:
    nama: str
    user: str | None  # None: not logged in
    url: Callable[[Kantor], str]


def _tetap(path: str) -> Callable[[Kantor], str]:
    return lambda kantor: path


def _agenda_dalam(kantor: Kantor) -> str:
    """A deep Agenda page: the Berikutnya link of page 1 (at "sedikit", where the agenda
    fits one page, the same kind of link after its first line)."""
    client = _client(kantor, "kasubbag")
    html = client.get(reverse("letters:agenda")).content.decode()
    links = re.findall(r'href="\?([^"]*)">Berikutnya', html)
    if links:
        return f"{reverse('letters:agenda')}?{unescape(links[0])}"
    tahun = timezone.localdate().year
    first = AgendaEntry.objects.filter(tahun=tahun).order_by(*agenda.URUTAN).first()
    return f"{reverse('letters:agenda')}?tahun={tahun}&halaman=2&setelah={agenda.kunci(first)}"


def _verifikasi(kantor: Kantor) -> str:
    document = SignedDocument.objects.order_by("-pk").first()
    return reverse("verifikasi:dokumen", args=[document.kode_verifikasi])


def _surat_page(attr: str) -> Callable[[Kantor], str]:
    return lambda kantor: reverse("letters:detail", args=[getattr(kantor, attr).public_id])


def _versi_terakhir(kantor: Kantor) -> str:
    letter = kantor.surat_terkirim
    return reverse("letters:versi", args=[letter.public_id, current_version(letter)])


def _bulan_ini() -> str:
    today = timezone.localdate()
    return f"{reverse('letters:agenda')}?tahun={today.year}&bulan={today.month}"


HALAMAN = [
    Halaman("Kotak Masuk pelaksana", "pelaksana", _tetap("/")),
    Halaman("Kotak Masuk pelaksana, menunggu dikirim", "pelaksana", _tetap("/?status=signed")),
    Halaman("Kotak Masuk Kasubbag (beri nomor)", "kasubbag", _tetap("/")),
    Halaman("Kotak Masuk Kasubbag, dicari", "kasubbag", _tetap("/?q=Desa")),
    Halaman("Kotak Masuk Kasi (paraf)", "kasi", _tetap("/")),
    Halaman("Kotak Masuk Kasi, terlambat", "kasi", _tetap("/?terlambat=on")),
    Halaman("Kotak Masuk Sekcam (setujui)", "sekcam", _tetap("/")),
    Halaman(
        "Kotak Masuk Sekcam, disaring", "sekcam", _tetap("/?jenis=surat_dinas&kecepatan=biasa")
    ),
    Halaman("Kotak Masuk Camat (tandatangani)", "camat", _tetap("/")),
    Halaman("Kotak Masuk Plt. Camat", "plt_camat", _tetap("/")),
    Halaman("Surat Saya pelaksana", "pelaksana", _tetap("/surat/saya/")),
    Halaman("Surat Saya pelaksana, dicari", "pelaksana", _tetap("/surat/saya/?q=Desa")),
    Halaman("Surat Saya Kasi", "kasi", _tetap("/surat/saya/")),
    Halaman("Halaman surat terkirim", "pelaksana", _surat_page("surat_terkirim")),
    Halaman("Halaman surat menunggu tanda tangan", "camat", _surat_page("surat_ttd")),
    Halaman("Versi terakhir surat", "pelaksana", _versi_terakhir),
    Halaman("Agenda", "kasubbag", _tetap("/agenda/")),
    Halaman("Agenda Camat", "camat", _tetap("/agenda/")),
    Halaman("Agenda, dicari", "kasubbag", _tetap("/agenda/?q=Desa")),
    Halaman("Agenda, bulan ini", "kasubbag", lambda kantor: _bulan_ini()),
    Halaman("Agenda, klasifikasi", "kasubbag", _tetap("/agenda/?klasifikasi=100.2")),
    *(
        Halaman(f"Agenda, status {s}", "kasubbag", _tetap(f"/agenda/?status={s}"))
        for s in ("proses", "ditandatangani", "terkirim", "batal")
    ),
    Halaman("Agenda, halaman dalam", "kasubbag", _agenda_dalam),
    Halaman("Cetak register", "kasubbag", _tetap("/agenda/cetak/")),
    Halaman("Dasbor Camat", "camat", _tetap("/dasbor/")),
    Halaman("Dasbor Kasubbag", "kasubbag", _tetap("/dasbor/")),
    Halaman("Dasbor, surat dalam proses", "camat", _tetap("/dasbor/surat/")),
    *(
        Halaman(f"Dasbor, surat {s}", "camat", _tetap(f"/dasbor/surat/?status={s}"))
        for s in (Status.NUMBERING, Status.REVIEW, Status.APPROVAL, Status.SIGNING, Status.SIGNED)
    ),
    Halaman("Dasbor, surat terlambat", "sekcam", _tetap("/dasbor/surat/?terlambat=1")),
    Halaman("Notifikasi pelaksana", "pelaksana", _tetap("/notifikasi/")),
    Halaman("Notifikasi Camat", "camat", _tetap("/notifikasi/")),
    Halaman("Verifikasi dokumen", None, _verifikasi),
    Halaman("Tandatangani beberapa surat", "camat", _tetap("/tandatangani/")),
]


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Ukuran:
    url: str
    status: int
    sql: list[str]
    bytes: int


def _client(kantor: Kantor, username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(kantor.users[username])
    return client


def ukur(kantor: Kantor, halaman: Halaman) -> Ukuran:
    """The queries of one GET of the page (after a first GET that warms the session)."""
    client = _client(kantor, halaman.user)
    url = halaman.url(kantor)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return Ukuran(url, response.status_code, [q["sql"] for q in ctx], len(response.content))


def _bentuk(sql: str) -> str:
    """A query's shape: no column list, no values (which differ between the two sizes)."""
    sql = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", sql)
    sql = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
    sql = re.sub(r"\(\?(, \?)*\)", "(…)", sql)  # IN lists: their length is the data's
    return sql[:300]


def _beda(sedikit: Ukuran, banyak: Ukuran) -> str:
    """The queries one size makes and the other does not."""
    lines = difflib.unified_diff(
        [_bentuk(s) for s in sedikit.sql],
        [_bentuk(s) for s in banyak.sql],
        "sedikit",
        "banyak",
        lineterm="",
        n=0,
    )
    return "\n".join(list(lines)[:40])


@pytest.fixture(scope="module")
def kantor_terisi(django_db_setup, django_db_blocker, tmp_path_factory):
    """(office filled to "banyak", each page's measure at "sedikit")."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media),
        time_machine.travel(_jam_tetap(), tick=False),
        transaction.atomic(),
    ):
        kantor = Kantor(users=load_demo(PASSWORD, kunci=False), media=media)
        # Lateness counted in plain minutes: a day-old letter is late whatever the weekday.
        Unit.objects.update(hitung_jam_kerja=False)
        isi_kantor(kantor, "sedikit")
        sedikit = {h.nama: ukur(kantor, h) for h in HALAMAN}
        isi_kantor(kantor, "banyak")
        yield kantor, sedikit
        transaction.set_rollback(True)


@pytest.mark.parametrize("halaman", HALAMAN, ids=[h.nama for h in HALAMAN])
def test_the_page_costs_the_same_queries_with_many_letters_and_stays_small(
    halaman, kantor_terisi, db, settings
):
    kantor, semua_sedikit = kantor_terisi
    settings.MEDIA_ROOT = kantor.media
    sedikit, banyak = semua_sedikit[halaman.nama], ukur(kantor, halaman)
    assert sedikit.status == 200, f"{halaman.nama}: {sedikit.url} gives {sedikit.status}"
    assert banyak.status == 200, f"{halaman.nama}: {banyak.url} gives {banyak.status}"
    assert len(banyak.sql) == len(sedikit.sql), (
        f"{halaman.nama}: {len(sedikit.sql)} queries with few letters ({sedikit.url}), "
        f"{len(banyak.sql)} with many ({banyak.url})\n{_beda(sedikit, banyak)}"
    )
    joins = max(sql.count(" JOIN ") for sql in banyak.sql)
    assert joins <= BATAS_JOIN, f"{halaman.nama}: a query joins {joins + 1} tables ({banyak.url})"
    assert banyak.bytes < BATAS_UKURAN, (
        f"{halaman.nama}: {banyak.bytes} bytes with many letters ({banyak.url})"
    )
