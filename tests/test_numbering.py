"""Letter numbers: pattern, sequence per series and year, sisipan, gaps, rollback."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals import actions
from letters import pola_nomor
from letters.errors import SOPError
from letters.models import AgendaEntry, KodeKlasifikasi, Letter, NumberCounter, PengaturanSurat

JULY = datetime.datetime(2021, 7, 5, 9, 30, tzinfo=datetime.UTC)


def _fmt(pola, urut, sisipan=0, kode="470", unit="PEM"):
    return pola_nomor.format_nomor(
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
        pola_nomor.validasi_pola(pola)


def test_a_unit_with_a_broken_pattern_does_not_validate(office):
    unit = PengaturanSurat.objects.get(unit__nama="Kecamatan Mojoanyar")
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
    PengaturanSurat.objects.filter(unit__nama="Kecamatan Mojoanyar").update(
        seri_nomor="klasifikasi"
    )
    other = KodeKlasifikasi.objects.get(kode="000.1.1")
    a1 = make_letter("review")
    b1 = make_letter("review", klasifikasi=other)
    a2 = make_letter("review")
    assert (a1.agenda.nomor_urut, b1.agenda.nomor_urut, a2.agenda.nomor_urut) == (1, 1, 2)
    assert b1.nomor.startswith("000.1.1/001/")


def test_a_unit_may_keep_a_series_per_letter_type(make_letter):
    PengaturanSurat.objects.filter(unit__nama="Kecamatan Mojoanyar").update(
        seri_nomor="jenis", pola_nomor="{kode}/{urut:3}/{jenis}/{unit}/{tahun}"
    )
    dinas = make_letter("review")
    undangan = make_letter("review", jenis=Letter.Jenis.UNDANGAN)
    assert undangan.agenda.nomor_urut == 1
    assert undangan.agenda.seri == "jenis:undangan"
    year = timezone.localdate().year
    assert dinas.nomor == f"100.2.4/001/SD/416-XX/{year}"
    assert undangan.nomor == f"100.2.4/001/UND/416-XX/{year}"


@pytest.mark.parametrize(
    ("seri", "pola", "token"),
    [
        ("jenis", "{kode}/{urut:3}/{unit}/{tahun}", "{jenis}"),
        ("klasifikasi", "{urut:3}/{unit}/{tahun}", "{kode}"),
    ],
)
def test_a_pattern_that_cannot_tell_its_series_apart_is_refused(office, seri, pola, token):
    unit = PengaturanSurat.objects.get(unit__nama="Kecamatan Mojoanyar")
    unit.seri_nomor, unit.pola_nomor = seri, pola
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert f"pola nomor harus memuat token {token}" in refused.value.message_dict["pola_nomor"][0]


def test_the_database_never_gives_one_number_to_two_letters(make_letter, office):
    # A pattern without {jenis} slipped past the checks (written straight to the table):
    # the second series would repeat the first number, and the database refuses it.
    PengaturanSurat.objects.filter(unit__nama="Kecamatan Mojoanyar").update(seri_nomor="jenis")
    first = make_letter("review")
    undangan = make_letter("numbering", jenis=Letter.Jenis.UNDANGAN)
    with pytest.raises(SOPError, match=f"Nomor {first.nomor} sudah dimiliki surat lain"):
        actions.assign_number(undangan, by=office["kasubbag"])
    undangan.refresh_from_db()
    assert undangan.status == "numbering" and not hasattr(undangan, "agenda")
    assert not NumberCounter.objects.filter(seri="jenis:undangan", terakhir__gt=0).exists()
    assert AgendaEntry.objects.filter(nomor=first.nomor).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seri_nomor", "klasifikasi"),
        ("pola_nomor", "{kode}/{urut:4}/{unit}/{tahun}"),
        ("kode_unit", "416-07"),
    ],
)
def test_how_numbers_are_made_is_frozen_after_the_first_number_of_the_year(
    make_letter, field, value
):
    unit = PengaturanSurat.objects.get(unit__nama="Kecamatan Mojoanyar")
    setattr(unit, field, value)
    unit.full_clean()  # before the year's first number: allowed
    first = make_letter("review")
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    message = refused.value.message_dict[field][0]
    assert "sudah memberi nomor surat tahun" in message and first.nomor in message


def test_the_frozen_setting_may_change_before_the_first_number_of_a_new_year(make_letter):
    make_letter("review")
    unit = PengaturanSurat.objects.get(unit__nama="Kecamatan Mojoanyar")
    unit.seri_nomor = "klasifikasi"
    next_year = timezone.localdate().replace(month=1, day=2, year=timezone.localdate().year + 1)
    with mock.patch("letters.numbering.timezone.localdate", return_value=next_year):
        unit.full_clean()


def test_the_series_counter_stays_locked_only_while_the_agenda_line_is_written(make_letter, office):
    """Everyone numbering in the series queues on its counter row until the commit: the
    number is taken last, after the history, durations and notifications are written."""
    letter = make_letter("numbering")

    with CaptureQueriesContext(connection) as ditangkap:
        actions.assign_number(letter, by=office["kasubbag"])

    sql = [q["sql"] for q in ditangkap.captured_queries]
    counter = NumberCounter._meta.db_table
    ambil = next(i for i, s in enumerate(sql) if s.startswith(f"UPDATE {counter} "))
    sesudahnya = [s for s in sql[ambil + 1 :] if "SAVEPOINT" not in s]
    assert len(sesudahnya) == 1
    assert sesudahnya[0].startswith(f'INSERT INTO "{AgendaEntry._meta.db_table}"')
    assert any("letters_letterevent" in s for s in sql[:ambil])
    assert Letter.objects.get(pk=letter.pk).agenda.nomor_urut == 1
