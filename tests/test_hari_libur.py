"""A holiday entered afterwards (a collective leave day announced late, or a date entered
by mistake and removed) counts the stored step durations around it again, so the Dasbor
and the compliance report measure office time with the office's real calendar."""

import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from approvals import actions
from approvals.models import DurasiLangkah
from organisasi.models import HariLibur
from tests.conftest import letter_data, recipients

TZ = timezone.get_current_timezone()
JUMAT = datetime.datetime(2026, 3, 6, 15, 50, tzinfo=TZ)
SENIN = datetime.date(2026, 3, 9)
SELASA = datetime.datetime(2026, 3, 10, 7, 40, tzinfo=TZ)


def _menit(letter) -> list[float]:
    return list(
        DurasiLangkah.objects.filter(letter=letter)
        .order_by("selesai")
        .values_list("menit", flat=True)
    )


def _draft_submitted(office, time_machine, dibuat, diajukan):
    time_machine.move_to(dibuat, tick=False)
    letter = actions.create_letter(
        by=office["pelaksana"], data=letter_data(), penerima=recipients()
    )
    time_machine.move_to(diajukan, tick=False)
    return actions.submit(letter, by=office["pelaksana"])


def test_a_holiday_added_moved_or_removed_counts_the_stays_over_it_again(
    office, kalender_kantor, time_machine, login, worker, django_capture_on_commit_callbacks
):
    HariLibur.objects.filter(tanggal=SENIN).delete()  # entered during the test, below
    # Drafted Friday 15.50, submitted Tuesday 07.40: 10 + 510 (Monday) + 10 office minutes.
    over_senin = _draft_submitted(office, time_machine, JUMAT, SELASA)
    # Drafted and submitted on Friday the 13th: nothing of it is near Monday or Wednesday.
    jumat_depan = JUMAT + datetime.timedelta(days=7, hours=-6)
    lain = _draft_submitted(
        office, time_machine, jumat_depan, jumat_depan + datetime.timedelta(minutes=5)
    )
    assert _menit(over_senin) == [530.0]
    tetap = list(DurasiLangkah.objects.filter(letter=lain).values_list("pk", "menit"))
    admin = login("admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/organisasi/harilibur/add/", {"tanggal": "2026-03-09", "nama": "Cuti bersama"}
        )
    assert response.status_code == 302
    worker()
    assert _menit(over_senin) == [20.0]  # Monday is no longer office time

    libur = HariLibur.objects.get(tanggal=SENIN)
    with django_capture_on_commit_callbacks(execute=True):  # a new name: nothing to count
        admin.post(
            f"/admin/organisasi/harilibur/{libur.pk}/change/",
            {"tanggal": "2026-03-09", "nama": "Cuti bersama Idulfitri"},
        )
    assert HariLibur.objects.get(pk=libur.pk).nama == "Cuti bersama Idulfitri"
    assert not DBTaskResult.objects.filter(status="READY").exists()

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            f"/admin/organisasi/harilibur/{libur.pk}/change/",
            {"tanggal": "2026-03-11", "nama": "Cuti bersama"},
        )
    worker()
    assert _menit(over_senin) == [530.0]  # moved to Wednesday: Monday counts again

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            f"/admin/organisasi/harilibur/{libur.pk}/change/",
            {"tanggal": "2026-03-09", "nama": "Cuti bersama"},
        )
    worker()
    assert _menit(over_senin) == [20.0]

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/admin/organisasi/harilibur/{libur.pk}/delete/", {"post": "yes"})
    worker()
    assert _menit(over_senin) == [530.0]
    assert not HariLibur.objects.filter(pk=libur.pk).exists()
    # A letter none of whose stays reach the day is left as it was.
    assert list(DurasiLangkah.objects.filter(letter=lain).values_list("pk", "menit")) == tetap
