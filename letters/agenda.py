"""The Agenda Surat Keluar: its rows, filters, search, pages and the unit/year it covers."""

from __future__ import annotations

import datetime
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from urllib.parse import urlencode

from django.db import connections
from django.db.models import Prefetch, Q, QuerySet

from letters.models import (
    AgendaEntry,
    Dispatch,
    KodeKlasifikasi,
    Letter,
    Penerima,
    SignedDocument,
    Status,
    label_urut,
)
from letters.tautan import tautan_surat
from organisasi.models import kolom_nama, nama_dari_nilai
from organisasi.pilihan import label_pilihan
from organisasi.tanggal import tanggal_angka

# The letters each status choice of the agenda filter (forms.AgendaFilterForm) shows.
STATUS_FILTER = {
    "proses": [Status.REVIEW, Status.APPROVAL, Status.SIGNING, Status.REVISION],
    "ditandatangani": [Status.SIGNED],
    "terkirim": [Status.SENT],
    "batal": [Status.CANCELLED],
}

# The agenda's order: the newest year first, then per unit and series the latest number
# first. Index ``agenda_urutan`` (letters.models.AgendaEntry) has exactly these columns and
# directions, so a page is read from the index: see :func:`halaman`.
URUTAN = ("-tahun", "unit_id", "seri", "-nomor_urut", "-sisipan")
PER_HALAMAN = 50


# Up to this many hidden letters are named in the query itself (the database then knows
# how few they are when it plans; PostgreSQL hashes the list); more, and they stay a subquery.
TERSEMBUNYI_DIDAFTAR = 5000


def entries(units: list[int] | None, tersembunyi: QuerySet[Letter]) -> QuerySet[AgendaEntry]:
    """Agenda lines of the issuing ``units`` (None: every unit) but not of the letters
    ``tersembunyi`` (in those units, the ones the reader may not see: approvals.rules),
    in the agenda's order; :func:`halaman` loads what the rows of a page show. The
    agenda's own index reads the units' lines; the hidden letters (few: Rahasia ones off
    the reader's route, often none) are read first, one query, and left out by id."""
    qs = AgendaEntry.objects.all()
    if units is not None:
        qs = qs.filter(unit_id__in=units)
    ids = list(tersembunyi.order_by().values_list("pk", flat=True)[: TERSEMBUNYI_DIDAFTAR + 1])
    if len(ids) > TERSEMBUNYI_DIDAFTAR:
        qs = qs.exclude(letter_id__in=tersembunyi.values("pk"))
    elif ids:
        qs = qs.exclude(letter_id__in=ids)
    return qs.order_by(*URUTAN)


def lengkapi(qs: QuerySet[AgendaEntry]) -> QuerySet[AgendaEntry]:
    """``qs`` with what a printed row shows: the letter, its classification, signer and
    signed document, its addressees and its dispatches."""
    return qs.select_related(
        "letter__klasifikasi", "letter__ditandatangani_oleh", "letter__dokumen"
    ).prefetch_related(
        Prefetch("letter__penerima", queryset=Penerima.objects.order_by("urutan", "pk")),
        Prefetch("letter__pengiriman", queryset=Dispatch.objects.order_by("dicatat_pada")),
    )


# What a row of the Agenda page shows, read as values: fifty agenda lines as models with
# their letters (some eighty columns, the letter's text and fields among them) cost
# several times what these twenty do.
_KOLOM_BARIS = (
    "pk",
    "tahun",
    "unit_id",
    "seri",
    "nomor_urut",
    "sisipan",
    "alasan_sisipan",
    "nomor",
    "tanggal",
    "letter_id",
    "letter__public_id",
    "letter__status",
    "letter__klasifikasi__kode",
    "letter__tanggal_surat",
    "letter__jenis",
    "letter__hal",
    "letter__sifat",
    "letter__lampiran",
    "letter__jabatan_penandatangan",
    "letter__dokumen__cara",
    *kolom_nama("letter__ditandatangani_oleh"),
)


