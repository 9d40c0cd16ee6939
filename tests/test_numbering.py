"""Letter numbers: pattern, sequence per series and year, sisipan, gaps, rollback."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from approvals import actions
from approvals.models import Unit
from letters import numbering
from letters.errors import SOPError
from letters.models import AgendaEntry, KodeKlasifikasi, Letter, NumberCounter

JULY = datetime.datetime(2021, 7, 5, 9, 30, tzinfo=datetime.UTC)


def _fmt(pola, urut, sisipan=0, kode="470", unit="PEM"):
    return numbering.format_nomor(
        pola, kode=kode, urut=urut, sisipan=sisipan, unit=unit, tanggal=JULY
    )


def test_it_formats_the_default_pattern_with_padding():
    assert _fmt("{kode}/{urut:3}/{unit}/{tahun}", 17, kode="100.2.4", unit="416-XX") == (
        "100.2.4/017/416-XX/2021"
    )


def test_it_formats_office_variants_with_roman_month_and_month():
    assert _fmt("{kode}/{urut:3}/PEM/{tahun}", 1) == "470/001/PEM/2021"
    assert _fmt("{kode}/{urut:3}/TGR/{bulan_romawi}/{tahun}", 1, kode="140") == (
        "140/001/TGR/VII/2021"
    )
    assert _fmt("{urut}.{bulan}.{tahun}", 5) == "5.07.2021"


def test_it_appends_the_sisipan_suffix_to_the_sequence():
    assert _fmt("{kode}/{urut:3}/{unit}/{tahun}", 17, sisipan=2) == "470/017.2/PEM/2021"


@pytest.mark.parametrize(
    ("pola", "pesan"),
    [
        ("{kode}/{nomor}/{tahun}", "Token tidak dikenal"),
        ("{kode}/{tahun}", "tepat satu kali"),
        ("{urut}/{urut}", "tepat satu kali"),
        ("{kode/{urut}", "Pola nomor tidak sah"),
        ("{kode:3}/{urut}", "Hanya {urut} yang boleh diberi lebar"),
    ],
)
def test_it_refuses_a_broken_pattern_with_an_indonesian_message(pola, pesan):
    with pytest.raises(ValidationError, match=pesan.replace("{", r"\{").replace("}", r"\}")):
        numbering.validasi_pola(pola)


def test_a_unit_with_a_broken_pattern_does_not_validate(office):
    unit = Unit.objects.get(nama="Kecamatan Mojoanyar")
    unit.pola_nomor = "{kode}/{tahun}"
    with pytest.raises(ValidationError):
        unit.full_clean()


def test_numbers_run_from_one_without_gaps_in_the_order_given(make_letter):
    letters = [make_letter("review") for _ in range(3)]
    year = timezone.localdate().year
    assert [letter.nomor for letter in letters] == [
        f"100.2.4/{n:03d}/416-XX/{year}" for n in (1, 2, 3)
    ]
    assert NumberCounter.objects.get().terakhir == 3


def test_each_year_starts_again_at_one(make_letter, office):
    make_letter("review")
    next_year = timezone.localtime().replace(year=timezone.localtime().year + 1)
    draft = make_letter("numbering")
    with mock.patch("letters.numbering.timezone.localtime", return_value=next_year):
        letter = actions.assign_number(draft, by=office["kasubbag"])
    assert letter.agenda.nomor_urut == 1
    assert letter.agenda.tahun == next_year.year
    assert letter.nomor.endswith(f"/{next_year.year}")


def test_a_unit_may_keep_a_series_per_classification(make_letter):
    Unit.objects.filter(nama="Kecamatan Mojoanyar").update(seri_nomor="klasifikasi")
    other = KodeKlasifikasi.objects.get(kode="000.1.1")
    a1 = make_letter("review")
    b1 = make_letter("review", klasifikasi=other)
    a2 = make_letter("review")
    assert (a1.agenda.nomor_urut, b1.agenda.nomor_urut, a2.agenda.nomor_urut) == (1, 1, 2)
    assert b1.nomor.startswith("000.1.1/001/")


def test_a_unit_may_keep_a_series_per_letter_type(make_letter):
    Unit.objects.filter(nama="Kecamatan Mojoanyar").update(seri_nomor="jenis")
    make_letter("review")
    undangan = make_letter("review", jenis=Letter.Jenis.UNDANGAN)
    assert undangan.agenda.nomor_urut == 1
    assert undangan.agenda.seri == "jenis:undangan"


def test_a_sisipan_takes_the_previous_number_plus_a_suffix_and_leaves_the_counter(
    make_letter, office
):
    make_letter("review")
    make_letter("review")
    first = actions.assign_number(
        make_letter("numbering"),
        by=office["kasubbag"],
        sisipan=numbering.Sisipan(setelah=1, alasan="Surat susulan yang tertinggal"),
    )
    second = actions.assign_number(
        make_letter("numbering"),
        by=office["kasubbag"],
        sisipan=numbering.Sisipan(setelah=1, alasan="Susulan kedua"),
    )
    year = timezone.localdate().year
    assert first.nomor == f"100.2.4/001.1/416-XX/{year}"
    assert second.nomor == f"100.2.4/001.2/416-XX/{year}"
    assert NumberCounter.objects.get().terakhir == 2
    assert make_letter("review").agenda.nomor_urut == 3


def test_a_sisipan_needs_a_reason_and_an_existing_number(make_letter, office):
    make_letter("review")
    letter = make_letter("numbering")
    with pytest.raises(SOPError, match="wajib disertai alasan"):
        actions.assign_number(
            letter, by=office["kasubbag"], sisipan=numbering.Sisipan(setelah=1, alasan=" ")
        )
    with pytest.raises(SOPError, match="belum pernah diberikan"):
        actions.assign_number(
            letter, by=office["kasubbag"], sisipan=numbering.Sisipan(setelah=5, alasan="Susulan")
        )
    letter.refresh_from_db()
    assert letter.status == "numbering"
    assert not AgendaEntry.objects.filter(letter=letter).exists()


def test_a_rollback_gives_the_number_back(make_letter, office):
    letter = make_letter("numbering")
    unit_id = letter.unit_id
    year = timezone.localdate().year
    with pytest.raises(RuntimeError), transaction.atomic():
        assert numbering.next_nomor_urut(unit_id, year, "") == 1
        raise RuntimeError("the request failed after taking a number")
    assert actions.assign_number(letter, by=office["kasubbag"]).agenda.nomor_urut == 1


def test_the_gap_report_finds_nothing_missing_and_lists_a_missing_number(make_letter, office):
    for _ in range(3):
        make_letter("review")
    year = timezone.localdate().year
    unit_id = Unit.objects.get(nama="Kecamatan Mojoanyar").pk
    assert numbering.gap_report(unit_id, year) == [
        {"seri": "", "terakhir": 3, "jumlah": 3, "hilang": []}
    ]
    AgendaEntry.objects.filter(nomor_urut=2).delete()
    assert numbering.gap_report(unit_id, year)[0]["hilang"] == [2]


def test_the_gap_report_page_is_for_the_officials_of_the_unit(make_letter, login):
    make_letter("review")
    page = login("kasubbag").get("/agenda/celah-nomor/")
    assert page.status_code == 200
    assert "Tidak ada celah" in page.content.decode()
    assert login("pelaksana").get("/agenda/celah-nomor/").status_code == 403


def test_the_number_form_asks_for_the_reason_of_a_sisipan(make_letter, login):
    letter = make_letter("numbering")
    response = login("kasubbag").post(
        f"/surat/{letter.public_id}/aksi/assign_number/", {"sisipan": "on", "setelah": "1"}
    )
    assert response.status_code == 400
    assert "Nomor sisipan wajib disertai alasan." in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == "numbering"
