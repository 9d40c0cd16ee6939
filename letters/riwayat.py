"""A letter's history (LetterEvent) as a hash chain, and its check.

Each event stores ``hash_sebelumnya``, the ``hash`` of the previous event of the same
letter ("" for the first), and ``hash``, the SHA-256 of the event's canonical content,
which includes ``hash_sebelumnya``. Changing, removing or reordering an event, or moving
it to another letter, breaks the chain. The database itself refuses UPDATE and DELETE on
the events (triggers installed by migration 0005, see letters.triggers); the chain lets
anyone holding a copy of the rows show that nothing was rewritten behind the triggers.

Canonical form (enough to recompute the chain without this code)
-----------------------------------------------------------------
The events of one letter are taken in the order (``waktu``, ``id``). For each event,
build this JSON object of eleven members::

    aksi             text     LetterEvent.aksi, e.g. "submit"
    catatan          text     LetterEvent.catatan (may be "")
    dari             text     status before the step (may be "")
    hash_sebelumnya  text     "" for the first event, else the previous event's ``hash``
    hash_versi       text     LetterEvent.hash_versi (64 lowercase hex digits)
    ke               text     status after the step
    oleh_id          integer  id of the acting user (LetterEvent.oleh_id)
    public_id        text     the letter's public_id: lowercase UUID with hyphens,
                              e.g. "0b5a9c1e-4f7d-4e0b-9a51-7f8e2c3d4b6a"
    sebagai          text     the capacity the user acted in (may be "")
    versi            integer  LetterEvent.versi
    waktu            text     LetterEvent.waktu in UTC, always with microseconds:
                              "YYYY-MM-DDTHH:MM:SS.ffffffZ", e.g. "2026-03-02T01:00:00.000000Z"

Serialise it as Python's ``json.dumps(obj, sort_keys=True, ensure_ascii=False,
separators=(",", ":"))`` does: members sorted by name, no whitespace, non-ASCII characters
written as themselves (not ``\\u`` escapes), the usual JSON escapes for ``"``, ``\\`` and
control characters (lowercase hex in ``\\u00XX``). Encode the text as UTF-8; ``hash`` is
the SHA-256 of those bytes in lowercase hex. Example (one line)::

    {"aksi":"create","catatan":"","dari":"","hash_sebelumnya":"","hash_versi":"9f…",
     "ke":"draft","oleh_id":3,"public_id":"0b5a…","sebagai":"Pelaksana …","versi":1,
     "waktu":"2026-03-02T01:00:00.000000Z"}

``waktu`` is set by ``catat`` before the row is written (never by the database), with
microseconds, which both SQLite and PostgreSQL store and return unchanged. ``catat``
never gives an event an earlier ``waktu`` than its predecessor, so the (``waktu``, ``id``)
order is the order the chain was made in.

What the chain cannot show on its own: that the newest events were not removed (the
triggers refuse that; a copy of the last hash kept elsewhere would prove it).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.models import Letter, LetterEvent
from organisasi.tanggal import waktu_angka


def format_waktu(waktu: datetime.datetime) -> str:
    """The canonical text of an event time: UTC, with microseconds, ending in "Z"."""
    if timezone.is_naive(waktu):
        raise ValueError("waktu must be an aware datetime")
    return waktu.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def kanonik(
    *,
    public_id,
    aksi: str,
    dari: str,
    ke: str,
    oleh_id: int,
    sebagai: str,
    catatan: str,
    versi: int,
    hash_versi: str,
    waktu: datetime.datetime,
    hash_sebelumnya: str,
) -> bytes:
    """The canonical bytes of one event (see the module docstring)."""
    content = {
        "public_id": str(public_id),
        "aksi": str(aksi),
        "dari": str(dari),
        "ke": str(ke),
        "oleh_id": int(oleh_id),
        "sebagai": str(sebagai),
        "catatan": str(catatan),
        "versi": int(versi),
        "hash_versi": str(hash_versi),
        "waktu": format_waktu(waktu),
        "hash_sebelumnya": str(hash_sebelumnya),
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def hitung_hash(event: LetterEvent, public_id) -> str:
    """Recompute the hash of ``event`` (of the letter with ``public_id``) from its fields."""
    canonical = kanonik(
        public_id=public_id,
        aksi=event.aksi,
        dari=event.dari,
        ke=event.ke,
        oleh_id=event.oleh_id,
        sebagai=event.sebagai,
        catatan=event.catatan,
        versi=event.versi,
        hash_versi=event.hash_versi,
        waktu=event.waktu,
        hash_sebelumnya=event.hash_sebelumnya,
    )
    return hashlib.sha256(canonical).hexdigest()


def catat(
    letter: Letter,
    *,
    aksi: str,
    dari: str,
    ke: str,
    oleh,
    sebagai: str,
    catatan: str,
    versi: int,
    hash_versi: str,
    simpan_sejak: bool = True,
) -> LetterEvent:
    """Append an event to the letter's history, chained to the previous one.

    The caller holds the letter's row lock (select_for_update) in the current
    transaction, or has just created the letter in it: no one else can add an event to
    this letter meanwhile, so the previous event read here stays the previous one.

    A move to another state sets ``letter.sejak`` to the event's time, and writes it
    unless ``simpan_sejak`` is False (the caller saves the letter afterwards).
    """
    previous = (
        LetterEvent.objects.filter(letter_id=letter.pk)
        .order_by("-waktu", "-pk")
        .only("waktu", "hash")
        .first()
    )
    waktu = timezone.now()
    if previous is not None and previous.waktu > waktu:
        waktu = previous.waktu  # the clock went back: keep the chain's order
    event = LetterEvent(
        letter=letter,
        aksi=str(aksi),
        dari=str(dari),
        ke=str(ke),
        oleh=oleh,
        sebagai=sebagai,
        catatan=catatan,
        versi=versi,
        hash_versi=hash_versi,
        waktu=waktu,
        hash_sebelumnya=previous.hash if previous is not None else "",
    )
    event.hash = hitung_hash(event, letter.public_id)
    event.save(force_insert=True)
    if memindah_status(event.aksi):
        letter.sejak = waktu
        if simpan_sejak:
            Letter.objects.filter(pk=letter.pk).update(sejak=waktu)
    return event


def sejak_dari_riwayat(letters) -> int:
    """Derive ``Letter.sejak`` of the queryset ``letters`` from their history again (after
    a history was rewritten with the record triggers lifted, as tests backdating letters
    do). Returns how many letters were updated."""
    terakhir = (
        LetterEvent.objects.filter(letter_id=OuterRef("pk"))
        .exclude(aksi=LetterEvent.Aksi.EDIT)
        .order_by("-waktu", "-pk")
        .values("waktu")[:1]
    )
    return letters.update(sejak=Subquery(terakhir))


def memindah_status(aksi: str) -> bool:
    """Whether an event of ``aksi`` starts the letter's stay in its state (``Letter.sejak``):
    every event but an edit does (a creation, each SOP step, a return, a cancellation)."""
    return aksi != LetterEvent.Aksi.EDIT


def _label(nomor: int, event: LetterEvent) -> str:
    waktu = waktu_angka(event.waktu, detik=True)
    return _("riwayat ke-%(n)s (%(aksi)s, %(waktu)s, id %(id)s)") % {
        "n": nomor,
        "aksi": event.get_aksi_display(),
        "waktu": waktu,
        "id": event.pk,
    }


def periksa(letter_or_events: Letter | Iterable[LetterEvent]) -> list[str]:
    """Recompute the chain; return the problems found (in Indonesian), [] when intact.

    Given a Letter, its events are read (prefetched ones are used) and a letter with no
    event at all is a problem too. Given events (e.g. a copied list), they are checked as
    they are, in the (waktu, id) order, and must all belong to one letter.
    """
    if isinstance(letter_or_events, Letter):
        letter = letter_or_events
        events = list(letter.events.all())
        if not events:
            return [_("Surat ini tidak memiliki riwayat sama sekali.")]
        public_ids = {letter.pk: letter.public_id}
    else:
        events = list(letter_or_events)
        public_ids = {}
    events.sort(key=lambda e: (e.waktu, e.pk or 0))

    problems = []
    letter_ids = {e.letter_id for e in events}
    if len(letter_ids) > 1:
        problems.append(_("Riwayat yang diperiksa berasal dari lebih dari satu surat."))
    previous_hash = ""
    for nomor, event in enumerate(events, start=1):
        label = _label(nomor, event)
        if event.letter_id not in public_ids:
            public_ids[event.letter_id] = event.letter.public_id
        if event.hash_sebelumnya != previous_hash:
            if nomor == 1:
                problems.append(
                    _("%(r)s: seharusnya riwayat pertama, tetapi menunjuk riwayat sebelumnya.")
                    % {"r": label}
                )
            else:
                problems.append(
                    _(
                        "%(r)s: tidak menyambung ke riwayat sebelumnya (ada riwayat yang "
                        "dihapus, disisipkan, atau diubah)."
                    )
                    % {"r": label}
                )
        if hitung_hash(event, public_ids[event.letter_id]) != event.hash:
            problems.append(
                _("%(r)s: isinya tidak cocok dengan hash-nya (riwayat ini telah diubah).")
                % {"r": label}
            )
        previous_hash = event.hash
    return problems