def _baris(ids: list[int]) -> list[dict]:
    """The agenda lines ``ids`` (a page, found by the order and the filters alone, without
    joining what a row shows) as values of what a row shows (:func:`baris_halaman`), in
    that order. A search matching thousands of letters joins fifty, not thousands."""
    rows = {
        r["pk"]: r for r in AgendaEntry.objects.filter(pk__in=ids).order_by().values(*_KOLOM_BARIS)
    }
    return [rows[pk] for pk in ids if pk in rows]


def cocok_cari(q: str, units: list[int] | None = None) -> QuerySet:
    """The letters (of ``units``; None: any) whose number, subject (hal) or an addressee
    contains ``q`` (any case).

    Three searches, one per column, each served on PostgreSQL by its trigram index
    (migration letters 0007: GIN ``gin_trgm_ops`` on UPPER(column), which is what
    ``icontains`` asks for); their union is a set of letter ids, not a join that multiplies
    rows. The index only narrows the rows down: each is then read and checked, so the
    units' own index narrows them first (a common word in a kabupaten's subjects: 10 ->
    5 ms). On SQLite the same query scans (LIKE), which is fine at an office's size.
    """
    nomor = AgendaEntry.objects.filter(nomor__icontains=q)
    hal = Letter.objects.filter(hal__icontains=q)
    tujuan = Penerima.objects.filter(nama__icontains=q)
    if units is not None:
        nomor, hal = nomor.filter(unit_id__in=units), hal.filter(unit_id__in=units)
    return (
        nomor.order_by()
        .values("letter_id")
        .union(hal.order_by().values("pk"), tujuan.order_by().values("letter_id"))
    )


