"""Who may do what to a letter, now. The one place that answers it.

Views, templates, the state machine (``permission=`` of every transition) and the
Kotak Masuk query all ask this module. A permission depends on the user's *current*
position assignments (definitif, Plt., Plh.) and on the letter itself, never on a group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Assignment, Peran

# Letter states, as stored (kept here as plain strings so letters.models can import us).
DRAFT, NUMBERING, REVIEW, APPROVAL = "draft", "numbering", "review", "approval"
SIGNING, SIGNED, REVISION = "signing", "signed", "revision"

# Which assignment kinds may sign in which signing mode (Letter.cara_ttd).
SIGNING_MODES = {
    Assignment.Jenis.DEFINITIF: ("langsung", "an"),
    Assignment.Jenis.PLT: ("plt",),
    Assignment.Jenis.PLH: ("plh",),
}


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


def _holding(a: Assignment) -> Holding:
    return Holding(
        position_id=a.position_id,
        peran=a.position.peran,
        unit_id=a.position.unit_id,
        instansi_id=a.position.unit.instansi_id,
        jenis=a.jenis,
        label=f"{a.awalan}{a.position.nama}",
        atasan_id=a.position.atasan_id,
    )


def current_assignments():
    """Assignments valid today, with what a Holding needs."""
    today = timezone.localdate()
    return (
        Assignment.objects.filter(mulai__lte=today)
        .filter(Q(selesai__isnull=True) | Q(selesai__gte=today))
        .select_related("position__unit")
        .order_by("jenis", "position__urutan")
    )


def prime_holdings(user, assignments) -> None:
    """Set the user's holdings from already loaded assignments (saves a query per user)."""
    user._sop_holdings = (timezone.localdate(), [_holding(a) for a in assignments])


