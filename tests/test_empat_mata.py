"""Four eyes: the drafter, the Pejabat Pengawas and the signer are three different people,
and who signs a.n. the head is the unit's setting, not the drafter's choice."""

import pytest
from django.core.exceptions import PermissionDenied

from approvals import actions, rules
from letters.errors import SOPError
from letters.models import Letter
from organisasi.models import Unit
from tests.conftest import PASSWORD, current_version, ensure_key, letter_data, position, recipients
from tests.isian import field_error, new_letter


def _draft_by(user, **overrides) -> Letter:
    """A draft written straight through the action, past the form's checks."""
    return actions.create_letter(by=user, data=letter_data(**overrides), penerima=recipients())


def _force_state(letter: Letter, status: str) -> Letter:
    """Put a letter at a step as if its earlier steps had been taken."""
    Letter.objects.filter(pk=letter.pk).update(status=status)
    return Letter.objects.get(pk=letter.pk)


def test_the_form_refuses_a_drafter_as_their_own_pejabat_pengawas(login):
    response = login("kasi").post("/surat/baru/", new_letter())
    assert response.status_code == 200
    assert field_error("Pembuat surat tidak dapat menjadi Pejabat Pengawas suratnya sendiri.") in (
        response.content.decode()
    )
    assert not Letter.objects.exists()


def test_the_form_refuses_a_drafter_as_their_own_signer(login):
    # plt_camat heads Seksi Trantib and is Plt. Camat: a letter they draft for the Plt.
    # Camat to sign would be signed by themselves.
    data = new_letter(cara_ttd=Letter.CaraTtd.PLT)
    html = login("plt_camat").post("/surat/baru/", data).content.decode()
    assert field_error("Pembuat surat tidak dapat menandatangani suratnya sendiri.") in html
    assert not Letter.objects.exists()


def test_the_form_refuses_one_person_as_pejabat_pengawas_and_signer(login):
    data = new_letter(
        pejabat_pengawas=position("Kepala Seksi Ketenteraman dan Ketertiban Umum").pk,
        cara_ttd=Letter.CaraTtd.PLT,
    )
    html = login("pelaksana").post("/surat/baru/", data).content.decode()
    assert "Pejabat Pengawas dan penandatangan surat ini orang yang sama" in html
    assert not Letter.objects.exists()


def test_only_the_positions_the_unit_allows_sign_atas_nama(login, office):
    page = login("pelaksana").get("/surat/baru/").content.decode()
    signer_select = page.split('name="penandatangan"', 1)[1].split("</select>", 1)[0]
    assert "Sekretaris Kecamatan" in signer_select and "Camat Mojoanyar" in signer_select
    assert "Kepala Seksi Pemerintahan" not in signer_select

    kasi = position("Kepala Seksi Pemerintahan")
    instansi = Unit.objects.get(nama="Kecamatan Mojoanyar")
    problem = rules.masalah_pejabat(
        instansi=instansi,
        pembuat=office["pelaksana"],
        pejabat_pengawas=position("Kepala Sub Bagian Umum dan Kepegawaian"),
        penandatangan=kasi,
        cara_ttd=Letter.CaraTtd.AN,
    )
    assert problem.field == "penandatangan"
    assert "tidak termasuk pejabat yang boleh menandatangani a.n. pimpinan" in problem.pesan

    instansi.penandatangan_an.add(kasi)  # the unit's own decision
    assert (
        rules.masalah_pejabat(
            instansi=instansi,
            pembuat=office["pelaksana"],
            pejabat_pengawas=position("Kepala Sub Bagian Umum dan Kepegawaian"),
            penandatangan=kasi,
            cara_ttd=Letter.CaraTtd.AN,
        )
        is None
    )


def test_a_draft_past_the_form_cannot_be_submitted_to_its_own_drafter(office):
    letter = _draft_by(office["kasi"])
    with pytest.raises(SOPError, match="tidak dapat menjadi Pejabat Pengawas suratnya sendiri"):
        actions.submit(letter, by=office["kasi"])
    assert Letter.objects.get(pk=letter.pk).status == "draft"


def test_the_drafter_cannot_give_paraf_to_their_own_letter(office):
    letter = _force_state(_draft_by(office["kasi"]), "review")
    with pytest.raises(PermissionDenied):
        actions.paraf(letter, by=office["kasi"], versi=letter.versi)
    assert Letter.objects.get(pk=letter.pk).status == "review"
    assert not rules.may(office["kasi"], "paraf", letter)


def test_the_drafter_cannot_sign_their_own_letter(office):
    ensure_key(office["plt_camat"])
    letter = _draft_by(office["plt_camat"], cara_ttd=Letter.CaraTtd.PLT)
    letter = _force_state(letter, "signing")
    with pytest.raises(PermissionDenied):
        actions.sign(letter, by=office["plt_camat"], versi=letter.versi, passphrase=PASSWORD)
    assert Letter.objects.get(pk=letter.pk).status == "signing"


def test_whoever_gave_paraf_does_not_sign_the_same_letter(office, make_letter, login):
    ensure_key(office["plt_camat"])
    letter = make_letter("review", cara_ttd=Letter.CaraTtd.PLT)
    trantib = position("Kepala Seksi Ketenteraman dan Ketertiban Umum")
    Letter.objects.filter(pk=letter.pk).update(pejabat_pengawas=trantib)  # past the form
    letter.refresh_from_db()
    letter = actions.paraf(letter, by=office["plt_camat"], versi=letter.versi)
    letter = actions.approve(letter, by=office["sekcam"], versi=letter.versi)

    client = login("plt_camat")
    assert letter.hal not in client.get("/").content.decode()  # not in their Kotak Masuk
    response = client.post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {"versi": current_version(letter), "passphrase": PASSWORD},
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.sign(letter, by=office["plt_camat"], versi=letter.versi, passphrase=PASSWORD)
    assert Letter.objects.get(pk=letter.pk).status == "signing"
