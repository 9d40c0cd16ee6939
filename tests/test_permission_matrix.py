"""Every demo role × every transition × every state: only the allowed ones succeed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from approvals import actions
from letters.errors import SOPError
from letters.models import Letter, Status
from tests.conftest import PASSWORD, ensure_key

ROLES = ["pelaksana", "kasubbag", "kasi", "sekcam", "camat", "plt_camat", "admin"]
STATES = Status.values
# DESIGN.md §2, written out for the demo office (a letter drafted by pelaksana, kasi its
# Pejabat Pengawas, signed directly by the Camat): (transition, state) -> who may.
ALLOWED = {
    ("submit", "draft"): {"pelaksana"},
    ("assign_number", "numbering"): {"kasubbag"},
    ("paraf", "review"): {"kasi"},
    ("approve", "approval"): {"sekcam"},
    ("sign", "signing"): {"camat"},
    ("dispatch", "signed"): {"pelaksana"},
    ("return_for_revision", "numbering"): {"kasubbag"},
    ("return_for_revision", "review"): {"kasi"},
    ("return_for_revision", "approval"): {"sekcam"},
    ("return_for_revision", "signing"): {"camat"},
    ("resubmit", "revision"): {"pelaksana"},
    **{
        ("cancel", s): {"kasubbag"}
        for s in ("draft", "numbering", "review", "approval", "signing", "revision")
    },
}
SOURCES = {
    "submit": {"draft"},
    "assign_number": {"numbering"},
    "paraf": {"review"},
    "approve": {"approval"},
    "sign": {"signing"},
    "dispatch": {"signed"},
    "return_for_revision": {"numbering", "review", "approval", "signing"},
    "resubmit": {"revision"},
    "cancel": {"draft", "numbering", "review", "approval", "signing", "revision"},
}


def _kwargs(transition: str, letter: Letter) -> dict:
    if transition in ("paraf", "approve"):
        return {"versi": letter.versi}
    if transition == "sign":
        return {"passphrase": PASSWORD, "versi": letter.versi}
    if transition == "dispatch":
        return {"tanggal_kirim": timezone.localdate(), "cara": "kurir"}
    if transition in ("return_for_revision", "cancel"):
        return {"catatan": "Alasan uji"}
    return {}


@pytest.mark.parametrize("state", STATES)
def test_only_the_allowed_role_can_run_each_transition(state, make_letter, office):
    for username in ("camat", "plt_camat"):
        ensure_key(office[username])
    letter = make_letter(state)
    events_before = letter.events.count()
    for transition in SOURCES:
        for username in ROLES:
            allowed = username in ALLOWED.get((transition, state), set())
            with transaction.atomic():
                try:
                    getattr(actions, transition)(
                        letter, by=office[username], **_kwargs(transition, letter)
                    )
                    outcome = "ok"
                except PermissionDenied:
                    outcome = "forbidden"
                except SOPError:
                    outcome = "wrong state"
                transaction.set_rollback(True)
            expected = (
                "ok"
                if allowed
                else ("forbidden" if state in SOURCES[transition] else "wrong state")
            )
            assert outcome == expected, (username, transition, state)
            # nothing a refused attempt did survives
            assert Letter.objects.get(pk=letter.pk).status == state
    assert letter.events.count() == events_before


def test_the_buttons_shown_are_exactly_the_allowed_transitions(make_letter, office, login):
    labels = {
        "submit": "Ajukan",
        "assign_number": "Beri Nomor",
        "paraf": "Paraf",
        "approve": "Setujui",
        "sign": "Tandatangani",
        "dispatch": "Kirim",
        "return_for_revision": "Kembalikan untuk Revisi",
        "resubmit": "Ajukan Ulang",
        "cancel": "Batalkan",
    }
    for state in STATES:
        letter = make_letter(state)
        for username in ROLES:
            html = login(username).get(f"/surat/{letter.public_id}/").content.decode()
            bar = (
                html.split('aria-label="Tindakan"', 1)[1].split("</section>", 1)[0]
                if 'aria-label="Tindakan"' in html
                else ""
            )
            shown = {
                t
                for t, label in labels.items()
                if f">{label}</button>" in bar or f">{label}</a>" in bar
            }
            expected = {t for (t, s), who in ALLOWED.items() if s == state and username in who}
            assert shown == expected, (username, state)


def test_a_forbidden_post_is_403_never_500(make_letter, login):
    letter = make_letter("review")
    for username in ("pelaksana", "kasubbag", "sekcam", "camat"):
        response = login(username).post(f"/surat/{letter.public_id}/aksi/paraf/")
        assert response.status_code == 403, username


def test_a_second_click_says_what_happened(make_letter, login):
    letter = make_letter("review")
    client = login("kasi")
    seen = {"versi": letter.versi}
    client.post(f"/surat/{letter.public_id}/aksi/paraf/", seen)
    again = client.post(f"/surat/{letter.public_id}/aksi/paraf/", seen, follow=True)
    html = again.content.decode()
    assert again.redirect_chain[-1][0] == f"/surat/{letter.public_id}/"
    assert "tidak dapat dilakukan lagi" in html and "Menunggu Persetujuan Sekcam" in html
    assert letter.events.filter(aksi="paraf").count() == 1
