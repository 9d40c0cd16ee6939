"""Units, positions and assignments: rights follow the current assignment, with dates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from approvals import actions, rules
from letters.models import Letter
from organisasi.models import Assignment, Position, Unit, User
from tests.conftest import PASSWORD, ensure_key

TODAY = timezone.localdate


def _plh_sekcam(office, mulai, selesai):
    return Assignment.objects.create(
        user=office["kasi"],
        position=Position.objects.get(nama="Sekretaris Kecamatan"),
        jenis=Assignment.Jenis.PLH,
        mulai=mulai,
        selesai=selesai,
    )


def test_sub_units_belong_to_the_kecamatan_that_issues_the_letters(office):
    kecamatan = Unit.objects.get(nama="Kecamatan Mojoanyar")
    umpeg = Unit.objects.get(nama="Sub Bagian Umum dan Kepegawaian")
    assert kecamatan.instansi_id == kecamatan.pk
    assert umpeg.instansi_id == kecamatan.pk


def test_a_unit_cannot_be_its_own_ancestor(office):
    kecamatan = Unit.objects.get(nama="Kecamatan Mojoanyar")
    kecamatan.induk = Unit.objects.get(nama="Sub Bagian Umum dan Kepegawaian")
    with pytest.raises(ValidationError, match="lingkaran"):
        kecamatan.full_clean()


def test_a_plh_acts_only_within_the_dates_of_the_assignment(make_letter, office):
    letter = make_letter("approval")
    _plh_sekcam(office, TODAY() - datetime.timedelta(days=10), TODAY() - datetime.timedelta(days=1))
    assert not rules.may(User.objects.get(username="kasi"), "approve", letter)

    _plh_sekcam(office, TODAY(), TODAY() + datetime.timedelta(days=3))
    kasi = User.objects.get(username="kasi")
    assert rules.capacity(kasi, "approve", letter) == "Plh. Sekretaris Kecamatan"
    letter = actions.approve(letter, versi=letter.versi, by=kasi)
    assert letter.events.last().sebagai == "Plh. Sekretaris Kecamatan"


def test_a_future_assignment_gives_no_rights_yet(make_letter, office):
    letter = make_letter("approval")
    _plh_sekcam(office, TODAY() + datetime.timedelta(days=1), TODAY() + datetime.timedelta(days=5))
    with pytest.raises(PermissionDenied):
        actions.approve(letter, versi=letter.versi, by=User.objects.get(username="kasi"))


def test_an_ended_assignment_takes_the_rights_away(make_letter, office):
    letter = make_letter("review")
    Assignment.objects.filter(user=office["kasi"]).update(
        selesai=TODAY() - datetime.timedelta(days=1)
    )
    with pytest.raises(PermissionDenied):
        actions.paraf(letter, versi=letter.versi, by=User.objects.get(username="kasi"))


def test_an_inactive_user_has_no_rights(make_letter, office):
    letter = make_letter("numbering")
    office["kasubbag"].is_active = False
    office["kasubbag"].save()
    with pytest.raises(PermissionDenied):
        actions.assign_number(letter, by=User.objects.get(username="kasubbag"))


def test_a_plh_assignment_needs_an_end_date_and_ends_after_it_starts(office):
    plh = Assignment(
        user=office["kasi"],
        position=Position.objects.get(nama="Camat Mojoanyar"),
        jenis=Assignment.Jenis.PLH,
        mulai=TODAY(),
    )
    with pytest.raises(ValidationError, match="harus punya tanggal selesai"):
        plh.full_clean()
    plh.selesai = TODAY() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="tidak boleh sebelum mulai"):
        plh.full_clean()


def test_officials_carry_nip_pangkat_and_gelar(office):
    camat = office["camat"]
    assert camat.nama_bergelar == "Bagus Wicaksono, S.STP., M.Si."
    assert camat.pangkat_golongan == "Pembina Tingkat I (IV/b)"
    camat.nip = "12345"
    with pytest.raises(ValidationError, match="NIP harus 18 digit"):
        camat.full_clean()


def test_a_plh_camat_signs_letters_marked_plh(make_letter, office):
    _plh = Assignment.objects.create(
        user=office["sekcam"],
        position=Position.objects.get(nama="Camat Mojoanyar"),
        jenis=Assignment.Jenis.PLH,
        mulai=TODAY(),
        selesai=TODAY() + datetime.timedelta(days=2),
    )
    letter = make_letter("signing", cara_ttd=Letter.CaraTtd.PLH)
    with pytest.raises(PermissionDenied):
        actions.sign(letter, versi=letter.versi, by=office["camat"], passphrase=PASSWORD)
    ensure_key(office["sekcam"])
    letter = actions.sign(
        letter, versi=letter.versi, by=User.objects.get(username="sekcam"), passphrase=PASSWORD
    )
    assert letter.jabatan_penandatangan == "Plh. Camat Mojoanyar"
    assert letter.ditandatangani_oleh == office["sekcam"]


def test_a_unit_moved_to_another_kecamatan_takes_its_sub_units_along(office):
    mojoanyar = Unit.objects.get(nama="Kecamatan Mojoanyar")
    umpeg = Unit.objects.get(nama="Sub Bagian Umum dan Kepegawaian")
    below = Unit.objects.create(nama="Urusan Arsip", jenis=umpeg.jenis, induk=umpeg)
    assert below.instansi_id == mojoanyar.pk

    other = Unit.objects.create(nama="Kecamatan Bangsal", jenis=mojoanyar.jenis)
    umpeg.induk = other
    umpeg.save()
    assert Unit.objects.get(pk=umpeg.pk).instansi_id == other.pk
    assert Unit.objects.get(pk=below.pk).instansi_id == other.pk

    umpeg.induk = None  # becomes a tree of its own
    umpeg.save()
    assert Unit.objects.get(pk=below.pk).instansi_id == umpeg.pk
