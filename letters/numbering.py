"""Letter numbers: the per-series counter, the number pattern, sisipan and the gap report.

The counter is one row per series (unit, year, series key). It is incremented with a
single ``UPDATE … SET terakhir = terakhir + 1 … RETURNING terakhir`` inside the caller's
transaction, which holds the row lock until commit: concurrent requests queue on that
row, and a rollback gives the number back. Numbers therefore have no gaps and no
duplicates (a unique constraint on the agenda backs this up).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.models import AgendaEntry, NumberCounter

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
TOKENS = {"kode", "urut", "unit", "bulan_romawi", "bulan", "tahun"}
_URUT_SPEC = re.compile(r"^\d?$")


def validasi_pola(pola: str) -> None:
    """Raise ValidationError (Indonesian) unless ``pola`` is a usable number pattern."""
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


def format_nomor(pola: str, *, kode: str, urut: int, sisipan: int, unit: str, tanggal) -> str:
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
                    "unit": unit,
                    "bulan_romawi": ROMAN_MONTHS[tanggal.month - 1],
                    "bulan": f"{tanggal.month:02d}",
                    "tahun": str(tanggal.year),
                }[name]
            )
    return "".join(parts)


def series_key(letter) -> str:
    """The counter series a letter belongs to, by its unit's setting."""
    mode = letter.unit.seri_nomor
    if mode == "klasifikasi":
        return f"kode:{letter.klasifikasi.kode}"
    if mode == "jenis":
        return f"jenis:{letter.jenis}"
    return ""


def next_nomor_urut(unit_id: int, tahun: int, seri: str) -> int:
    """Take the next number of a series. Must run inside the caller's transaction."""
    assert connection.in_atomic_block, "next_nomor_urut needs the caller's transaction"
    NumberCounter.objects.bulk_create(
        [NumberCounter(unit_id=unit_id, tahun=tahun, seri=seri)], ignore_conflicts=True
    )
    table = NumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET terakhir = terakhir + 1 "
            "WHERE unit_id = %s AND tahun = %s AND seri = %s RETURNING terakhir",
            [unit_id, tahun, seri],
        )
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Sisipan:
    setelah: int  # the nomor urut the inserted number follows
    alasan: str


def give_number(letter, *, by, sisipan: Sisipan | None = None) -> AgendaEntry:
    """Give ``letter`` its number and open its agenda line (caller holds the transaction)."""
    now = timezone.localtime()
    unit = letter.unit
    seri = series_key(letter)
    if sisipan is None:
        urut, suffix = next_nomor_urut(unit.pk, now.year, seri), 0
    else:
        urut, suffix = _sisipan_slot(unit.pk, now.year, seri, sisipan)
    nomor = format_nomor(
        unit.pola_nomor,
        kode=letter.klasifikasi.kode,
        urut=urut,
        sisipan=suffix,
        unit=unit.kode_unit,
        tanggal=now,
    )
    return AgendaEntry.objects.create(
        letter=letter,
        unit=unit,
        tahun=now.year,
        seri=seri,
        nomor_urut=urut,
        sisipan=suffix,
        alasan_sisipan=sisipan.alasan if sisipan else "",
        nomor=nomor,
        tanggal=now.date(),
        diberikan_oleh=by,
    )


def _sisipan_slot(unit_id: int, tahun: int, seri: str, sisipan: Sisipan) -> tuple[int, int]:
    from letters.errors import SOPError

    if not sisipan.alasan.strip():
        raise SOPError(_("Nomor sisipan wajib disertai alasan."))
    # Lock the series so two sisipan after the same number get different suffixes.
    counter = (
        NumberCounter.objects.select_for_update()
        .filter(unit_id=unit_id, tahun=tahun, seri=seri)
        .first()
    )
    if counter is None or not 1 <= sisipan.setelah <= counter.terakhir:
        raise SOPError(
            _(
                "Nomor urut %(n)s belum pernah diberikan tahun ini; sisipan hanya dapat "
                "menyusul nomor yang sudah ada."
            )
            % {"n": sisipan.setelah}
        )
    last = AgendaEntry.objects.filter(
        unit_id=unit_id, tahun=tahun, seri=seri, nomor_urut=sisipan.setelah
    ).aggregate(m=Max("sisipan"))["m"]
    return sisipan.setelah, (last or 0) + 1


def gap_report(unit_id: int, tahun: int) -> list[dict]:
    """Per series: the counter, the numbers present, and any missing nomor urut."""
    counters = NumberCounter.objects.filter(unit_id=unit_id, tahun=tahun).order_by("seri")
    report = []
    for counter in counters:
        given = set(
            AgendaEntry.objects.filter(
                unit_id=unit_id, tahun=tahun, seri=counter.seri, sisipan=0
            ).values_list("nomor_urut", flat=True)
        )
        missing = [n for n in range(1, counter.terakhir + 1) if n not in given]
        report.append(
            {
                "seri": counter.seri,
                "terakhir": counter.terakhir,
                "jumlah": len(given),
                "hilang": missing,
            }
        )
    return report
