"""A query compiled once and run with other values (organisasi.kueri_siap): the user's
current positions, read on every page, are what the ORM query gives, on SQLite and on
PostgreSQL, with the day's dates applied."""

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
        rules._holding(a)
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
