"""Dasbor for the Camat, Sekcam and Kasubbag; the monthly SOP compliance report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approvals import daftar, dasbor, rules
from letters import naskah, pdf, registers
from letters.forms import PeriodeForm
from letters.models import WAITING as STILL_WAITING
from letters.models import Status
from organisasi.models import PERAN_MENGETAHUI, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEPATUHAN_COLUMNS = [
    registers.Column("Langkah", 8, "angka"),
    registers.Column("Kegiatan", 36),
    registers.Column("Mutu baku (menit)", 14, "angka"),
    registers.Column("Jumlah", 10, "angka"),
    registers.Column("Rata-rata (menit)", 14, "angka"),
    registers.Column("Persentil 90 (menit)", 16, "angka"),
    registers.Column("Tepat waktu (%)", 14, "angka"),
]


def _unit_for(user) -> Unit:
    instansi_id = rules.dasbor_instansi_id(user)
    if instansi_id is not None:
        # Its SOP steps: the overdue letters and the figures per step both read them; its
        # letter settings: who holds each overdue letter (how the unit signs).
        return (
            Unit.objects.select_related("pengaturan_surat")
            .prefetch_related("langkah_sop")
            .get(pk=instansi_id)
        )
    raise PermissionDenied(_("Dasbor hanya untuk Camat, Sekretaris Kecamatan, dan Kasubbag Umum."))


def _periode(request):
    form = PeriodeForm(request.GET or None)
    if form.is_valid():
        return form, form.periode()
    today = timezone.localdate()
    fallback = PeriodeForm({"jenis": "bulan", "tahun": today.year, "bulan": today.month})
    fallback.is_valid()
    return form, fallback.periode()


@login_required
@require_GET
def dasbor_page(request: HttpRequest) -> HttpResponse:
    unit = _unit_for(request.user)
    form, periode = _periode(request)
    per_month = dasbor.per_month(unit.pk, periode.mulai.year)
    per_class = dasbor.per_classification(unit.pk, periode.mulai.year)
    surat = dasbor.surat_unit(unit.pk, request.user)
    terlambat, jumlah_terlambat = dasbor.terlambat_teratas(
        unit, surat, batas=dasbor.BATAS_TERLAMBAT
    )
    return render(
        request,
        "approvals/dasbor.html",
        {
            "unit": unit,
            "form": form,
            "periode": periode,
            "counters": dasbor.counters(surat),
            "terlambat": terlambat,
            "jumlah_terlambat": jumlah_terlambat,
            "langkah": dasbor.step_figures(unit, periode.mulai, periode.selesai),
            "per_bulan": per_month,
            "grafik_bulan": dasbor.bar_chart(per_month),
            "per_klasifikasi": per_class,
            "grafik_klasifikasi": dasbor.bar_chart(per_class),
            "tahun": periode.mulai.year,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def surat_unit(request: HttpRequest) -> HttpResponse:
    """The letters behind the Dasbor's counters: the unit's letters in progress that the
    reader may see, by status, searchable like the Kotak Masuk."""
    unit = _unit_for(request.user)
    form = daftar.CariSuratForm(request.GET)
    data = form.data_bersih()
    page, counts = daftar.tampilkan(
        dasbor.surat_unit(unit.pk, request.user),
        data,
        request.GET.get("halaman"),
        urutan=("diubah", "pk"),
    )
    state = data.get("status", "")
    labels = dict(dasbor.WAITING)
    return render(
        request,
        "approvals/dasbor_surat.html",
        {
            "unit": unit,
            "form": form,
            "page": page,
            "judul": labels.get(state) or Status(state).label if state else _("Surat dalam proses"),
            "disaring": form.disaring(),
            **daftar.konteks_hitungan(counts, data, STILL_WAITING, labels),
        },
    )


def _rows(figures) -> list[list]:
    def r(v):
        return None if v is None else round(v, 1)

    return [
        [f.nomor, f.kegiatan, f.mutu_baku, f.jumlah, r(f.rata_rata), r(f.p90), r(f.tepat_waktu)]
        for f in figures
    ]


@login_required
@require_GET
def laporan(request: HttpRequest, fmt: str) -> HttpResponse:
    """The SOP compliance report for the chosen period, as PDF or Excel."""
    unit = _unit_for(request.user)
    _form, periode = _periode(request)
    rows = _rows(dasbor.step_figures(unit, periode.mulai, periode.selesai))
    judul = "Laporan Kepatuhan SOP Surat Keluar"
    filename = slugify(f"kepatuhan sop {periode.label}")
    if fmt == "xlsx":
        response = HttpResponse(
            registers.xlsx("Kepatuhan SOP", KEPATUHAN_COLUMNS, rows), content_type=XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    content = pdf.render_pdf(
        "pdf/kepatuhan.html",
        {
            "judul": judul,
            "unit": unit,
            "periode": periode,
            "kolom": [c.judul for c in KEPATUHAN_COLUMNS],
            "baris": [["-" if v is None else v for v in row] for row in rows],
            "halaman": naskah.halaman(unit),
            "tempat_tanggal": naskah.tempat_tanggal(unit, timezone.localdate()),
            "mengetahui": naskah.pejabat(unit.pk, PERAN_MENGETAHUI[0]),
        },
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
