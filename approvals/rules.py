"""Who may do what to a letter, now. The one place that answers it.

Views, templates, the state machine (``permission=`` of every transition), the Kotak
Masuk and its counters (``inbox_filter``), the agenda and other lists (``visible_filter``),
the Dasbor and the notifications all ask this module. A permission depends on the user's
*current* position assignments (definitif, Plt., Plh.) and on the letter itself, never on
a group or on having once drafted the letter.

One rule, one place: each kind of participant is an ``Actor`` whose per-letter test
(``capacity``, ``may_view``) and queryset filter (``inbox_filter``, ``visible_filter``)
are written side by side, and the Kotak Masuk is by definition the letters whose next
action (``NEXT_ACTION``) the user has a ``capacity`` for. Kembalikan and Batalkan are
allowed in several states, but nobody is waited for to do them, so they do not fill a
Kotak Masuk.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.models import (
    RAHASIA,
    SIFAT_RAHASIA,
    SIGNING_MODES,
    Letter,
    LetterEvent,
    Status,
    jenis_penugasan_ttd,
    ttd_basah,
)
from organisasi.kueri_siap import KueriSiap
from organisasi.models import (
    PERAN_PENANDATANGAN,
    PERAN_PIMPINAN,
    Assignment,
    Peran,
    Position,
    User,
)


@dataclass(frozen=True)
class Holding:
    """One position a user holds today."""

    position_id: int
    peran: str
    unit_id: int
    instansi_id: int
    jenis: str
    label: str
    atasan_id: int | None


def _holding_baris(position_id, peran, unit_id, instansi_id, jenis, nama, atasan_id) -> Holding:
    """A Holding from the columns :data:`_KOLOM_HOLDING` of an assignment."""
    awalan = Assignment.AWALAN.get(jenis, "")
    return Holding(position_id, peran, unit_id, instansi_id, jenis, f"{awalan}{nama}", atasan_id)


# The columns of an assignment that :func:`_holding_baris` takes, in its order.
_KOLOM_HOLDING = (
    "position_id",
    "position__peran",
    "position__unit_id",
    "position__unit__instansi_id",
    "jenis",
    "position__nama",
    "position__atasan_id",
)


def _penugasan(tanggal: datetime.date) -> QuerySet[Assignment]:
    """Assignments in force on ``tanggal``, by kind (definitive, Plt., Plh.) and the
    positions' order: the order of a person's holdings."""
    return Assignment.objects.berlaku(tanggal).order_by("jenis", "position__urutan")


# One user's holdings on a day: asked on every page, so compiled once.
_PENUGASAN_KINI = KueriSiap(
    lambda user_id, tanggal: (
        _penugasan(tanggal).filter(user_id=user_id).values_list(*_KOLOM_HOLDING)
    ),
    user_id=-7_000_001,
    tanggal=datetime.date(1111, 11, 11),
)


# Everyone in force in an issuing unit's tree on a day, with their holdings: read by every
# SOP action (who is told), the Dasbor and the reminders, so compiled once. The people
# come as users with only what is asked of them here loaded (the rest is read if ever
# touched): their name, e-mail and whether they are active or a superuser.
_KOLOM_STAF = tuple(
    f.attname
    for f in User._meta.concrete_fields
    if f.attname in {"id", "email", "is_active", "is_superuser", *User.KOLOM_NAMA}
)
_STAF_KINI = KueriSiap(
    lambda instansi_id, tanggal: (
        _penugasan(tanggal)
        .di_instansi(instansi_id)
        .filter(user__is_active=True)
        .values_list(*(f"user__{kolom}" for kolom in _KOLOM_STAF), *_KOLOM_HOLDING)
    ),
    instansi_id=-7_000_004,
    tanggal=datetime.date(1111, 11, 11),
)


def staf_instansi(instansi_id: int) -> list[User]:
    """Today's active staff of the issuing unit ``instansi_id``, each with their holdings
    set, in the order of their first assignment (one query)."""
    today = timezone.localdate()
    n = len(_KOLOM_STAF)
    staf: dict[int, User] = {}
    for row in _STAF_KINI.baris(instansi_id=instansi_id, tanggal=today):
        user = staf.get(row[0])  # id, the first column
        if user is None:
            user = staf[row[0]] = User.from_db(connection.alias, _KOLOM_STAF, row[:n])
            user._sop_holdings = (today, [])
        user._sop_holdings[1].append(_holding_baris(*row[n:]))
    return list(staf.values())


def _aktif(user) -> bool:
    """A logged-in user whose account is active: nobody else holds anything."""
    return getattr(user, "is_authenticated", False) and user.is_active


def holdings(user) -> list[Holding]:
    """The user's current assignments, loaded once per user object and day."""
    if not _aktif(user):
        return []
    today = timezone.localdate()
    cached = getattr(user, "_sop_holdings", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    rows = _PENUGASAN_KINI.baris(user_id=user.pk, tanggal=today)
    user._sop_holdings = (today, [_holding_baris(*row) for row in rows])
    return user._sop_holdings[1]


def instansi_pimpinan(user) -> list[int]:
    """The issuing units ``user`` leads today (Camat, Sekcam, Kasubbag): theirs are the
    Dasbor and the number gap report."""
    return [h.instansi_id for h in holdings(user) if h.peran in PERAN_PIMPINAN]


def dasbor_instansi_id(user) -> int | None:
    """The instansi whose Dasbor ``user`` may see (Camat, Sekcam, Kasubbag), else None."""
    return next(iter(instansi_pimpinan(user)), None)


def signs_letters(user) -> bool:
    """Whether ``user`` holds a position that signs letters (Camat or Sekcam for a.n.)."""
    return any(h.peran in PERAN_PENANDATANGAN for h in holdings(user))


# --- Who takes part in a letter -------------------------------------------------------
#
# Each kind of participant is written once, as an ``Actor`` with two faces of the same
# rule: ``test`` answers for one letter (capacity, may_view), ``query`` answers for every
# letter at once (the Kotak Masuk, the agenda and other lists). Both faces sit next to each
# other, and tests/test_rahasia.py checks over every role, state and sifat that they agree.

# A filter that matches no letter (an empty ``Q()`` would match every letter).
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Actor:
    """One kind of participant: does the holding ``h`` of ``user`` take part in a letter?

    ``test(user, h, letter) -> bool``; ``query(user, h) -> Q | None`` (None: this holding
    never takes part in this way).
    """

    name: str
    test: Callable[[object, Holding, object], bool]
    query: Callable[[object, Holding], Q | None]

    def only_if(self, test, query) -> Actor:
        """This actor, restricted by a condition on the user and the letter (four eyes)."""

        def both_query(user, h):
            q = self.query(user, h)
            return None if q is None else q & query(user)

        return Actor(
            self.name,
            lambda user, h, letter: self.test(user, h, letter) and test(user, letter),
            both_query,
        )


def _in_unit(h: Holding, letter) -> bool:
    return h.instansi_id == letter.unit_id


def _peran_in_unit(peran: str) -> Actor:
    return Actor(
        peran,
        lambda _u, h, letter: h.peran == peran and _in_unit(h, letter),
        lambda _u, h: Q(unit_id=h.instansi_id) if h.peran == peran else None,
    )


def _acted(user, letter) -> bool:
    return letter.events.filter(oleh_id=user.pk).exists()


def _acted_query(user) -> Exists:
    return Exists(LetterEvent.objects.filter(letter_id=OuterRef("pk"), oleh_id=user.pk))


def _acted_rahasia(user, letter) -> bool:
    return letter.rahasia and _acted(user, letter)


def _acted_rahasia_query(user) -> Exists:
    """:func:`_acted_rahasia` as a query. The letter's class is asked inside the EXISTS:
    under the OR of a route, PostgreSQL would otherwise answer an EXISTS by hashing the
    user's whole history (a Camat of a big OPD: 36,000 steps, 5-9 ms for every list),
    where the class confines it to a lookup on the index (oleh, letter) for each of the
    few Rahasia letters."""
    sifat = ExpressionWrapper(OuterRef("sifat"), output_field=CharField())
    return Exists(
        LetterEvent.objects.filter(
            In(sifat, list(SIFAT_RAHASIA)), letter_id=OuterRef("pk"), oleh_id=user.pk
        )
    )


def _gave_paraf(user, letter) -> bool:
    oleh = getattr(letter, "paraf_oleh", None)  # set by a list that loaded it for many letters
    if oleh is not None:
        return user.pk in oleh
    return letter.events.filter(aksi="paraf", oleh_id=user.pk).exists()


def muat_paraf(letters) -> None:
    """Load who gave paraf on each of ``letters`` in one query, so that asking who may sign
    them (``capacity``, ``waiting_capacity``) asks the database nothing more."""
    oleh = defaultdict(set)
    for letter_id, user_id in LetterEvent.objects.filter(
        letter_id__in=[letter.pk for letter in letters], aksi="paraf"
    ).values_list("letter_id", "oleh_id"):
        oleh[letter_id].add(user_id)
    for letter in letters:
        letter.paraf_oleh = oleh[letter.pk]


def _gave_paraf_query(user) -> Exists:
    return Exists(
        LetterEvent.objects.filter(letter_id=OuterRef("pk"), aksi="paraf", oleh_id=user.pk)
    )


def _atasan_id(letter) -> int | None:
    return letter.posisi_pembuat.atasan_id if letter.posisi_pembuat_id else None


def _bawahan_ids(user, h: Holding) -> list[int]:
    """The positions directly below ``h``, loaded once per user object for all holdings.

    As a list, a letter query stays an indexed ``posisi_pembuat_id IN (…)`` instead of a
    join to the drafter's position, which the database can only answer by reading every
    letter.
    """
    cached = getattr(user, "_sop_bawahan", None)
    if cached is None or cached[0] != timezone.localdate():
        per_atasan = {x.position_id: [] for x in holdings(user)}
        for atasan_id, pk in (
            Position.objects.filter(atasan_id__in=per_atasan)
            .order_by()
            .values_list("atasan_id", "pk")
        ):
            per_atasan[atasan_id].append(pk)
        cached = user._sop_bawahan = (timezone.localdate(), per_atasan)
    return cached[1].get(h.position_id, [])


# Any position in the letter's issuing unit (kecamatan).
ANGGOTA_UNIT = Actor(
    "anggota_unit",
    lambda _u, h, letter: _in_unit(h, letter),
    lambda _u, h: Q(unit_id=h.instansi_id),
)
# The drafter, while they hold a position in the letter's unit (rights follow the
# current assignment: see may_view).
PEMBUAT = Actor(
    "pembuat",
    lambda user, h, letter: letter.pembuat_id == user.pk and _in_unit(h, letter),
    lambda user, h: Q(pembuat_id=user.pk, unit_id=h.instansi_id),
)
KASUBBAG = _peran_in_unit(Peran.KASUBBAG_UMPEG)
SEKCAM = _peran_in_unit(Peran.SEKCAM)
PENGAWAS = Actor(
    "pengawas",
    lambda _u, h, letter: h.position_id == letter.pejabat_pengawas_id and _in_unit(h, letter),
    lambda _u, h: Q(pejabat_pengawas_id=h.position_id, unit_id=h.instansi_id),
)
# Holds the signing position in the way the letter's signing mode needs.
PENANDATANGAN_SURAT = Actor(
    "penandatangan",
    lambda _u, h, letter: (
        h.position_id == letter.penandatangan_id
        and letter.cara_ttd in SIGNING_MODES[h.jenis]
        and _in_unit(h, letter)
    ),
    lambda _u, h: Q(
        penandatangan_id=h.position_id,
        cara_ttd__in=SIGNING_MODES[h.jenis],
        unit_id=h.instansi_id,
    ),
)
# Holds the signing position in any way (definitif, Plt., Plh.): on a Rahasia route.
PEMEGANG_TTD = Actor(
    "pemegang_ttd",
    lambda _u, h, letter: h.position_id == letter.penandatangan_id and _in_unit(h, letter),
    lambda _u, h: Q(penandatangan_id=h.position_id, unit_id=h.instansi_id),
)
PENGUNGGAH_PINDAIAN = KASUBBAG.only_if(
    lambda _u, letter: letter.tanda_tangan_basah, lambda _u: ttd_basah()
)
# Any Pelaksana of the unit sends a signed letter, except a Rahasia one: only its drafter.
PENGIRIM = _peran_in_unit(Peran.PELAKSANA).only_if(
    lambda _u, letter: not letter.rahasia, lambda _u: ~RAHASIA
)
ATASAN_PEMBUAT = Actor(
    "atasan_pembuat",
    lambda _u, h, letter: (
        letter.posisi_pembuat_id is not None
        and h.position_id == _atasan_id(letter)
        and _in_unit(h, letter)
    ),
    lambda user, h: (
        Q(posisi_pembuat_id__in=ids, unit_id=h.instansi_id)
        if (ids := _bawahan_ids(user, h))
        else None
    ),
)
# Whoever already acted on a Rahasia letter (any event), while still in its unit. (On any
# other letter everyone in its unit is on the route already: see may_view.)
PELAKU = ANGGOTA_UNIT.only_if(_acted_rahasia, _acted_rahasia_query)

# Four eyes: the drafter does not give paraf; the drafter and the paraf-giver do not sign.
PENGAWAS_BUKAN_PEMBUAT = PENGAWAS.only_if(
    lambda user, letter: letter.pembuat_id != user.pk, lambda user: ~Q(pembuat_id=user.pk)
)
PENANDATANGAN_PRIBADI = PENANDATANGAN_SURAT.only_if(
    lambda user, letter: letter.pembuat_id != user.pk and not _gave_paraf(user, letter),
    lambda user: ~Q(pembuat_id=user.pk) & ~_gave_paraf_query(user),
)

# Who runs each state-independent action; the first actor that matches gives the label.
ACTION_ACTORS: dict[str, tuple[Actor, ...]] = {
    "submit": (PEMBUAT,),
    "resubmit": (PEMBUAT,),
    "assign_number": (KASUBBAG,),
    "paraf": (PENGAWAS_BUKAN_PEMBUAT,),
    "approve": (SEKCAM,),
    "sign": (PENANDATANGAN_PRIBADI, PENGUNGGAH_PINDAIAN),
    "dispatch": (PENGIRIM, PEMBUAT),
    "cancel": (KASUBBAG, ATASAN_PEMBUAT),
}
# The approver of each step that can be returned for revision (DESIGN.md §2); they may
# also edit the text at their step.
STEP_ACTOR: dict[str, Actor] = {
    Status.NUMBERING: KASUBBAG,
    Status.REVIEW: PENGAWAS,
    Status.APPROVAL: SEKCAM,
    Status.SIGNING: PENANDATANGAN_SURAT,
}
# The action a letter waits for in each state: what puts it in someone's Kotak Masuk.
# (Kembalikan and Batalkan are possible too, but nobody is waited for to do them.)
NEXT_ACTION: dict[str, str] = {
    Status.DRAFT: "submit",
    Status.REVISION: "resubmit",
    Status.NUMBERING: "assign_number",
    Status.REVIEW: "paraf",
    Status.APPROVAL: "approve",
    Status.SIGNING: "sign",
    Status.SIGNED: "dispatch",
}
# The people on a letter's route: the only ones who see a Rahasia letter. Every one of them
# holds a position in the letter's issuing unit (each actor checks it): see visible_filter.
ROUTE: tuple[Actor, ...] = (
    PEMBUAT,
    KASUBBAG,
    PENGAWAS,
    SEKCAM,
    PEMEGANG_TTD,
    ATASAN_PEMBUAT,
    PELAKU,  # last: the only one that asks the database
)


def _label(user, letter, actors) -> str | None:
    """The label of the user's first holding that one of ``actors`` accepts, else None.

    The position the letter was drafted in is tried first, so the drafter acts as it.
    """
    mine = sorted(holdings(user), key=lambda h: h.position_id != letter.posisi_pembuat_id)
    for actor in actors:
        for h in mine:
            if actor.test(user, h, letter):
                return h.label
    return None


def _query(user, actors) -> Q:
    """The letters where one of ``actors`` accepts one of the user's holdings."""
    q = NOTHING
    for actor in actors:
        for h in holdings(user):
            part = actor.query(user, h)
            if part is not None:
                q |= part
    return q


def capacity(user, action: str, letter) -> str | None:
    """In what capacity ``user`` may run ``action`` on ``letter`` (ignoring its state).

    Returns the label recorded in the audit trail ("Plt. Camat Mojoanyar"), or None when
    the user may not. Only today's assignments count: a user whose assignment ended, or
    who is inactive, has no capacity at all — also not for letters they drafted.
    """
    if action == "return_for_revision":
        step = STEP_ACTOR.get(letter.status)
        return _label(user, letter, (step,)) if step else None
    if action == "edit":
        return edit_capacity(user, letter)
    if action not in ACTION_ACTORS:
        raise ValueError(f"unknown action {action!r}")
    return _label(user, letter, ACTION_ACTORS[action])


def may(user, action: str, letter) -> bool:
    return capacity(user, action, letter) is not None


def edit_capacity(user, letter) -> str | None:
    """Drafters edit drafts; approvers may edit the text at their own step."""
    if letter.status in (Status.DRAFT, Status.REVISION):
        return _label(user, letter, (PEMBUAT,))
    if letter.status in (Status.REVIEW, Status.APPROVAL, Status.SIGNING):
        return _label(user, letter, (STEP_ACTOR[letter.status],))
    return None


def next_action(letter) -> str | None:
    """The action ``letter`` waits for in its state (None once sent or cancelled)."""
    return NEXT_ACTION.get(letter.status)


def waiting_capacity(user, letter) -> str | None:
    """In what capacity the letter waits for ``user`` now: the Kotak Masuk rule."""
    action = next_action(letter)
    return capacity(user, action, letter) if action else None


def may_view(user, letter) -> bool:
    """Whether ``user`` may open ``letter``: people see their unit's letters; a Rahasia
    letter only the people on its route.

    - Non-Rahasia: everyone holding a position in the letter's issuing unit today (and a
      superuser, for support), plus the officials of its route.
    - Rahasia: only its route (``ROUTE``): the drafter, the Kasubbag Umum (numbering), the
      Pejabat Pengawas, the Sekcam, the holders of the signing position (definitif, Plt.
      or Plh.), the drafter's superior (who may cancel it), and whoever already acted on it.
      Not every Pelaksana of the unit, and not a superuser as such.

    Rights follow the *current* assignment. A person whose assignment in the unit ended,
    who moved to another unit, or whose account is inactive no longer sees the unit's
    letters — not even the ones they drafted or acted on: a letter belongs to the unit's
    record, not to the person who wrote it, and their successor carries it on. Being the
    drafter or having acted on a letter counts only while the person is still in its unit.
    """
    if not _aktif(user):
        return False
    if not letter.rahasia and (
        user.is_superuser or _label(user, letter, (ANGGOTA_UNIT,)) is not None
    ):
        return True
    return _label(user, letter, ROUTE) is not None


def inbox_filter(user) -> Q:
    """The Kotak Masuk: letters waiting for ``user`` now (:func:`waiting_capacity`)."""
    q = NOTHING
    for state, action in NEXT_ACTION.items():
        q |= Q(status=state) & _query(user, ACTION_ACTORS[action])
    return q


# The SQL of each user's inbox, by user and holdings: building it (the filter of every
# state and actor) costs several times what running it does, on every page's header
# and twice on the Kotak Masuk (its counters and its page).
_SQL_KOTAK_MASUK: dict[tuple, tuple[str, tuple] | None] = {}


def _sql_kotak_masuk(user) -> tuple[str, tuple] | None:
    """The SQL of the ids of :func:`inbox_filter` for ``user`` (None: nothing can wait
    for them). :func:`inbox_filter` depends only on the user and their holdings (none of
    the actors a state waits for reads the database), so the SQL is built once per
    process for each (user, holdings)."""
    kunci = (user.pk, tuple(holdings(user)))
    if kunci not in _SQL_KOTAK_MASUK:
        if len(_SQL_KOTAK_MASUK) >= 2000:  # bounded: a kabupaten's officials
            _SQL_KOTAK_MASUK.clear()
        query = Letter.objects.filter(inbox_filter(user)).order_by().values("pk").query
        try:
            _SQL_KOTAK_MASUK[kunci] = query.sql_with_params()
        except EmptyResultSet:  # holds nothing: nothing waits
            _SQL_KOTAK_MASUK[kunci] = None
    return _SQL_KOTAK_MASUK[kunci]


def kotak_masuk(user) -> QuerySet[Letter]:
    """The letters waiting for ``user`` now (:func:`inbox_filter`), to be filtered,
    counted and paged like any query of letters."""
    perintah = _sql_kotak_masuk(user)
    if perintah is None:
        return Letter.objects.none()
    return Letter.objects.filter(pk__in=RawSQL(*perintah))


def jumlah_kotak_masuk(user) -> int:
    """How many letters wait for ``user`` now (the header's badge), counted afresh on
    each call."""
    perintah = _sql_kotak_masuk(user)
    if perintah is None:
        return 0
    sql, params = perintah
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) kotak", params)
        return cursor.fetchone()[0]


