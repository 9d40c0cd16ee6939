"""The demo office: every SOP role, the 12 desa, idempotent, refused in production."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from approvals import rules
from approvals.demo import DEMO_USERS, DESA, load_demo
from letters.models import KodeKlasifikasi, Tujuan
from organisasi.models import Assignment, Peran, Position, Unit, User


def _counts():
    return [m.objects.count() for m in (Unit, Position, Assignment, User, Tujuan, KodeKlasifikasi)]


def test_it_has_someone_for_every_sop_role(office):
    roles = {h.peran for u in office.values() for h in rules.holdings(u)}
    assert roles == set(Peran.values)
    assert set(office) == set(DEMO_USERS)
    assert office["admin"].is_superuser


def test_it_lists_the_twelve_desa_of_mojoanyar_as_recipients(office):
    desa = set(Tujuan.objects.filter(jenis="desa").values_list("nama", flat=True))
    assert desa == {f"Kepala Desa {d}" for d in DESA}
    assert len(desa) == 12


def test_loading_twice_changes_nothing(office):
    before = _counts()
    kasi_password = User.objects.get(username="kasi").password
    load_demo("another-password")
    assert _counts() == before
    assert User.objects.get(username="kasi").password == kasi_password


def test_the_demo_logins_work_with_the_configured_password(settings, db):
    settings.DEMO_PASSWORD = "sandi-demo"
    settings.DEBUG = True
    call_command("muat_demo")
    for username in DEMO_USERS:
        response = Client().post("/masuk/", {"username": username, "password": "sandi-demo"})
        assert response.status_code == 302, username


def test_it_is_refused_when_debug_is_off(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG tidak aktif"):
        call_command("muat_demo")
    assert not User.objects.exists()


def test_the_full_classification_list_is_installed_by_the_migrations(db):
    assert KodeKlasifikasi.objects.count() == 2990
    code = KodeKlasifikasi.objects.select_related("induk").get(kode="100.2.4")
    assert code.induk.kode == "100.2"


def test_the_plt_camat_holds_the_camat_post_as_plt(office):
    plt = Assignment.objects.get(user=office["plt_camat"], position__peran=Peran.CAMAT)
    assert plt.jenis == Assignment.Jenis.PLT
