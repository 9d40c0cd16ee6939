"""The Django admin manages the organisation; letters there are read-only."""

import pytest
from django.urls import reverse

from letters.models import PengaturanSurat
from organisasi.models import Unit
from tte.models import PengaturanTte

ADMIN_MODELS = [
    ("organisasi", "user"),
    ("organisasi", "unit"),
    ("organisasi", "position"),
    ("organisasi", "assignment"),
    ("letters", "kodeklasifikasi"),
    ("letters", "tujuan"),
    ("letters", "letter"),
    ("letters", "agendaentry"),
    ("letters", "numbercounter"),
    ("approvals", "surelkeluar"),
    ("tte", "kuncitte"),
    ("tte", "sertifikatinduk"),
    ("organisasi", "harilibur"),
]


@pytest.mark.parametrize(("app", "model"), ADMIN_MODELS)
def test_every_admin_list_opens(make_letter, login, app, model):
    make_letter("review")
    response = login("admin").get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200


def test_letters_cannot_be_changed_in_the_admin(make_letter, login):
    letter = make_letter("review")
    client = login("admin")
    assert client.get(reverse("admin:letters_letter_add")).status_code == 403
    page = client.get(reverse("admin:letters_letter_change", args=[letter.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_a_unit_number_pattern_is_checked_in_the_admin(office, login):
    unit = Unit.objects.get(nama="Kecamatan Mojoanyar")
    client = login("admin")
    url = reverse("admin:organisasi_unit_change", args=[unit.pk])
    page = client.get(url)
    data = _form_data(page.context["adminform"].form, *page.context["inline_admin_formsets"])
    data["pengaturan_surat-0-pola_nomor"] = "{kode}/{nomor}/{tahun}"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Token tidak dikenal pada pola nomor: nomor" in response.content.decode()
    assert PengaturanSurat.objects.get(unit=unit).pola_nomor == "{kode}/{urut:3}/{unit}/{tahun}"
    # A valid change is saved, together with the unit's other settings.
    data["pengaturan_surat-0-pola_nomor"] = "{kode}/{urut:4}/{unit}/{tahun}"
    data["pengaturan_tte-0-layanan_tte"] = "bsre"
    assert client.post(url, data).status_code == 302
    assert PengaturanSurat.objects.get(unit=unit).pola_nomor == "{kode}/{urut:4}/{unit}/{tahun}"
    assert PengaturanTte.objects.get(unit=unit).layanan_tte == "bsre"


def _form_data(form, *formsets) -> dict:
    """What the browser would post back for an admin change page, unchanged."""
    data = {}
    for bound in [form, *(f.formset for f in formsets)]:
        forms = [bound] if bound is form else [bound.management_form, *bound.forms]
        for each in forms:
            for name in each.fields:
                value = each[name].value()
                if value is None or value is False:
                    continue
                key = each.add_prefix(name)
                data[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def test_staff_without_admin_rights_do_not_get_the_admin(office, login):
    response = login("kasubbag").get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_sop_steps_of_a_unit_are_edited_in_the_admin(office, login):
    unit = Unit.objects.get(nama="Kecamatan Mojoanyar")
    page = login("admin").get(reverse("admin:organisasi_unit_change", args=[unit.pk]))
    html = page.content.decode()
    assert "Pemberian nomor surat" in html and 'value="15"' in html


def test_an_officials_pkcs12_is_uploaded_and_the_passphrase_not_kept(office, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import PASSWORD, ensure_key
    from tte.models import KunciTte

    ensure_key(office["sekcam"])
    p12 = bytes(KunciTte.objects.get(user=office["sekcam"]).p12)
    KunciTte.objects.all().delete()
    client = login("admin")
    url = reverse("admin:tte_kuncitte_add")

    def upload(passphrase):
        return client.post(
            url,
            {
                "user": office["sekcam"].pk,
                "passphrase": passphrase,
                "berkas": SimpleUploadedFile("kunci.p12", p12),
            },
        )

    refused = upload("salah")
    assert "passphrase salah" in refused.content.decode()
    assert not KunciTte.objects.exists()
    upload(PASSWORD)
    key = KunciTte.objects.get(user=office["sekcam"])
    assert "Hendra Saputra" in key.subjek
    assert bytes(key.p12) == p12