def apply_filters(
    qs: QuerySet[AgendaEntry], data: dict, units: list[int] | None = None
) -> QuerySet[AgendaEntry]:
    """``qs`` (from :func:`entries` of ``units``) after the filters of ``data``."""
    surat = Letter.objects.all() if units is None else Letter.objects.filter(unit_id__in=units)
    if data.get("tahun"):
        qs = qs.filter(tahun=data["tahun"])
    if data.get("bulan"):
        bulan = int(data["bulan"])
        if data.get("tahun"):  # a date range: read from the index (unit, tahun, tanggal)
            awal = datetime.date(int(data["tahun"]), bulan, 1)
            akhir = datetime.date(awal.year + bulan // 12, bulan % 12 + 1, 1)
            qs = qs.filter(tanggal__gte=awal, tanggal__lt=akhir)
        else:
            qs = qs.filter(tanggal__month=bulan)
    # The letter's status is on the line (kept by the database: letters.triggers), read
    # from index ``agenda_status``. Other filters on the letter are sets of letter ids
    # (of the same units): the database hashes them once and checks each agenda line
    # against the set, instead of looking up every line's letter.
    status = data.get("status")
    if status:
        qs = qs.filter(status_surat__in=STATUS_FILTER[status])
    if data.get("klasifikasi"):
        kode = data["klasifikasi"].strip()
        klas = KodeKlasifikasi.objects.filter(Q(kode=kode) | Q(kode__startswith=f"{kode}."))
        pilihan = surat.filter(klasifikasi_id__in=klas.values("pk"))
        qs = qs.filter(letter_id__in=pilihan.values("pk"))
    q = (data.get("q") or "").strip()
    if q:
        qs = qs.filter(letter_id__in=cocok_cari(q, units))
    return qs


# --- pages ----------------------------------------------------------------------------
#
# A page after the first is found from the last row of the page before (keyset), not by
# counting rows from the start (OFFSET): page 400 costs what page 2 costs, and a letter
# numbered between two page loads neither repeats a row nor skips one.


def kunci(entry: AgendaEntry | dict) -> str:
    """The position of ``entry`` (an agenda line, or a page's row: :func:`_baris`) in the
    agenda's order, for a page link."""
    e = entry if isinstance(entry, dict) else vars(entry)
    return f"{e['tahun']}.{e['unit_id']}.{e['nomor_urut']}.{e['sisipan']}.{e['seri']}"


def baca_kunci(teks: str | None) -> tuple[int, int, str, int, int] | None:
    """``kunci`` read back as (tahun, unit, seri, nomor urut, sisipan); None if malformed."""
    if not teks:
        return None
    bagian = teks.split(".", 4)
    if len(bagian) != 5:
        return None
    try:
        tahun, unit, urut, sisipan = (int(b) for b in bagian[:4])
    except ValueError:
        return None
    if min(tahun, unit, urut, sisipan) < 0 or max(tahun, unit, urut, sisipan) > 2**31 - 1:
        return None
    return tahun, unit, bagian[4], urut, sisipan


def _rentang(k: tuple[int, int, str, int, int], setelah: bool) -> list[Q]:
    """The rows after (``setelah``) or before ``k`` in URUTAN as ranges of the index
    ``agenda_urutan``, the nearest first: its columns have mixed directions, so "after
    k" is no single range but one per column (the columns before it equal to k's)."""
    nilai = dict(zip((f.lstrip("-") for f in URUTAN), k, strict=True))
    rentang = []
    for i, f in enumerate(URUTAN):
        kolom = f.lstrip("-")
        arah = "lt" if f.startswith("-") == setelah else "gt"
        sama = {c.lstrip("-"): nilai[c.lstrip("-")] for c in URUTAN[:i]}
        rentang.append(Q(**sama, **{f"{kolom}__{arah}": nilai[kolom]}))
    return rentang[::-1]


def _terbalik(urutan: tuple[str, ...]) -> list[str]:
    return [f[1:] if f.startswith("-") else f"-{f}" for f in urutan]


def _ids_dalam(qs: QuerySet[AgendaEntry], rentang: list[Q], batas: int) -> list[int]:
    """The ids of the first ``batas`` rows of ``qs`` (ordered) that lie in ``rentang``
    (ranges in that order: :func:`_rentang`).

    As one OR, the database would read the ranges row by row from the start of the
    index, checking each against the key (a page deep in a year: tens of thousands of
    rows). Where the database can, each range is read from the index up to ``batas``
    rows and the union sorted: at most five short index reads, whichever page.
    """
    if not connections[qs.db].features.supports_slicing_ordering_in_compound:
        return list(qs.filter(reduce(operator.or_, rentang)).values_list("pk", flat=True)[:batas])
    urutan = qs.query.order_by
    kolom = ("pk", *(f.lstrip("-") for f in urutan))
    bagian = [qs.filter(r).values_list(*kolom)[:batas] for r in rentang]
    gabungan = bagian[0].union(*bagian[1:], all=True).order_by(*urutan)[:batas]
    return [row[0] for row in gabungan]


# Counting every matching row costs as much as reading them all (each is checked against
# what the reader may see); beyond this many, the page says "lebih dari" instead.
BATAS_HITUNG = 1000


@dataclass
class _Jumlah:
    count: int
    per_page: int
    lebih: bool = False  # more than BATAS_HITUNG rows: ``count`` is that limit

    @property
    def num_pages(self) -> int | None:
        """The number of pages, or None when the rows were not all counted."""
        return None if self.lebih else max(1, -(-self.count // self.per_page))

    @property
    def keterangan(self) -> str:
        jumlah = f"{self.count:,} entri".replace(",", ".")  # 1.000: the Indonesian way
        return f"Lebih dari {jumlah}" if self.lebih else jumlah


@dataclass
class Halaman:
    """One page of the agenda, shaped like django.core.paginator.Page for the pager
    (partials/pager.html), with the links to the pages around it."""

    rows: list
    number: int
    paginator: _Jumlah | None  # None: not counted (the pager shows no total)
    has_previous: bool
    has_next: bool
    previous_query: str = ""
    next_query: str = ""
    object_list: list = field(init=False)

    def __post_init__(self):
        self.object_list = self.rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return max(1, self.number - 1)

    def next_page_number(self) -> int:
        return self.number + 1


def halaman(
    qs: QuerySet[AgendaEntry],
    *,
    nomor: str | None,
    setelah: str | None,
    sebelum: str | None,
    query: str,
    per_halaman: int = PER_HALAMAN,
) -> Halaman:
    """The page of ``qs`` (ordered by URUTAN) the links asked for.

    ``setelah``/``sebelum``: the page starting after / ending before that row (the
    Berikutnya / Sebelumnya links). Without them, page ``nomor`` counted from the start
    (the first page, or an old link). ``query``: the filters, kept in the links.
    """
    k_setelah, k_sebelum = baca_kunci(setelah), baca_kunci(sebelum)
    # Counted in the agenda's order, as a page is read: the database then checks the
    # rows one by one along the index rather than hashing every letter a filter names.
    # The first rows in that order are also the first page: one read for both.
    awal = None
    if k_setelah is None and k_sebelum is None:
        awal = list(qs.values_list("pk", flat=True)[: BATAS_HITUNG + 1])
        n = len(awal)
    else:
        n = qs[: BATAS_HITUNG + 1].count()
    jumlah = _Jumlah(min(n, BATAS_HITUNG), per_halaman, lebih=n > BATAS_HITUNG)
    try:
        number = int(nomor or 1)
    except ValueError:
        number = 1
    number = min(max(number, 1), jumlah.num_pages or number)
    if k_setelah is not None:
        ids = _ids_dalam(qs, _rentang(k_setelah, setelah=True), per_halaman + 1)
        has_previous, has_next = True, len(ids) > per_halaman
        ids = ids[:per_halaman]
        number = max(number, 2)
    elif k_sebelum is not None:
        mundur = qs.order_by(*_terbalik(URUTAN))
        ids = _ids_dalam(mundur, _rentang(k_sebelum, setelah=False), per_halaman + 1)
        has_previous, has_next = len(ids) > per_halaman, True
        ids = ids[:per_halaman][::-1]
        if not has_previous:
            number = 1
    else:
        start = (number - 1) * per_halaman
        akhir = start + per_halaman + 1
        if n <= BATAS_HITUNG or akhir <= n:  # within the rows already read
            ids = awal[start:akhir]
        else:  # an old link to a page past them
            ids = list(qs.values_list("pk", flat=True)[start:akhir])
        has_previous, has_next = number > 1, len(ids) > per_halaman
        ids = ids[:per_halaman]
    rows = _baris(ids)
    if has_next and jumlah.num_pages:  # rows numbered since the count: stay below the last
        number = min(number, max(jumlah.num_pages - 1, 1))
    page = Halaman(rows, number, jumlah, has_previous, has_next and bool(rows))

    def tautan(**param) -> str:
        return "&".join(filter(None, [query, urlencode(param)]))

    if page.has_next:
        page.next_query = tautan(halaman=number + 1, setelah=kunci(rows[-1]))
    if page.has_previous:
        if number <= 2 or not rows:
            page.previous_query = tautan(halaman=1)
        else:
            page.previous_query = tautan(halaman=number - 1, sebelum=kunci(rows[0]))
    return page


def is_batal(entry: AgendaEntry) -> bool:
    return entry.letter.status == Status.CANCELLED


def tujuan(nama: Iterable[str]) -> str:
    """The addressees in one line."""
    return "; ".join(nama)


def cara_kirim(dispatch: Dispatch) -> str:
    """How a letter went out, and who received it."""
    text = dispatch.get_cara_display()
    return f"{text} — {dispatch.nama_penerima}" if dispatch.nama_penerima else text


@dataclass(frozen=True)
class BarisAgenda:
    """One row of the Agenda page with every cell as shown: fifty rows of twelve cells
    are the page's main cost, and a template looking each cell up through the entry,
    its letter and their relations costs several times what this does."""

    url: str  # the letter's page
    url_pdf: str  # its signed document
    batal: bool
    urut: str
    nomor: str
    kode: str
    tanggal: str
    tujuan: str
    jenis: str
    hal: str
    sifat: str
    lampiran: str
    jabatan_ttd: str
    penandatangan: str
    kirim: list[tuple[str, str]]  # per dispatch: the date sent, how and to whom
    keterangan: str
    dokumen: str  # what the link to the signed letter says ("" before it is signed)


def baris_halaman(rows: list[dict]) -> list[BarisAgenda]:
    """The rows of a page of the Agenda (:func:`halaman`) as shown, with their letters'
    addressees and dispatches, read in two queries for the page and handed to each row
    (not prefetched: Django would build two querysets for every row)."""
    letter_ids = [r["letter_id"] for r in rows]
    penerima = defaultdict(list)
    for letter_id, nama in (
        Penerima.objects.filter(letter_id__in=letter_ids)
        .order_by("urutan", "pk")
        .values_list("letter_id", "nama")
    ):
        penerima[letter_id].append(nama)
    kirim = defaultdict(list)
    for dispatch in Dispatch.objects.filter(letter_id__in=letter_ids).order_by("dicatat_pada"):
        kirim[dispatch.letter_id].append(dispatch)
    tautan = tautan_surat("letters:detail"), tautan_surat("letters:surat_pdf")
    return [baris(r, penerima[r["letter_id"]], kirim[r["letter_id"]], tautan) for r in rows]


def _dokumen(cara: str | None) -> str:
    """What the link to a letter's signed document says ("" before it is signed)."""
    if cara is None:
        return ""
    return "PDF ber-TTE" if SignedDocument.cara_elektronik(cara) else "Pindaian bertanda tangan"


def baris(r: dict, penerima: list[str], kirim: list[Dispatch], tautan) -> BarisAgenda:
    """The row of a page of the Agenda from its values (:func:`_baris`), with the names of
    its letter's addressees and its dispatches in their order; ``tautan``: the links to
    a letter's page and to its document (``tautan_surat``)."""
    ke_surat, ke_pdf = tautan
    public_id = r["letter__public_id"]
    batal = r["letter__status"] == Status.CANCELLED
    return BarisAgenda(
        url=ke_surat(public_id),
        url_pdf=ke_pdf(public_id),
        batal=batal,
        urut=label_urut(r["nomor_urut"], r["sisipan"]),
        nomor=r["nomor"],
        kode=r["letter__klasifikasi__kode"],
        tanggal=tanggal_angka(r["letter__tanggal_surat"] or r["tanggal"]),
        tujuan=tujuan(penerima),
        jenis=label_pilihan(Letter, "jenis", r["letter__jenis"]),
        hal=r["letter__hal"],
        sifat=label_pilihan(Letter, "sifat", r["letter__sifat"]),
        lampiran=r["letter__lampiran"] or "-",
        jabatan_ttd=r["letter__jabatan_penandatangan"],
        penandatangan=nama_dari_nilai(r, "letter__ditandatangani_oleh"),
        kirim=[
            (tanggal_angka(d.tanggal_kirim) if d.tanggal_kirim else "", cara_kirim(d))
            for d in kirim
        ],
        keterangan=_keterangan(batal, r["sisipan"], r["alasan_sisipan"]),
        dokumen=_dokumen(r["letter__dokumen__cara"]),
    )


def keterangan(entry: AgendaEntry) -> str:
    """The Keterangan column of ``entry`` (its letter loaded)."""
    return _keterangan(is_batal(entry), entry.sisipan, entry.alasan_sisipan)


def _keterangan(batal: bool, sisipan: int, alasan_sisipan: str) -> str:
    notes = []
    if batal:
        notes.append("BATAL")
    if sisipan:
        notes.append(f"Sisipan: {alasan_sisipan}")
    return "; ".join(notes)
