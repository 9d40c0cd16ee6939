"""Lists of letters (Kotak Masuk, Surat Saya, the Dasbor's list): the one search rule, the
filter form, and the markers each item shows."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from approvals import rules, terlambat
from letters.models import Letter, Penerima, Status
from letters.tautan import tautan_surat
from organisasi.models import kolom_nama, nama_dari_nilai
from organisasi.pilihan import label_pilihan


def cari(letters: QuerySet, q: str) -> QuerySet:
    """The letters whose hal, nomor, drafter's name or an addressee contains ``q``."""
    q = q.strip()
    if not q:
        return letters
    tujuan = Penerima.objects.filter(letter_id=OuterRef("pk"), nama__icontains=q)
    return letters.filter(
        Q(hal__icontains=q)
        | Q(agenda__nomor__icontains=q)
        | Q(pembuat__nama__icontains=q)
        | Q(pembuat__first_name__icontains=q)
        | Q(pembuat__last_name__icontains=q)
        | Q(pembuat__username__iexact=q)
        | Exists(tujuan)
    )


class CariSuratForm(forms.Form):
    """Search and filters of a list of letters; every field optional and combinable."""

    q = forms.CharField(
        label=_l("Cari"),
        required=False,
        max_length=100,
        help_text=_l("Hal, nomor, nama pembuat, atau tujuan."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    jenis = forms.ChoiceField(
        label=_l("Jenis naskah"),
        required=False,
        choices=[("", _l("Semua jenis")), *Letter.Jenis.choices],
    )
    kecepatan = forms.ChoiceField(
        label=_l("Derajat kecepatan"),
        required=False,
        choices=[("", _l("Semua")), *Letter.Kecepatan.choices],
    )
    terlambat = forms.BooleanField(label=_l("Hanya yang terlambat"), required=False)
    status = forms.ChoiceField(
        required=False, choices=[("", ""), *Status.choices], widget=forms.HiddenInput
    )

    def data_bersih(self) -> dict:
        """The valid filters (an invalid choice is simply not applied)."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def saringan_aktif(self) -> bool:
        """Whether a filter (jenis, kecepatan, overdue) is in force."""
        d = self.data_bersih()
        return bool(d.get("jenis") or d.get("kecepatan") or d.get("terlambat"))

    def disaring(self) -> bool:
        """Whether a search or filter other than the status is in force."""
        return bool(self.data_bersih().get("q")) or self.saringan_aktif()


def saring(letters: QuerySet, data: dict) -> QuerySet:
    """Apply the search and the jenis/kecepatan filters of :class:`CariSuratForm` (the
    status and the overdue filter are applied by the list, which counts by status and
    knows the clock)."""
    letters = cari(letters, data.get("q") or "")
    if data.get("jenis"):
        letters = letters.filter(jenis=data["jenis"])
    if data.get("kecepatan"):
        letters = letters.filter(kecepatan=data["kecepatan"])
    return letters


def query(data: dict, **ganti) -> str:
    """The list's query string for links (pager, counters), without empty values."""
    merged = {**data, **ganti}
    pairs = [
        (k, "1" if v is True else v)
        for k in ("q", "jenis", "kecepatan", "terlambat", "status")
        if (v := merged.get(k))
    ]
    return urlencode(pairs)


def konteks_hitungan(counts, data: dict, urutan_status, labels=None) -> dict:
    """What ``_hitungan_status.html`` and the pager need: one counter per status in
    ``urutan_status`` that has letters (or is the one chosen), each linking with the
    search kept, and the total."""
    state = data.get("status", "")
    labels = labels or {}
    return {
        "per_state": [
            {
                "value": s.value,
                "label": labels.get(s, s.label),
                "jumlah": counts[s],
                "query": query(data, status=s.value),
            }
            for s in urutan_status
            if counts.get(s) or s == state
        ],
        "total": sum(counts.values()),
        "state": state,
        "query_semua": query(data, status=""),
        "query": query(data),
    }


def penanda(kecepatan: str, sifat: str, telat=None) -> list[dict]:
    """The markers an item shows as text: the urgency and the security class when not
    Biasa, and how late the letter is at its step."""
    tanda = []
    if kecepatan != Letter.Kecepatan.BIASA:
        tanda.append({"teks": label_pilihan(Letter, "kecepatan", kecepatan), "kelas": kecepatan})
    if sifat != Letter.Sifat.BIASA:
        tanda.append({"teks": label_pilihan(Letter, "sifat", sifat), "kelas": "sifat"})
    if telat is not None:
        tanda.append(
            {
                "teks": f"Terlambat · {telat.menit_lewat} menit lewat mutu baku",
                "kelas": "terlambat",
            }
        )
    return tanda


@dataclass(frozen=True)
class ButirSurat:
    """A letter as a list shows it (``_surat_item.html``: the Kotak Masuk, the Dasbor's
    list; Surat Saya), read as values: a page of letters as models with their relations
    costs about twice as much, for a few of their fields."""

    url: str  # the letter's page
    hal: str
    status: str
    nomor: str
    kode_klasifikasi: str
    pembuat: str
    diubah: datetime.datetime
    penanda: list[dict]
    pemegang: str = ""  # who holds it now (Surat Saya)

    def get_status_display(self) -> str:
        return label_pilihan(Letter, "status", self.status)


_KOLOM_BUTIR = (
    "pk",
    "public_id",
    "hal",
    "status",
    "kecepatan",
    "sifat",
    "diubah",
    "sejak",
    "unit_id",
    "klasifikasi__kode",
    "agenda__nomor",
    *kolom_nama("pembuat"),
)


def _nilai(ids: list[int], *kolom_lain: str) -> dict[int, dict]:
    """The letters ``ids`` as values of what an item shows (and ``kolom_lain``), by id."""
    return {
        r["pk"]: r for r in Letter.objects.filter(pk__in=ids).values(*_KOLOM_BUTIR, *kolom_lain)
    }


def _butir(r: dict, url, **lain) -> ButirSurat:
    return ButirSurat(
        url=url(r["public_id"]),
        hal=r["hal"],
        status=r["status"],
        nomor=r["agenda__nomor"] or "",
        kode_klasifikasi=r["klasifikasi__kode"],
        pembuat=nama_dari_nilai(r, "pembuat"),
        diubah=r["diubah"],
        **lain,
    )


def butir(ids: list[int], now) -> list[ButirSurat]:
    """The letters ``ids`` as list items, in that order, each marked as late or not
    (``terlambat``): three queries, whatever the page's size."""
    rows = _nilai(ids)
    url = tautan_surat("letters:detail")
    telat = terlambat.hitung_nilai(
        [(r["pk"], r["status"], r["unit_id"], r["sejak"]) for r in rows.values()], now
    )
    return [
        _butir(r, url, penanda=penanda(r["kecepatan"], r["sifat"], telat.get(pk)))
        for pk in ids
        if (r := rows.get(pk))
    ]


def butir_saya(ids: list[int]) -> list[ButirSurat]:
    """The letters ``ids`` as Surat Saya lists them, in that order: with who holds each
    now instead of markers; one query."""
    rows = _nilai(ids, "pejabat_pengawas__nama", "penandatangan__nama")
    url = tautan_surat("letters:detail")
    return [
        _butir(
            r,
            url,
            penanda=[],
            pemegang=rules.pemegang(
                r["status"],
                pembuat=nama_dari_nilai(r, "pembuat"),
                pejabat_pengawas=r["pejabat_pengawas__nama"],
                penandatangan=r["penandatangan__nama"],
            ),
        )
        for pk in ids
        if (r := rows.get(pk))
    ]


class _DenganJumlah(Paginator):
    """A paginator told its count (already known from the counters): no second COUNT."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def tampilkan(letters: QuerySet, data: dict, halaman, *, urutan, per_halaman: int = 25, now=None):
    """One page of ``letters`` after the filters of ``data``, as list items
    (:class:`ButirSurat`, with their markers), and the count per status of everything that
    matched (for the counters).

    The overdue filter is a query (``terlambat.saring_terlambat``); only the letters on
    the page are timed. The cost does not grow with the list.
    """
    now = now or timezone.now()
    letters = saring(letters, data)
    if data.get("terlambat"):
        letters = terlambat.saring_terlambat(letters, now)
    per_status = Counter(
        dict(letters.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    )
    if data.get("status"):
        letters = letters.filter(status=data["status"])
    jumlah = per_status[data["status"]] if data.get("status") else sum(per_status.values())
    # The page's ids first (the filters and the order alone), then only those letters
    # with what an item shows: a unit with a thousand letters waiting joins 25, not 1000.
    page = _DenganJumlah(
        letters.order_by(*urutan).values_list("pk", flat=True), per_halaman, jumlah
    ).get_page(halaman)
    page.object_list = butir(list(page.object_list), now)
    return page, per_status
