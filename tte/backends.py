"""Signing backends: who holds the key. One interface (``tte.layanan``), two services.

- ``tte.lokal.LocalBackend``: each official's PKCS#12 archive stored on this server.
- ``tte.bsre.BsreBackend``: the national BSrE signing API, in the unit's API version.

The unit's ``PengaturanTte`` chooses.
"""

from __future__ import annotations

from tte.bsre import BsreBackend
from tte.layanan import SigningBackend
from tte.lokal import LocalBackend
from tte.models import PengaturanTte, pengaturan_tte


def backend_for(unit) -> SigningBackend:
    pengaturan = pengaturan_tte(unit)
    if pengaturan.layanan_tte == PengaturanTte.LayananTte.BSRE:
        return BsreBackend.from_settings(pengaturan.versi_api_bsre)
    return LocalBackend(cap_waktu=True)