def visible_filter(user) -> Q:
    """Letters ``user`` may see in lists (agenda, registers): :func:`may_view` as a query."""
    if not _aktif(user):
        return NOTHING
    terbuka = ~RAHASIA
    if user.is_superuser:
        return terbuka | _query(user, ROUTE)
    # Everyone on a route holds a position in the letter's unit (each actor checks it), so
    # the units come first: an index range the database reads before anything else.
    return Q(unit_id__in=unit_terlihat(user)) & (
        (terbuka & _query(user, (ANGGOTA_UNIT,))) | _query(user, ROUTE)
    )


def tersembunyi_filter(user) -> Q:
    """Among the letters of the units ``user`` sees (:func:`unit_terlihat`), the ones they
    may not see: the Rahasia letters whose route they are not on.

    The complement of :func:`visible_filter` within those units (everyone who sees a unit's
    letter holds a position in it; on a route, too), and a small set: a list over a
    unit's whole year reads its own rows by unit and drops these, rather than checking
    every row against every visible letter.
    """
    return RAHASIA & ~_query(user, ROUTE)


def surat_tersembunyi(user):
    """The letters of :func:`tersembunyi_filter` in the units ``user`` sees, as a queryset."""
    units = unit_terlihat(user)
    letters = Letter.objects.filter(tersembunyi_filter(user))
    return letters if units is None else letters.filter(unit_id__in=units)


