"""The demo office, whole: organisation, letter data and demo TTE keys.

Everything is keyed by natural keys, so loading twice changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from letters.demo import DESA, load_surat
from organisasi.demo import DEMO_USERS, load_organisasi
from organisasi.models import Unit, User
from tte.demo_ca import issue_demo_key
from tte.models import KunciTte

__all__ = ["DEMO_USERS", "DESA", "load_demo"]

# Officials who sign (directly, as Plt., or a.n.) get a demo TTE key.
SIGNERS = ["camat", "plt_camat", "sekcam"]


@transaction.atomic
def load_demo(password: str, *, kunci: bool = True) -> dict[str, User]:
    """The demo office; with ``kunci`` also demo TTE keys locked with ``password``."""
    users = load_organisasi(password)
    load_surat(Unit.objects.get(nama="Kecamatan Mojoanyar"))
    if kunci:
        for username in SIGNERS:
            if not KunciTte.objects.filter(user=users[username]).exists():
                issue_demo_key(users[username], password)
    return users