def holdings(user) -> list[Holding]:
    """The user's current assignments, loaded once per user object and day."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_sop_holdings", None)
    if cached is not None and cached[0] == timezone.localdate():
        return cached[1]
    prime_holdings(user, current_assignments().filter(user_id=user.pk))
    return user._sop_holdings[1]


PIMPINAN = frozenset({Peran.CAMAT, Peran.SEKCAM, Peran.KASUBBAG_UMPEG})
PENANDATANGAN = frozenset({Peran.CAMAT, Peran.SEKCAM})


def dasbor_instansi_id(user) -> int | None:
    """The instansi whose Dasbor ``user`` may see (Camat, Sekcam, Kasubbag), else None."""
    return next((h.instansi_id for h in holdings(user) if h.peran in PIMPINAN), None)


def signs_letters(user) -> bool:
    """Whether ``user`` holds a position that signs letters (Camat or Sekcam for a.n.)."""
    return any(h.peran in PENANDATANGAN for h in holdings(user))


# Each kind of actor: (does this holding act for this letter?, the Kotak Masuk filter).


def _kasubbag(h: Holding, letter) -> bool:
    return h.peran == Peran.KASUBBAG_UMPEG and h.instansi_id == letter.unit_id


def _pengawas(h: Holding, letter) -> bool:
    return h.position_id == letter.pejabat_pengawas_id


def _sekcam(h: Holding, letter) -> bool:
    return h.peran == Peran.SEKCAM and h.instansi_id == letter.unit_id


def _penandatangan(h: Holding, letter) -> bool:
    return h.position_id == letter.penandatangan_id and letter.cara_ttd in SIGNING_MODES[h.jenis]


def _memegang_ttd(h: Holding, letter) -> bool:
    return h.position_id == letter.penandatangan_id


def uses_ink(letter) -> bool:
    """Signed in ink and scanned, instead of a TTE: per letter, or for the whole unit."""
    return letter.ttd_manual or letter.unit.metode_ttd == "manual"


def _pengunggah_pindaian(h: Holding, letter) -> bool:
    return uses_ink(letter) and _kasubbag(h, letter)


def _pengirim(h: Holding, letter) -> bool:
    return h.peran == Peran.PELAKSANA and h.instansi_id == letter.unit_id


def _atasan_pembuat(h: Holding, letter) -> bool:
    return letter.posisi_pembuat_id is not None and h.position_id == _atasan_id(letter)


def _atasan_id(letter) -> int | None:
    return letter.posisi_pembuat.atasan_id if letter.posisi_pembuat_id else None


# The approver of each step that can be returned for revision (DESIGN.md §2).
STEP_ACTOR: dict[str, Callable[[Holding, object], bool]] = {
    NUMBERING: _kasubbag,
    REVIEW: _pengawas,
    APPROVAL: _sekcam,
    SIGNING: _penandatangan,
}


def _capacity(user, letter, *matchers) -> str | None:
    """The label of the first holding that satisfies one of ``matchers``, else None."""
    for h in holdings(user):
        if any(match(h, letter) for match in matchers):
            return h.label
    return None


def _is_drafter(user, letter) -> str | None:
    if user.is_authenticated and user.is_active and letter.pembuat_id == user.pk:
        return (
            _capacity(user, letter, lambda h, _l: h.position_id == letter.posisi_pembuat_id)
            or "Pembuat surat"
        )
    return None


def _is_pembuat(user, letter) -> bool:
    return letter.pembuat_id == user.pk


def _gave_paraf(user, letter) -> bool:
    return letter.events.filter(aksi="paraf", oleh_id=user.pk).exists()


def _may_sign_personally(user, letter) -> bool:
    """Four eyes: whoever drafted the letter or gave its paraf does not sign it too."""
    return not _is_pembuat(user, letter) and not _gave_paraf(user, letter)


def capacity(user, action: str, letter) -> str | None:
    """In what capacity ``user`` may run ``action`` on ``letter`` (ignoring its state).

    Returns the label recorded in the audit trail ("Plt. Camat Mojoanyar"), or None when
    the user may not.
    """
    if action in ("submit", "resubmit"):
        return _is_drafter(user, letter)
    if action == "assign_number":
        return _capacity(user, letter, _kasubbag)
    if action == "paraf":
        return None if _is_pembuat(user, letter) else _capacity(user, letter, _pengawas)
    if action == "approve":
        return _capacity(user, letter, _sekcam)
    if action == "sign":
        signer = _may_sign_personally(user, letter) and _capacity(user, letter, _penandatangan)
        return signer or _capacity(user, letter, _pengunggah_pindaian)
    if action == "dispatch":
        return _capacity(user, letter, _pengirim) or _is_drafter(user, letter)
    if action == "return_for_revision":
        step = STEP_ACTOR.get(letter.status)
        return _capacity(user, letter, step) if step else None
    if action == "cancel":
        return _capacity(user, letter, _kasubbag, _atasan_pembuat)
    if action == "edit":
        return edit_capacity(user, letter)
    raise ValueError(f"unknown action {action!r}")


def may(user, action: str, letter) -> bool:
    return capacity(user, action, letter) is not None


def fsm_permission(action: str) -> Callable[[object, object], bool]:
    """The ``permission=`` callable of a django-fsm transition."""

    def check(instance, user) -> bool:
        return may(user, action, instance)

    check.__name__ = f"may_{action}"
    return check


def edit_capacity(user, letter) -> str | None:
    """Drafters edit drafts; approvers may edit the text at their own step."""
    if letter.status in (DRAFT, REVISION):
        return _is_drafter(user, letter)
    if letter.status in (REVIEW, APPROVAL, SIGNING):
        return _capacity(user, letter, STEP_ACTOR[letter.status])
    return None


def may_view(user, letter) -> bool:
    """Staff of the issuing unit see its letters; a Rahasia letter only its participants."""
    if not (user.is_authenticated and user.is_active):
        return False
    if letter.pembuat_id == user.pk:
        return True
    if letter.sifat == "rahasia":
        matchers = (_kasubbag, _pengawas, _sekcam, _memegang_ttd, _atasan_pembuat)
        return (
            _capacity(user, letter, *matchers) is not None
            or letter.events.filter(oleh_id=user.pk).exists()
        )
    return user.is_superuser or any(h.instansi_id == letter.unit_id for h in holdings(user))


def inbox_filter(user) -> Q:
    """Letters waiting for ``user``: the same rules as :func:`capacity`, as a query."""
    q = Q(pembuat_id=user.pk, status__in=[DRAFT, REVISION])
    q |= Q(pembuat_id=user.pk, status=SIGNED)
    from letters.models import LetterEvent

    not_mine = ~Q(pembuat_id=user.pk)
    no_paraf = ~Exists(
        LetterEvent.objects.filter(letter_id=OuterRef("pk"), aksi="paraf", oleh_id=user.pk)
    )
    for h in holdings(user):
        q |= Q(pejabat_pengawas_id=h.position_id, status=REVIEW) & not_mine
        q |= (
            Q(penandatangan_id=h.position_id, status=SIGNING, cara_ttd__in=SIGNING_MODES[h.jenis])
            & not_mine
            & no_paraf
        )
        if h.peran == Peran.KASUBBAG_UMPEG:
            q |= Q(unit_id=h.instansi_id, status=NUMBERING)
            q |= Q(unit_id=h.instansi_id, status=SIGNING) & (
                Q(ttd_manual=True) | Q(unit__metode_ttd="manual")
            )
        if h.peran == Peran.SEKCAM:
            q |= Q(unit_id=h.instansi_id, status=APPROVAL)
        if h.peran == Peran.PELAKSANA:
            q |= Q(unit_id=h.instansi_id, status=SIGNED)
    return q


def visible_filter(user) -> Q:
    """Letters ``user`` may open in lists (agenda, search): mirrors :func:`may_view`."""
    instansi = {h.instansi_id for h in holdings(user)}
    positions = {h.position_id for h in holdings(user)}
    q = Q(pembuat_id=user.pk)
    open_letters = ~Q(sifat="rahasia")
    if user.is_superuser:
        return q | open_letters
    q |= Q(unit_id__in=instansi) & open_letters
    from letters.models import LetterEvent

    acted = Exists(LetterEvent.objects.filter(letter_id=OuterRef("pk"), oleh_id=user.pk))
    q |= Q(sifat="rahasia") & (
        Q(pejabat_pengawas_id__in=positions)
        | Q(penandatangan_id__in=positions)
        | Q(posisi_pembuat__atasan_id__in=positions)
        | acted
    )
    kepala = {
        h.instansi_id for h in holdings(user) if h.peran in (Peran.KASUBBAG_UMPEG, Peran.SEKCAM)
    }
    q |= Q(unit_id__in=kepala)
    return q


def _holders(position, kinds=None):
    """The active users holding ``position`` today (as one of ``kinds``, if given)."""
    today = timezone.localdate()
    assignments = Assignment.objects.filter(
        Q(selesai__isnull=True) | Q(selesai__gte=today),
        position=position,
        mulai__lte=today,
        user__is_active=True,
    )
    if kinds is not None:
        assignments = assignments.filter(jenis__in=kinds)
    return set(assignments.values_list("user_id", flat=True))


def signer_available(position, cara_ttd: str) -> bool:
    """Whether someone holds ``position`` today in the way ``cara_ttd`` needs."""
    return bool(_holders(position, _signing_kinds(cara_ttd)))


def _signing_kinds(cara_ttd: str) -> list[str]:
    return [jenis for jenis, modes in SIGNING_MODES.items() if cara_ttd in modes]


@dataclass(frozen=True)
class Masalah:
    """Why a letter's officials are not acceptable: the form field and the message."""

    field: str
    pesan: str