def unit_terlihat(user) -> list[int] | None:
    """The issuing units whose letters ``user`` may see some of (None: every unit, for a
    superuser's non-Rahasia view). Lists filter their own rows by it (the agenda's unit)."""
    if not _aktif(user):
        return []
    if user.is_superuser:
        return None
    return sorted({h.instansi_id for h in holdings(user)})


def surat_terlihat(user):
    """The letters ``user`` may see, as a queryset (for the agenda and the registers)."""
    return Letter.objects.filter(visible_filter(user))


def surat_saya_filter(user) -> Q:
    """ "Surat Saya": the letters ``user`` drafted or took a step on, that they may see.

    Drafting a letter is its first step in the history (``actions.create_letter`` records
    it, by the drafter), so both are "a step of theirs in the history". Asked as one
    EXISTS, not "drafter OR EXISTS": PostgreSQL cannot join an EXISTS under an OR and
    hashes the user's whole history instead (a Kasubbag of a big OPD: 75,000 steps, 30 ms)
    where the newest page needs a few dozen index probes."""
    if not _aktif(user):
        return NOTHING
    if user.is_superuser:
        return Q(_acted_query(user)) & visible_filter(user)
    # Having acted on a letter puts one on its route (PELAKU, for a Rahasia one; any other
    # one of the unit is seen anyway) while one holds a position in its unit, so among
    # these letters :func:`visible_filter` is the unit alone.
    return Q(_acted_query(user), unit_id__in=unit_terlihat(user))


