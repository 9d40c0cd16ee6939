"""Rahasia letters stay with their route; a drafter's rights follow their current assignment.

The office: every demo role, a Plt. Kasi Pemerintahan and a Plh. Sekcam, a second
Pelaksana, a Pelaksana whose assignment ended, one who moved to another kecamatan, a
Kasubbag of that other kecamatan, the superuser and an inactive Pelaksana. The letters:
every state, Biasa and Rahasia, drafted by the Pelaksana and by the three who left, plus
signing by Plt., a.n. and in ink. For every (person, letter) the checks below run
exhaustively (the space is small).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from approvals import actions, dasbor, outbox, rules
from approvals.models import Notifikasi
from approvals.pengingat import kirim_pengingat
from letters import riwayat, triggers
from letters.agenda import entries
from letters.models import Letter, LetterEvent, Status
from organisasi.models import Assignment, Peran, Position, Unit, User
from tests.conftest import DISPATCH_DATA, FORWARD, PASSWORD, advance, ensure_key, position

TODAY = timezone.localdate
START = datetime.date(2025, 1, 2)
BIASA, RAHASIA = Letter.Sifat.BIASA, Letter.Sifat.RAHASIA

# What each state waits for (DESIGN.md §2), written out here rather than read from the
# code under test. Kembalikan and Batalkan are possible in some states, but nobody is
# waited for to do them, so they do not put a letter in anyone's Kotak Masuk.
WAITS_FOR = {
    "draft": "submit",
    "revision": "resubmit",
    "numbering": "assign_number",
    "review": "paraf",
    "approval": "approve",
    "signing": "sign",
    "signed": "dispatch",
}
# Everyone holding a position in Kecamatan Mojoanyar today.
MOJOANYAR = {
    "pelaksana",
    "pelaksana2",
    "kasubbag",
    "kasi",
    "plt_kasi",
    "sekcam",
    "plh_sekcam",
    "camat",
    "plt_camat",
}
CATATAN_RAHASIA = "ganti nama saksi pada paragraf kedua"


@dataclass
class Kantor:
    users: dict[str, User]
    letters: list[Letter]
    by_hal: dict[str, Letter]


def _user(username: str, **extra) -> User:
    return User.objects.create_user(username, email=f"{username}@contoh.example", **extra)


def _assign(user, position, jenis="definitif", mulai=START, selesai=None) -> Assignment:
    return Assignment.objects.create(
        user=user, position=position, jenis=jenis, mulai=mulai, selesai=selesai
    )


def _other_kecamatan() -> dict[str, Position]:
    """A second unit tree: Kecamatan Puri with its own Kasubbag, Sekcam and Pelaksana."""
    puri = Unit.objects.create(nama="Kecamatan Puri", jenis=Unit.Jenis.KECAMATAN)
    umpeg = Unit.objects.create(nama="Umpeg Puri", jenis=Unit.Jenis.SUB_BAGIAN, induk=puri)
    camat = Position.objects.create(unit=puri, nama="Camat Puri", peran=Peran.CAMAT)
    sekcam = Position.objects.create(
        unit=puri, nama="Sekcam Puri", peran=Peran.SEKCAM, atasan=camat
    )
    kasubbag = Position.objects.create(
        unit=umpeg, nama="Kasubbag Puri", peran=Peran.KASUBBAG_UMPEG, atasan=sekcam
    )
    pelaksana = Position.objects.create(
        unit=umpeg, nama="Pelaksana Puri", peran=Peran.PELAKSANA, atasan=kasubbag
    )
    return {"kasubbag": kasubbag, "pelaksana": pelaksana}


def _advance(letter: Letter, state: str, office, drafter) -> Letter:
    """conftest.advance, with the drafter (not the demo Pelaksana) submitting and sending."""
    if state in ("revision", "cancelled"):
        return advance(_advance(letter, "review", office, drafter), state, office)
    for target, action, username in FORWARD:
        if letter.status == state:
            break
        kwargs = DISPATCH_DATA() if action == "dispatch" else {}
        if action in ("paraf", "approve", "sign"):
            kwargs = {"versi": letter.versi}
        by = drafter if action in ("submit", "dispatch") else office[username]
        if action == "sign" and drafter != office["pelaksana"]:
            # Signing makes a real PAdES PDF (slow); for the leavers' letters only the
            # state matters, so they are put at "signed" as if the Camat had signed.
            Letter.objects.filter(pk=letter.pk).update(status=target)
            letter = Letter.objects.get(pk=letter.pk)
            continue
        if action == "sign":
            by = office["plt_camat" if letter.cara_ttd == "plt" else "camat"]
            kwargs["passphrase"] = PASSWORD
            ensure_key(by)
        letter = getattr(actions, action)(letter, by=by, **kwargs)
        assert letter.status == target
    assert letter.status == state
    return Letter.objects.get(pk=letter.pk)


def _build(office, make_letter) -> Kantor:
    users = dict(office)
    for name in ("pelaksana2", "plt_kasi", "plh_sekcam", "mantan", "pindahan", "nonaktif"):
        users[name] = _user(name)
    users["luar_kasubbag"] = _user("luar_kasubbag")
    pelaksana_pos = position("Pelaksana Sub Bagian Umum dan Kepegawaian")
    _assign(users["pelaksana2"], pelaksana_pos)
    _assign(users["plt_kasi"], position("Kepala Seksi Pemerintahan"), "plt")
    _assign(
        users["plh_sekcam"],
        position("Sekretaris Kecamatan"),
        "plh",
        mulai=TODAY(),
        selesai=TODAY() + datetime.timedelta(days=3),
    )
    leavers = {n: _assign(users[n], pelaksana_pos) for n in ("mantan", "pindahan", "nonaktif")}
    puri = _other_kecamatan()
    _assign(users["luar_kasubbag"], puri["kasubbag"])

    letters: list[Letter] = []

    def make(state, sifat, by="pelaksana", **overrides):
        """A letter in ``state``; its drafter submits and sends it in person."""
        hal = f"HAL-{len(letters):03d}-{state}-{sifat}"
        letter = make_letter("draft", by=users[by], sifat=sifat, hal=hal, **overrides)
        letters.append(_advance(letter, state, office, users[by]))
        return letters[-1]

    for sifat in (BIASA, RAHASIA):
        for state in Status.values:
            make(state, sifat)
            make(state, sifat, by="mantan")
        for state in ("draft", "revision", "signed"):
            make(state, sifat, by="pindahan")
            make(state, sifat, by="nonaktif")
        make("signing", sifat, cara_ttd=Letter.CaraTtd.PLT)
        make("signing", sifat, ttd_manual=True, alasan_ttd_manual="Server TTE sedang gangguan")
        make(
            "signing",
            sifat,
            penandatangan=position("Sekretaris Kecamatan"),
            cara_ttd=Letter.CaraTtd.AN,
        )
    secret = make("review", RAHASIA)
    actions.return_for_revision(secret, by=users["kasi"], catatan=CATATAN_RAHASIA)

    # Then people leave: an assignment ends, a move to Puri, an account switched off.
    yesterday = TODAY() - datetime.timedelta(days=1)
    for name in ("mantan", "pindahan"):
        Assignment.objects.filter(pk=leavers[name].pk).update(selesai=yesterday)
    _assign(users["pindahan"], puri["pelaksana"], mulai=TODAY())
    User.objects.filter(pk=users["nonaktif"].pk).update(is_active=False)

    fresh = {name: User.objects.get(pk=u.pk) for name, u in users.items()}  # no cached rights
    loaded = list(
        Letter.objects.filter(pk__in=[x.pk for x in letters]).select_related(
            "unit", "posisi_pembuat", "agenda"
        )
    )
    return Kantor(fresh, loaded, {x.hal: x for x in loaded})


@pytest.fixture
def kantor(office, make_letter) -> Kantor:
    return _build(office, make_letter)


def _may_act_now(user, letter) -> bool:
    action = WAITS_FOR.get(letter.status)
    return action is not None and rules.capacity(user, action, letter) is not None


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def _who(kantor, pred) -> set[str]:
    return {name for name, user in kantor.users.items() if pred(user)}


# Who may open any Rahasia letter of the demo office besides its drafter (Kasubbag, the
# Pejabat Pengawas and its Plt., Sekcam and its Plh., the holders of the Camat position).
ROUTE_OF_RAHASIA = {"kasubbag", "kasi", "plt_kasi", "sekcam", "plh_sekcam", "camat", "plt_camat"}
# (state, sifat, drafter, who finds it in their Kotak Masuk, who may open it)
EXPECTED = [
    # The probe: a signed Rahasia letter is sent by its drafter, not every Pelaksana.
    ("signed", RAHASIA, "pelaksana", {"pelaksana"}, ROUTE_OF_RAHASIA | {"pelaksana"}),
    ("signed", BIASA, "pelaksana", {"pelaksana", "pelaksana2"}, MOJOANYAR | {"admin"}),
    ("review", RAHASIA, "pelaksana", {"kasi", "plt_kasi"}, ROUTE_OF_RAHASIA | {"pelaksana"}),
    ("sent", RAHASIA, "pelaksana", set(), ROUTE_OF_RAHASIA | {"pelaksana"}),
    # Drafters who left keep no rights to their letters; their successors carry them on.
    ("draft", BIASA, "mantan", set(), MOJOANYAR | {"admin"}),
    ("draft", RAHASIA, "mantan", set(), ROUTE_OF_RAHASIA),
    ("revision", BIASA, "pindahan", set(), MOJOANYAR | {"admin"}),
    ("signed", BIASA, "pindahan", {"pelaksana", "pelaksana2"}, MOJOANYAR | {"admin"}),
    ("signed", RAHASIA, "pindahan", set(), ROUTE_OF_RAHASIA),
    ("revision", RAHASIA, "nonaktif", set(), ROUTE_OF_RAHASIA),
]


def _letter(kantor, state, sifat, by, cara_ttd="langsung") -> Letter:
    return next(
        x
        for x in kantor.letters
        if x.status == state
        and x.sifat == sifat
        and x.pembuat_id == kantor.users[by].pk
        and x.cara_ttd == cara_ttd
        and not x.ttd_manual
    )


def test_kotak_masuk_and_lists_follow_the_one_rule_for_every_person_and_letter(kantor, client):
    """For every (person, letter): in my Kotak Masuk ⇔ I may act on it now; in my lists ⇔
    I may view it; and the rule itself gives the expected people for sample letters."""
    every = {x.pk for x in kantor.letters}
    numbered = {x.pk for x in kantor.letters if getattr(x, "agenda", None)}
    for name, user in kantor.users.items():
        inbox = _ids(Letter.objects.filter(rules.inbox_filter(user))) & every
        acts = {x.pk for x in kantor.letters if _may_act_now(user, x)}
        assert inbox == acts, (name, {x.hal for x in kantor.letters if x.pk in inbox ^ acts})
        visible = _ids(Letter.objects.filter(rules.visible_filter(user))) & every
        sees = {x.pk for x in kantor.letters if rules.may_view(user, x)}
        assert visible == sees, (name, {x.hal for x in kantor.letters if x.pk in visible ^ sees})
        assert inbox <= visible, name  # nobody is asked to act on a letter they cannot open
        saya = _ids(Letter.objects.filter(rules.surat_saya_filter(user))) & every
        acted = {x.pk for x in kantor.letters if x.events.filter(oleh=user).exists()}
        # Drafting is the first step of a letter's history, by its drafter.
        assert {x.pk for x in kantor.letters if x.pembuat_id == user.pk} <= acted, name
        assert saya == acted & sees, (name, {x.hal for x in kantor.letters if x.pk in saya ^ acted})
        assert {
            e.letter_id for e in entries(rules.unit_terlihat(user), rules.surat_tersembunyi(user))
        } & every == sees & numbered, name
        # The Kotak Masuk page, its count and the header badge say the same.
        client.force_login(user)
        response = client.get("/")
        if not user.is_active:
            assert response.status_code == 302, name  # logged out
            continue
        html = response.content.decode()
        shown = set(re.findall(r"<strong>(HAL-[^<]+)</strong>", html))
        assert shown == {x.hal for x in kantor.letters if x.pk in acts}, name
        assert re.search(rf'<span class="n">{len(acts)}</span> Semua', html), name
        if acts:
            assert f'aria-label="{len(acts)} surat menunggu"' in html, name
        else:
            assert "surat menunggu" not in html, name

    for state, sifat, by, acts, sees in EXPECTED:
        letter = _letter(kantor, state, sifat, by)
        assert _who(kantor, lambda u, x=letter: _may_act_now(u, x)) == acts, letter.hal
        assert _who(kantor, lambda u, x=letter: rules.may_view(u, x)) == sees, letter.hal
    # Signed a.n. by the Sekcam: the Camat is not on this letter's route.
    an = _letter(kantor, "signing", RAHASIA, "pelaksana", cara_ttd="an")
    assert _who(kantor, lambda u: _may_act_now(u, an)) == {"sekcam"}
    seen = _who(kantor, lambda u: rules.may_view(u, an))
    assert seen == {"pelaksana", "kasubbag", "kasi", "plt_kasi", "sekcam", "plh_sekcam"}


def _secrets(kantor) -> list[str]:
    """What must never leave the app about a Rahasia letter: its Hal, number, notes."""
    found = [CATATAN_RAHASIA]
    for letter in kantor.letters:
        if letter.sifat == RAHASIA:
            found.append(letter.hal)
            if letter.nomor:
                found.append(letter.nomor)
    return found


def test_notifications_e_mails_reminders_and_the_dasbor_follow_the_same_rule(
    kantor, settings, login, monkeypatch
):
    # Who was told while the letters moved: never a Pelaksana outside a Rahasia route.
    for note in Notifikasi.objects.select_related("letter", "user"):
        if note.letter.sifat == RAHASIA:
            username = note.user.username
            assert username in ROUTE_OF_RAHASIA | {"pelaksana", "mantan", "pindahan", "nonaktif"}
            if username != "pelaksana" and username not in ROUTE_OF_RAHASIA:
                assert note.letter.pembuat_id == note.user_id  # their own, before they left
    pelaksana2 = kantor.users["pelaksana2"]
    assert not Notifikasi.objects.filter(user=pelaksana2, letter__sifat=RAHASIA).exists()

    # Every waiting letter becomes overdue: reminders go out, e-mails are sent.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Unit.objects.update(hitung_jam_kerja=False)
    with triggers.suspended():
        LetterEvent.objects.update(waktu=timezone.now() - datetime.timedelta(days=2))
    riwayat.sejak_dari_riwayat(Letter.objects.all())
    since = Notifikasi.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert kirim_pengingat() > 0
    outbox.kirim_antrean()

    reminders = Notifikasi.objects.filter(pk__gt=since)
    for letter in kantor.letters:  # exactly the people in whose Kotak Masuk it is
        told = set(reminders.filter(letter=letter).values_list("user__username", flat=True))
        if letter.status == "draft":  # a draft is not late before it is submitted
            assert told == set(), letter.hal
            continue
        assert told == _who(kantor, lambda u, x=letter: _may_act_now(u, x)), letter.hal

    notes = list(Notifikasi.objects.select_related("letter", "user"))
    rahasia_notes = [n for n in notes if n.letter.sifat == RAHASIA]
    assert rahasia_notes and len(mail.outbox) == len([n for n in notes if n.user.email])
    for note in rahasia_notes:
        assert note.judul == "Ada surat rahasia untuk Anda"
        assert f"/surat/{note.letter.public_id}/" in note.pesan
        for word in ("Perbaiki", "Tidak jadi", "Catatan", "Pengingat"):
            assert word not in note.pesan
    secrets = _secrets(kantor)
    texts = [f"{n.judul}\n{n.pesan}" for n in notes]
    texts += [f"{m.subject}\n{m.body}" for m in mail.outbox]
    for text in texts:
        for secret in secrets:
            assert secret not in text
    biasa = next(n for n in notes if n.letter.sifat == BIASA and n.judul.startswith("Pengingat"))
    assert biasa.letter.hal in biasa.judul  # a Biasa letter's reminder still names it

    # The Dasbor's overdue list: only letters the viewer may see.
    unit = Unit.objects.get(nama="Kecamatan Mojoanyar")
    waiting = [x for x in kantor.letters if x.status in WAITS_FOR and x.status != "draft"]
    for name in ("camat", "sekcam", "kasubbag", "plt_camat", "plh_sekcam"):
        user = kantor.users[name]
        rows = {r["letter"].pk for r in dasbor.overdue_letters(unit, user=user)}
        assert rows == {x.pk for x in waiting if rules.may_view(user, x)}, name
    an = _letter(kantor, "signing", RAHASIA, "pelaksana", cara_ttd="an")
    monkeypatch.setattr(dasbor, "BATAS_TERLAMBAT", len(waiting))  # the page shows them all
    assert an.hal not in login("camat").get("/dasbor/").content.decode()
    assert an.hal in login("sekcam").get("/dasbor/").content.decode()


def test_a_drafter_who_left_can_no_longer_touch_or_hear_of_their_letters(kantor, client):
    for name in ("mantan", "pindahan"):
        user = kantor.users[name]
        mine = {x.status + x.sifat: x for x in kantor.letters if x.pembuat_id == user.pk}
        client.force_login(user)
        for letter in mine.values():
            assert client.get(f"/surat/{letter.public_id}/").status_code == 403, name
            assert client.get(f"/surat/{letter.public_id}/ubah/").status_code == 403, name
        with pytest.raises(PermissionDenied):
            actions.submit(mine["draft" + BIASA], by=user)
        with pytest.raises(PermissionDenied):
            actions.resubmit(mine["revision" + BIASA], by=user)
        with pytest.raises(PermissionDenied):
            actions.dispatch(mine["signed" + RAHASIA], by=user, **DISPATCH_DATA())
        assert "HAL-" not in client.get("/").content.decode()
        assert "HAL-" not in client.get("/agenda/").content.decode()
    # A successor sends the Biasa letter; the drafter who left is not told any more.
    mantan = kantor.users["mantan"]
    letter = _letter(kantor, "signed", BIASA, "mantan")
    before = Notifikasi.objects.filter(user=mantan).count()
    actions.dispatch(letter, by=kantor.users["pelaksana2"], **DISPATCH_DATA())
    assert Notifikasi.objects.filter(user=mantan).count() == before


def test_a_drafter_moved_within_the_kecamatan_keeps_their_drafts(office, make_letter):
    """Moving to another position of the same kecamatan is not leaving it."""
    draft = make_letter("draft", hal="Konsep sebelum mutasi", sifat=RAHASIA)
    pelaksana = office["pelaksana"]
    Assignment.objects.filter(user=pelaksana).update(selesai=TODAY() - datetime.timedelta(days=1))
    _assign(pelaksana, position("Kepala Seksi Ketenteraman dan Ketertiban Umum"), mulai=TODAY())
    moved = User.objects.get(pk=pelaksana.pk)
    assert rules.may_view(moved, draft)
    assert Letter.objects.filter(rules.inbox_filter(moved), pk=draft.pk).exists()
    letter = actions.submit(draft, by=moved)
    assert letter.events.get(aksi="submit").sebagai == (
        "Kepala Seksi Ketenteraman dan Ketertiban Umum"
    )


def test_the_index_of_rahasia_letters_covers_exactly_the_rahasia_classes():
    """The Agenda finds a unit's hidden letters through a partial index; its condition
    must name the same classes as the rule, or the database would scan the unit."""
    from letters.models import SIFAT_RAHASIA

    (indeks,) = (i for i in Letter._meta.indexes if i.name == "surat_rahasia_per_unit_isi")
    assert indeks.condition == Q(sifat__in=tuple(str(s) for s in SIFAT_RAHASIA))


@pytest.mark.parametrize("didaftar", [0, 1, 5000], ids=["subkueri", "satu", "daftar"])
def test_the_agenda_hides_the_same_letters_however_many_there_are(kantor, monkeypatch, didaftar):
    """The Agenda names the hidden Rahasia letters in its query up to a bound, and falls
    back to a subquery past it: every person sees the same lines either way."""
    from letters import agenda

    monkeypatch.setattr(agenda, "TERSEMBUNYI_DIDAFTAR", didaftar)
    every = {x.pk for x in kantor.letters}
    numbered = {x.pk for x in kantor.letters if getattr(x, "agenda", None)}
    tersembunyi_ada = False
    for name, user in kantor.users.items():
        tersembunyi_ada |= rules.surat_tersembunyi(user).filter(agenda__isnull=False).exists()
        sees = {x.pk for x in kantor.letters if rules.may_view(user, x)}
        lines = entries(rules.unit_terlihat(user), rules.surat_tersembunyi(user))
        assert {e.letter_id for e in lines} & every == sees & numbered, name
    assert tersembunyi_ada, "no numbered letter is hidden from anyone: nothing was tested"