def penandatangan_choices(instansi):
    """The positions that may sign letters of ``instansi``: its head (directly, or by a
    Plt./Plh.), and the positions the unit allows to sign a.n. the head."""
    from approvals.models import Position

    return Position.objects.filter(
        Q(unit__instansi_id=instansi.pk, peran=Peran.CAMAT)
        | Q(pk__in=instansi.penandatangan_an.values("pk"))
    )


def masalah_pejabat(
    *, instansi, pembuat, pejabat_pengawas, penandatangan, cara_ttd
) -> Masalah | None:
    """Four eyes and the unit's signing rules for a letter's officials, or None if sound.

    The drafter, the Pejabat Pengawas and the signer are three different people; who
    signs a.n. the head is the unit's setting (``Unit.penandatangan_an``).
    """
    if not pejabat_pengawas or not penandatangan or not cara_ttd:
        return None
    kepala = penandatangan.peran == Peran.CAMAT
    if cara_ttd == "an" and kepala:
        return Masalah(
            "cara_ttd",
            _(
                "Camat menandatangani langsung; a.n. dipakai bila pejabat lain menandatangani "
                "atas nama Camat."
            ),
        )
    if cara_ttd != "an" and not kepala:
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
    if pejabat_pengawas.pk == penandatangan.pk:
        return Masalah(
            "pejabat_pengawas", _("Pejabat Pengawas dan penandatangan harus jabatan yang berbeda.")
        )
    signers = _holders(penandatangan, _signing_kinds(cara_ttd))
    if not signers:
        from letters.models import Letter

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
