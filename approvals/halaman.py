"""Pages of a list newest first (Surat Saya, Notifikasi), found from the last row of the
page before (keyset) instead of by counting: no count of the whole list, so the first page
of 50,000 letters costs what the first page of 50 does, read from an index on
(time, id). A page link carries the time and id of the row it continues from; a row
added between two loads neither repeats nor is skipped.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from letters.agenda import Halaman

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def kunci(waktu: datetime.datetime, pk: int) -> str:
    """The position of a row in the list, for a page link (microseconds and id)."""
    return f"{(waktu - EPOCH) // datetime.timedelta(microseconds=1)}.{pk}"


def baca_kunci(teks: str | None) -> tuple[datetime.datetime, int] | None:
    """``kunci`` read back; None if absent or malformed (then the first page is shown)."""
    try:
        mikro, pk = (int(b) for b in (teks or "").split("."))
        return EPOCH + datetime.timedelta(microseconds=mikro), pk
    except (ValueError, OverflowError):
        return None


def halaman(
    qs: QuerySet, kolom: str, params, *, query: str = "", per_halaman: int = 25, muat=None
) -> Halaman:
    """The page of ``qs``, newest ``kolom`` first, that the request's ``params`` ask for
    (``setelah``/``sebelum``: the page after / before a row; ``halaman``: only the number
    shown). ``query``: the list's other parameters, kept in the links.

    ``muat``: reads the page's rows from their ids, in that order (e.g. as values); the
    page is then found from the ids and times alone, without joining what a row shows.
    """
    try:
        number = max(int(params.get("halaman") or 1), 1)
    except ValueError:
        number = 1
    setelah, sebelum = baca_kunci(params.get("setelah")), baca_kunci(params.get("sebelum"))
    if setelah:
        waktu, pk = setelah
        qs = qs.filter(Q(**{f"{kolom}__lt": waktu}) | Q(**{kolom: waktu, "pk__lt": pk}))
    elif sebelum:
        waktu, pk = sebelum
        qs = qs.filter(Q(**{f"{kolom}__gt": waktu}) | Q(**{kolom: waktu, "pk__gt": pk}))
    if muat is not None:
        qs = qs.values_list(kolom, "pk")
    if sebelum and not setelah:
        rows = list(qs.order_by(kolom, "pk")[: per_halaman + 1])
        has_previous, has_next = len(rows) > per_halaman, True
        rows = rows[:per_halaman][::-1]
    else:
        rows = list(qs.order_by(f"-{kolom}", "-pk")[: per_halaman + 1])
        has_previous, has_next = bool(setelah), len(rows) > per_halaman
        rows = rows[:per_halaman]
        if not setelah:
            number = 1
    if not has_previous:
        number = 1
    if muat is None:
        posisi = [(getattr(r, kolom), r.pk) for r in rows]
    else:  # rows of (kolom, pk)
        posisi, rows = rows, muat([pk for _, pk in rows])
    # The agenda's page shape; no paginator: the pager shows no total.
    page = Halaman(rows, number, None, has_previous, has_next and bool(rows))

    def tautan(**param) -> str:
        return "&".join(filter(None, [query, urlencode(param)]))

    if page.has_next:
        page.next_query = tautan(halaman=number + 1, setelah=kunci(*posisi[-1]))
    if page.has_previous and rows:
        page.previous_query = (
            tautan(halaman=1)
            if number <= 2
            else tautan(halaman=number - 1, sebelum=kunci(*posisi[0]))
        )
    return page