def pemegang(status: str, *, pembuat: str, pejabat_pengawas: str, penandatangan: str) -> str:
    """Who holds a letter in ``status`` now, by position, from the letter's own fields:
    the drafter's name and the names of its Pejabat Pengawas and signing positions."""
    if status in (Status.DRAFT, Status.REVISION, Status.SIGNED):
        return pembuat
    if status == Status.NUMBERING:
        return Peran.KASUBBAG_UMPEG.label
    if status == Status.REVIEW:
        return pejabat_pengawas
    if status == Status.APPROVAL:
        return Peran.SEKCAM.label
    if status == Status.SIGNING:
        return penandatangan
    return ""


def _holders(position, kinds=None):
    """The active users holding ``position`` today (as one of ``kinds``, if given)."""
    assignments = Assignment.objects.berlaku().filter(position=position, user__is_active=True)
    if kinds is not None:
        assignments = assignments.filter(jenis__in=kinds)
    return set(assignments.values_list("user_id", flat=True))


def signer_available(position, cara_ttd: str) -> bool:
    """Whether someone holds ``position`` today in the way ``cara_ttd`` needs."""
    return bool(_holders(position, jenis_penugasan_ttd(cara_ttd)))


@dataclass(frozen=True)
class Masalah:
    """Why a letter's officials are not acceptable: the form field and the message."""

    field: str
    pesan: str


