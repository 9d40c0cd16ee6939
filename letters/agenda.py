"""The Agenda Surat Keluar: its rows, filters and the unit/year it covers."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from letters.models import AgendaEntry, Dispatch, Penerima, Status

# The letters each status choice of the agenda filter (forms.AgendaFilterForm) shows.
STATUS_FILTER = {
    "proses": [Status.REVIEW, Status.APPROVAL, Status.SIGNING, Status.REVISION],
    "ditandatangani": [Status.SIGNED],
    "terkirim": [Status.SENT],
    "batal": [Status.CANCELLED],
}


def entries(terlihat) -> QuerySet[AgendaEntry]:
    """Agenda lines of the letters ``terlihat`` (the ones the reader may see), with
    everything a row shows in a fixed number of queries."""
    return (
        AgendaEntry.objects.filter(letter__in=terlihat.values("pk"))
        .select_related("letter__klasifikasi", "letter__ditandatangani_oleh", "letter__dokumen")
        .prefetch_related(
            Prefetch("letter__penerima", queryset=Penerima.objects.order_by("urutan", "pk")),
            Prefetch("letter__pengiriman", queryset=Dispatch.objects.order_by("dicatat_pada")),
        )
        .order_by("-tahun", "unit_id", "seri", "-nomor_urut", "-sisipan")
    )


def apply_filters(qs: QuerySet[AgendaEntry], data: dict) -> QuerySet[AgendaEntry]:
    if data.get("tahun"):
        qs = qs.filter(tahun=data["tahun"])
    if data.get("bulan"):
        qs = qs.filter(tanggal__month=int(data["bulan"]))
    if data.get("klasifikasi"):
        kode = data["klasifikasi"].strip()
        qs = qs.filter(
            Q(letter__klasifikasi__kode=kode) | Q(letter__klasifikasi__kode__startswith=f"{kode}.")
        )
    status = data.get("status")
    if status:
        qs = qs.filter(letter__status__in=STATUS_FILTER[status])
    if data.get("q"):
        q = data["q"].strip()
        qs = qs.filter(
            Q(nomor__icontains=q)
            | Q(letter__hal__icontains=q)
            | Q(letter__penerima__nama__icontains=q)
        ).distinct()
    return qs


def is_batal(entry: AgendaEntry) -> bool:
    return entry.letter.status == Status.CANCELLED


def keterangan(entry: AgendaEntry) -> str:
    notes = []
    if is_batal(entry):
        notes.append("BATAL")
    if entry.sisipan:
        notes.append(f"Sisipan: {entry.alasan_sisipan}")
    return "; ".join(notes)
