"""A query compiled once and run with other values (organisasi.kueri_siap): the user's
current positions, read on every page, and a unit's staff, read by every SOP action (who
is told), are what the ORM query gives, on SQLite and on PostgreSQL, with the day's dates
applied."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from approvals import rules
from organisasi.kueri_siap import KueriSiap
from organisasi.models import Assignment, Position, User

TODAY = timezone.localdate


def _dari_orm(user, tanggal):
    return [
        rules._holding_baris(
            a.position_id,
            a.position.peran,
            a.position.unit_id,
            a.position.unit.instansi_id,
            a.jenis,
            a.position.nama,
            a.position.atasan_id,
        )
        for a in Assignment.objects.berlaku(tanggal)
        .filter(user_id=user.pk)
        .select_related("position__unit")
        .order_by("jenis", "position__urutan")
    ]


def _segar(user):
    return User.objects.get(pk=user.pk)  # no holdings remembered


def test_a_user_s_positions_are_those_in_force_today_in_order(office):
    kasi = office["kasi"]
    sekcam = Position.objects.get(nama="Sekretaris Kecamatan")
    camat = Position.objects.get(nama="Camat Mojoanyar")
    for jabatan, jenis, mulai, selesai in (
        (sekcam, Assignment.Jenis.PLH, TODAY(), TODAY()),  # today only: in force
        (
            camat,
            Assignment.Jenis.PLT,
            TODAY() - datetime.timedelta(days=9),
            TODAY() - datetime.timedelta(days=1),
        ),  # ended yesterday
        (camat, Assignment.Jenis.PLH, TODAY() + datetime.timedelta(days=1), None),  # tomorrow
    ):
        Assignment.objects.create(
            user=kasi, position=jabatan, jenis=jenis, mulai=mulai, selesai=selesai
        )

    holdings = rules.holdings(_segar(kasi))

    assert [h.label for h in holdings] == ["Kepala Seksi Pemerintahan", "Plh. Sekretaris Kecamatan"]
    assert holdings == _dari_orm(kasi, TODAY())


def test_tomorrow_the_positions_are_tomorrow_s(office, time_machine):
    kasi = office["kasi"]
    camat = Position.objects.get(nama="Camat Mojoanyar")
    besok = TODAY() + datetime.timedelta(days=1)
    Assignment.objects.create(user=kasi, position=camat, jenis=Assignment.Jenis.PLH, mulai=besok)
    assert "Plh. Camat Mojoanyar" not in [h.label for h in rules.holdings(_segar(kasi))]

    time_machine.move_to(datetime.datetime.combine(besok, datetime.time(9)), tick=False)

    assert "Plh. Camat Mojoanyar" in [h.label for h in rules.holdings(_segar(kasi))]
    assert rules.holdings(_segar(kasi)) == _dari_orm(kasi, besok)


def test_a_stand_in_the_query_does_not_use_is_refused(db):
    kueri = KueriSiap(
        lambda user_id, tanggal: Assignment.objects.filter(user_id=user_id).values_list("pk"),
        user_id=-7_000_001,
        tanggal=datetime.date(1111, 11, 11),
    )
    with pytest.raises(ImproperlyConfigured, match="Nilai contoh tidak ditemukan"):
        kueri.baris(user_id=1, tanggal=TODAY())


def test_a_unit_s_staff_are_its_active_people_in_force_today_with_their_positions(office):
    kasi, sekcam = office["kasi"], Position.objects.get(nama="Sekretaris Kecamatan")
    Assignment.objects.create(user=kasi, position=sekcam, jenis=Assignment.Jenis.PLH, mulai=TODAY())
    keluar = office["pelaksana"]
    User.objects.filter(pk=keluar.pk).update(is_active=False)
    instansi_id = rules.holdings(_segar(kasi))[0].instansi_id

    staf = rules.staf_instansi(instansi_id)

    aktif = {
        a.user_id
        for a in Assignment.objects.berlaku(TODAY()).di_instansi(instansi_id)
        if a.user.is_active
    }
    assert {u.pk for u in staf} == aktif and keluar.pk not in aktif
    for user in staf:
        segar = _segar(user)
        assert rules.holdings(user) == _dari_orm(segar, TODAY())
        assert (str(user), user.email, user.is_superuser) == (
            str(segar),
            segar.email,
            segar.is_superuser,
        )
    dua_jabatan = next(u for u in staf if u.pk == kasi.pk)
    assert [h.label for h in rules.holdings(dua_jabatan)] == [
        "Kepala Seksi Pemerintahan",
        "Plh. Sekretaris Kecamatan",
    ]
