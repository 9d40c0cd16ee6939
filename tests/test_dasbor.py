"""The Dasbor: figures checked against a known set of letters."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from approvals import dasbor, durasi
from letters import riwayat, triggers
from letters.models import KodeKlasifikasi, Letter, LetterEvent
from organisasi.models import Unit
from tests.pdf_text import text

TZ = timezone.get_current_timezone()
DAY = datetime.date(2026, 3, 2)  # a Monday


def _at(minutes: int) -> datetime.datetime:
    return datetime.datetime.combine(DAY, datetime.time(8, 0), TZ) + datetime.timedelta(
        minutes=minutes
    )


def _timed(letter, minutes: list[int]):
    # Backdating rewrites the history: only with the record triggers lifted.
    with triggers.suspended():
        for event, m in zip(letter.events.order_by("pk"), minutes, strict=True):
            LetterEvent.objects.filter(pk=event.pk).update(waktu=_at(m))
    riwayat.sejak_dari_riwayat(Letter.objects.filter(pk=letter.pk))
    # The stored step durations follow the history they were computed from.
    durasi.isi_ulang(Letter.objects.filter(pk=letter.pk))


@pytest.fixture
def known(make_letter, time_machine):
    """Three sent letters whose step times are known (minutes, office hours)."""
    # One moment for the whole set: a run that crosses midnight of a year's end would
    # number them in two years, and the test would ask about one of them.
    time_machine.move_to(timezone.now(), tick=False)
    Unit.objects.update(hitung_jam_kerja=True)
    # create, submit, number, paraf, approve, sign, dispatch
    plans = [
        [0, 10, 11, 15, 25, 28, 35],  # 10, 1, 4, 10, 3, 7 — all within the mutu baku
        [0, 20, 24, 30, 50, 60, 80],  # 20, 4, 6, 20, 10, 20 — all over
        [0, 14, 16, 21, 36, 41, 51],  # 14, 2, 5, 15, 5, 10 — exactly at the mutu baku
    ]
    letters = []
    for plan in plans:
        letter = make_letter("sent")
        _timed(letter, plan)
        letters.append(letter)
    make_letter("review", klasifikasi=KodeKlasifikasi.objects.get(kode="000.1.1"))
    return letters


def _unit():
    return Unit.objects.get(induk=None)


def test_step_figures_match_the_known_times(known):
    figures = {f.nomor: f for f in dasbor.step_figures(_unit(), DAY, DAY)}
    assert figures[1].jumlah == 3
    assert figures[1].rata_rata == pytest.approx((10 + 20 + 14) / 3)
    assert figures[1].p90 == 20
    assert figures[1].tepat_waktu == pytest.approx(200 / 3)  # 10 and 14 are within 15
    assert figures[2].rata_rata == pytest.approx(7 / 3) and figures[2].tepat_waktu == pytest.approx(
        200 / 3
    )
    assert figures[4].p90 == 20 and figures[4].tepat_waktu == pytest.approx(200 / 3)
    assert figures[6].rata_rata == pytest.approx(37 / 3)


def test_stays_outside_the_period_are_not_counted(known):
    figures = dasbor.step_figures(
        _unit(), DAY + datetime.timedelta(days=1), DAY + datetime.timedelta(days=30)
    )
    assert all(f.jumlah == 0 and f.rata_rata is None for f in figures)


def test_the_counters_show_the_waiting_letters(known, make_letter):
    make_letter("signing")
    counts = {c["status"]: c["jumlah"] for c in dasbor.counters(dasbor.surat_unit(_unit().pk))}
    assert counts == {"numbering": 0, "review": 1, "approval": 0, "signing": 1, "signed": 0}


def test_letters_per_month_and_classification(known):
    year = timezone.localdate().year
    months = dasbor.per_month(_unit().pk, year)
    assert sum(m["jumlah"] for m in months) == 4
    assert months[timezone.localdate().month - 1]["jumlah"] == 4
    classes = {c["label"]: c["jumlah"] for c in dasbor.per_classification(_unit().pk, year)}
    assert classes == {"000": 1, "100": 3}


def test_an_overdue_letter_is_listed_with_who_holds_it(make_letter):
    Unit.objects.update(hitung_jam_kerja=False)
    letter = make_letter("approval")
    with triggers.suspended():
        LetterEvent.objects.filter(letter=letter).update(
            waktu=timezone.now() - datetime.timedelta(minutes=40)
        )
    riwayat.sejak_dari_riwayat(Letter.objects.filter(pk=letter.pk))
    (row,) = dasbor.overdue_letters(_unit())
    assert row["letter"] == letter and row["langkah"].nomor == 4
    assert row["pemegang"] == "Hendra Saputra, S.H."
    assert row["menit"] >= 40


def test_the_dasbor_page_for_the_leaders_only(known, login):
    params = {"jenis": "bulan", "tahun": DAY.year, "bulan": DAY.month}
    html = login("camat").get("/dasbor/", params).content.decode()
    for expected in (
        "Waktu per langkah SOP",
        "Pemberian nomor surat",
        "<svg",
        "67%",
        "Surat bernomor per klasifikasi",
    ):
        assert expected in html
    assert login("sekcam").get("/dasbor/").status_code == 200
    assert login("kasubbag").get("/dasbor/").status_code == 200
    assert login("pelaksana").get("/dasbor/").status_code == 403
    assert login("kasi").get("/dasbor/").status_code == 403


def test_the_compliance_report_as_excel_and_pdf(known, login):
    params = {"jenis": "bulan", "tahun": DAY.year, "bulan": DAY.month}
    client = login("sekcam")
    sheet = load_workbook(io.BytesIO(client.get("/dasbor/laporan.xlsx", params).content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:4] == [1, "Pembuatan konsep surat", 15, 3]
    assert rows[0][6] == pytest.approx(66.7)
    printed = " ".join(text(client.get("/dasbor/laporan.pdf", params).content).split())
    assert "LAPORAN KEPATUHAN SOP SURAT KELUAR" in printed
    assert "Bulan Maret 2026" in printed and "66,7" in printed  # Indonesian decimal comma


def test_the_report_comes_only_as_pdf_or_excel(login, office):
    client = login("camat")
    assert client.get("/dasbor/laporan.pdf").status_code == 200
    assert client.get("/dasbor/laporan.docx").status_code == 404