def penandatangan_choices(instansi):
    """The positions that may sign letters of ``instansi``: its head (directly, or by a
    Plt./Plh.), the positions the unit allows to sign a.n. the head, and those directly
    below them (u.b.)."""
    atas_nama = instansi.penandatangan_an.values("pk")
    return (
        Position.objects.di_instansi(instansi.pk).kepala()
        | Position.objects.filter(pk__in=atas_nama)
        | Position.objects.filter(atasan_id__in=atas_nama)
    )


def _boleh_untuk_beliau(instansi, penandatangan) -> bool:
    """u.b. (untuk beliau): signed by the official directly below one who signs a.n. the
    head, e.g. "a.n. CAMAT, Sekretaris Kecamatan, u.b. Kepala Subbagian Umum"."""
    return bool(
        penandatangan.atasan_id
        and instansi.penandatangan_an.filter(pk=penandatangan.atasan_id).exists()
    )


def masalah_pejabat(
    *, instansi, pembuat, pejabat_pengawas, penandatangan, cara_ttd
) -> Masalah | None:
    """Four eyes and the unit's signing rules for a letter's officials, or None if sound.

    The drafter, the Pejabat Pengawas and the signer are three different people; who
    signs a.n. the head is the unit's setting (``Unit.penandatangan_an``), and u.b. the
    positions directly below those.
    """
    if not pejabat_pengawas or not penandatangan or not cara_ttd:
        return None
    kepala = penandatangan.kepala
    if cara_ttd in ("an", "ub") and kepala:
        return Masalah(
            "cara_ttd",
            _(
                "Camat menandatangani langsung; a.n. dipakai bila pejabat lain menandatangani "
                "atas nama Camat."
            ),
        )
    if cara_ttd not in ("an", "ub") and not kepala:
        return Masalah(
            "cara_ttd",
            _("%(j)s bukan pimpinan: pilih a.n. (atas nama).") % {"j": penandatangan},
        )
    if cara_ttd == "an" and not instansi.penandatangan_an.filter(pk=penandatangan.pk).exists():
        return Masalah(
            "penandatangan",
            _(
                "%(j)s tidak termasuk pejabat yang boleh menandatangani a.n. pimpinan di "
                "%(unit)s (pengaturan unit)."
            )
            % {"j": penandatangan, "unit": instansi},
        )
    if cara_ttd == "ub" and not _boleh_untuk_beliau(instansi, penandatangan):
        return Masalah(
            "penandatangan",
            _(
                "u.b. (untuk beliau) ditandatangani pejabat yang atasan langsungnya "
                "menandatangani a.n. pimpinan; %(j)s tidak demikian."
            )
            % {"j": penandatangan},
        )
    if pejabat_pengawas.pk == penandatangan.pk:
        return Masalah(
            "pejabat_pengawas", _("Pejabat Pengawas dan penandatangan harus jabatan yang berbeda.")
        )
    signers = _holders(penandatangan, jenis_penugasan_ttd(cara_ttd))
    if not signers:
        return Masalah(
            "penandatangan",
            _("Saat ini tidak ada pejabat %(cara)s untuk jabatan %(j)s.")
            % {"cara": Letter.CaraTtd(cara_ttd).label, "j": penandatangan},
        )
    pengawas = _holders(pejabat_pengawas)
    if pembuat is not None and pembuat.pk in pengawas:
        return Masalah(
            "pejabat_pengawas",
            _("Pembuat surat tidak dapat menjadi Pejabat Pengawas suratnya sendiri."),
        )
    if pembuat is not None and pembuat.pk in signers:
        return Masalah(
            "penandatangan", _("Pembuat surat tidak dapat menandatangani suratnya sendiri.")
        )
    if pengawas & signers:
        return Masalah(
            "pejabat_pengawas",
            _(
                "Pejabat Pengawas dan penandatangan surat ini orang yang sama; pilih Pejabat "
                "Pengawas lain."
            ),
        )
    return None
