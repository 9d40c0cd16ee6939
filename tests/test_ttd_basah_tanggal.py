"""A letter signed in ink keeps one date: the day its final copy was printed (the date on
the paper), in the agenda and on the letter, whenever the scan is uploaded."""

import base64
import datetime
import zoneinfo

import pytest
import time_machine

from letters import naskah
from letters.models import Letter, PengaturanSurat
from tests.pdf_text import text
from tests.test_ttd_basah import _final_print, _scan_of, _upload
from tte import pindaian

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
HARI_1 = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=WIB)  # Monday
HARI_3 = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=WIB)


@pytest.fixture
def tinta(office):
    PengaturanSurat.objects.filter(unit__induk=None).update(metode_ttd="manual")


def _flat(content: bytes) -> str:
    return " ".join(text(content).split())


def test_printed_on_day_1_uploaded_on_day_3_the_letter_is_dated_day_1(tinta, make_letter, login):
    with time_machine.travel(HARI_1, tick=False):
        letter = make_letter("signing")
        kasubbag = login("kasubbag")
        printed = _final_print(kasubbag, letter)
        assert "Mojoanyar, 2 Maret 2026" in _flat(printed)
    scan = _scan_of(printed)

    with time_machine.travel(HARI_3, tick=False):
        response = _upload(kasubbag, letter, scan)
        assert "Surat telah ditandatangani." in response.content.decode()
        letter = Letter.objects.get(pk=letter.pk)
        assert letter.status == "signed"
        assert letter.tanggal_surat == datetime.date(2026, 3, 2)
        assert letter.ditandatangani_pada.astimezone(WIB).date() == datetime.date(2026, 3, 4)
        agenda = kasubbag.get("/agenda/").content.decode()
        assert "02-03-2026" in agenda and "04-03-2026" not in agenda
        # The letter as the application prints it from its record carries the same date.
        assert "Mojoanyar, 2 Maret 2026" in _flat(naskah.letter_pdf(letter))
        page = kasubbag.get(f"/verifikasi/{letter.dokumen.kode_verifikasi}/")
        assert "2 Maret 2026" in page.content.decode()


def test_the_code_on_the_paper_tells_its_version_and_day(tinta, make_letter):
    letter = make_letter("signing")
    hari = datetime.date(2026, 3, 2)
    kode = pindaian.kode_ttd_basah(letter, 1, hari)
    assert pindaian.baca_kode(letter, kode) == (1, hari)
    assert pindaian.kode_ttd_basah(letter, 1, hari + datetime.timedelta(days=1)) != kode
    # Changing the day in the code breaks it.
    raw = bytearray(base64.b32decode(kode))
    raw[1] ^= 1
    assert pindaian.baca_kode(letter, base64.b32encode(bytes(raw)).decode()) is None


def test_a_copy_printed_before_codes_carried_their_day_is_still_accepted(tinta, make_letter):
    letter = make_letter("signing")
    lama = pindaian._kode_lama(letter, 1)
    assert pindaian.baca_kode(letter, lama) == (1, None)
    assert pindaian.tanggal_cetak(letter, lama) is None  # dated at upload, as before
