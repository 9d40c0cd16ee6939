"""Number patterns: the tokens, their check, and a number rendered from a pattern.

Pure functions of text, used by the unit's PengaturanSurat (its check) and by the
numbering (the number itself).
"""

from __future__ import annotations

import re
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organisasi.tanggal import romawi

TOKENS = {"kode", "urut", "unit", "bulan_romawi", "bulan", "tahun", "jenis"}
_URUT_SPEC = re.compile(r"^\d?$")

# The token a pattern needs so that the series of each mode print different numbers.
TOKEN_SERI = {"klasifikasi": "kode", "jenis": "jenis"}


def validasi_pola(pola: str, seri: str = "unit") -> None:
    """Raise ValidationError (Indonesian) unless ``pola`` is a usable number pattern for
    a unit numbering in ``seri`` mode."""
    try:
        parts = list(string.Formatter().parse(pola))
    except ValueError as exc:
        raise ValidationError(_("Pola nomor tidak sah: kurung kurawal tidak seimbang.")) from exc
    names = [name for _lit, name, _spec, _conv in parts if name is not None]
    unknown = sorted(set(names) - TOKENS)
    if unknown:
        raise ValidationError(
            _("Token tidak dikenal pada pola nomor: %(token)s. Token yang tersedia: %(ada)s.")
            % {"token": ", ".join(unknown), "ada": ", ".join(sorted(TOKENS))}
        )
    if names.count("urut") != 1:
        raise ValidationError(_("Pola nomor harus memuat token {urut} tepat satu kali."))
    for _lit, name, spec, conv in parts:
        if name is not None and (
            conv or (spec and not (name == "urut" and _URUT_SPEC.match(spec)))
        ):
            raise ValidationError(_("Hanya {urut} yang boleh diberi lebar, mis. {urut:3}."))
    token = TOKEN_SERI.get(seri)
    if token and token not in names:
        raise ValidationError(
            _(
                "Dengan seri penomoran ini pola nomor harus memuat token {%(token)s}; tanpa "
                "token itu dua seri dapat menghasilkan nomor yang sama."
            )
            % {"token": token}
        )


def format_nomor(
    pola: str, *, kode: str, urut: int, sisipan: int, unit: str, tanggal, jenis: str = ""
) -> str:
    """Render a number, e.g. ``100.2.4/017/416-XX/2026`` or with sisipan ``…/017.1/…``."""
    parts = []
    for literal, name, spec, _conv in string.Formatter().parse(pola):
        parts.append(literal)
        if name == "urut":
            urut_text = str(urut).zfill(int(spec) if spec else 0)
            parts.append(f"{urut_text}.{sisipan}" if sisipan else urut_text)
        elif name is not None:
            parts.append(
                {
                    "kode": kode,
                    "jenis": jenis,
                    "unit": unit,
                    "bulan_romawi": romawi(tanggal.month),
                    "bulan": f"{tanggal.month:02d}",
                    "tahun": str(tanggal.year),
                }[name]
            )
    return "".join(parts)
