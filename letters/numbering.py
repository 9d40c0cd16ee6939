"""Letter numbers: the per-series counter, the number pattern, sisipan and the gap report.

The counter is one row per series (unit, year, series key). It is incremented with a
single ``UPDATE … SET terakhir = terakhir + 1 … RETURNING terakhir`` inside the caller's
transaction, which holds the row lock until commit: concurrent requests queue on that
row, and a rollback gives the number back. Numbers therefore have no gaps and no
duplicates. Beri Nomor (``approvals.actions.assign_number``) takes the number as the last
step of its transaction, so the row is held only while the agenda line is written.

Two series of one unit must never print the same number: a pattern must carry the token
that tells its series apart ({kode} per klasifikasi, {jenis} per jenis naskah), and the
pattern, the series mode and the unit code are frozen once the year's first number is
given (a new series starting at 1 under another pattern could repeat an old number). The
database backs this with a unique constraint on (unit, year, formatted number).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.errors import SOPError
from letters.jenis_naskah import kode_jenis
from letters.models import AgendaEntry, NumberCounter, PengaturanSurat, pengaturan_surat
from letters.pola_nomor import format_nomor


def series_key(letter) -> str:
    """The counter series a letter belongs to, by its unit's setting."""
    mode = pengaturan_surat(letter.unit).seri_nomor
    if mode == PengaturanSurat.SeriNomor.KLASIFIKASI:
        return f"kode:{letter.klasifikasi.kode}"
    if mode == PengaturanSurat.SeriNomor.JENIS:
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


def _format(letter, pengaturan, *, urut: int, suffix: int, now) -> str:
    return format_nomor(
        pengaturan.pola_nomor,
        kode=letter.klasifikasi.kode,
        jenis=kode_jenis(letter.jenis),
        urut=urut,
        sisipan=suffix,
        unit=pengaturan.kode_unit,
        tanggal=now,
    )


def peek_number(letter) -> str:
    """The number ``letter`` would be given now, without taking it (no lock, no write):
    shown before the Kasubbag gives it. Someone else may take it meanwhile; the number
    actually given is decided by :func:`give_number` under the counter's lock."""
    now = timezone.localtime()
    seri = series_key(letter)
    terakhir = (
        NumberCounter.objects.filter(unit_id=letter.unit_id, tahun=now.year, seri=seri)
        .values_list("terakhir", flat=True)
        .first()
    )
    pengaturan = pengaturan_surat(letter.unit)
    return _format(letter, pengaturan, urut=(terakhir or 0) + 1, suffix=0, now=now)


def give_number(letter, *, by, sisipan: Sisipan | None = None) -> AgendaEntry:
    """Give ``letter`` its number and open its agenda line (caller holds the transaction)."""
    now = timezone.localtime()
    unit = letter.unit
    pengaturan = pengaturan_surat(unit)
    seri = series_key(letter)
    if sisipan is None:
        urut, suffix = next_nomor_urut(unit.pk, now.year, seri), 0
    else:
        urut, suffix = _sisipan_slot(unit.pk, now.year, seri, sisipan)
    nomor = _format(letter, pengaturan, urut=urut, suffix=suffix, now=now)
    try:
        with transaction.atomic():
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
    except IntegrityError as exc:
        # Only a pattern changed outside the admin's checks can get here; the caller's
        # transaction rolls back, so the counter gives the number back.
        raise SOPError(
            _(
                "Nomor %(nomor)s sudah dimiliki surat lain tahun ini, sehingga tidak "
                "diberikan. Minta admin memeriksa pola nomor dan seri penomoran unit."
            )
            % {"nomor": nomor}
        ) from exc


def _sisipan_slot(unit_id: int, tahun: int, seri: str, sisipan: Sisipan) -> tuple[int, int]:
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
