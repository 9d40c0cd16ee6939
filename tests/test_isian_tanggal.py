"""Dates and times are written the Indonesian way in every form, whatever the browser.

Dates show as 30/11/2026 and are taken as 30/11/2026, 30-11-2026, 30.11.2026, 30112026
or 2026-11-30; times show as 09.00 and are taken as 09.00, 09:00 or 0900. The page is
Indonesian also for a browser that asks for English.
"""

import datetime

import pytest

from letters.fields_tanggal import PESAN_TANGGAL, PESAN_WAKTU, TanggalField
from letters.models import Letter
from tests.isian import field_error, new_letter

BARU = "/surat/baru/"
TUJUH_BELAS = datetime.date(2025, 8, 17)


def _balasan(tanggal: str) -> dict:
    return new_letter(
        surat_masuk_nomor="005/12/416.302/2025",
        surat_masuk_tanggal=tanggal,
        surat_masuk_pengirim="Kepala Desa Jabon",
    )


@pytest.mark.parametrize(
    "ditulis", ["17/08/2025", "17-08-2025", "17.08.2025", "17082025", "2025-08-17", "17/8/2025"]
)
def test_the_date_of_the_letter_replied_to_is_taken_as_people_write_it(login, ditulis):
    response = login("pelaksana").post(BARU, _balasan(ditulis))
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.surat_masuk_tanggal == TUJUH_BELAS
    html = login("pelaksana").get(f"/surat/{letter.public_id}/ubah/").content.decode()
    assert 'name="surat_masuk_tanggal" value="17/08/2025"' in html


@pytest.mark.parametrize(
    "ditulis", ["31/02/2025", "17/13/2025", "08/17/2025x", "kemarin", "17/08/25"]
)
def test_a_date_that_cannot_be_read_says_how_to_write_it(login, ditulis):
    response = login("pelaksana").post(BARU, _balasan(ditulis))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(PESAN_TANGGAL) == "Tanggal tidak valid. Tulis hh/bb/tttt, mis. 30/11/2026."
    assert field_error(str(PESAN_TANGGAL)) in html
    assert 'id="id_surat_masuk_tanggal_error"' in html
    assert Letter.objects.count() == 0


def test_the_date_field_shows_a_text_box_with_a_visible_format_hint(login):
    html = login("pelaksana").get(BARU).content.decode()
    assert (
        '<input type="text" name="surat_masuk_tanggal" inputmode="numeric" autocomplete="off" '
        'placeholder="hh/bb/tttt" maxlength="10" data-tanggal="" class="input-tanggal" '
        'aria-describedby="id_surat_masuk_tanggal_helptext" id="id_surat_masuk_tanggal">'
    ) in html
    assert (
        '<small class="help" id="id_surat_masuk_tanggal_helptext">'
        "hh/bb/tttt, mis. 30/11/2026.</small>"
    ) in html
    assert 'type="date"' not in html and 'type="time"' not in html


@pytest.mark.parametrize(
    "ditulis",
    ["30/11/2026", "30-11-2026", "30.11.2026", "30112026", "2026-11-30", " 30/11/2026 "],
)
def test_every_accepted_way_of_writing_a_date(ditulis):
    assert TanggalField().clean(ditulis) == datetime.date(2026, 11, 30)


def test_the_time_and_date_of_an_invitation_are_written_the_indonesian_way(login, office):
    data = new_letter(
        jenis="undangan",
        **{
            "undangan__tanggal": "12012027",
            "undangan__waktu_mulai": "0900",
            "undangan__waktu_selesai": "13:30",
            "undangan__tempat": "Balai Desa Jabon",
            "undangan__acara": "Musyawarah Desa",
        },
    )
    assert login("pelaksana").post(BARU, data).status_code == 302
    letter = Letter.objects.get()
    assert letter.isian["tanggal"] == "2027-01-12"
    assert letter.isian["waktu_mulai"] == "09:00"
    assert letter.isian["waktu_selesai"] == "13:30"
    html = login("pelaksana").get(f"/surat/{letter.public_id}/ubah/").content.decode()
    assert 'name="undangan__tanggal" value="12/01/2027"' in html
    assert 'name="undangan__waktu_mulai" value="09.00"' in html
    assert "jj.mm (24 jam), mis. 09.00. Kosongkan bila sampai selesai." in html


def test_a_time_or_date_of_an_invitation_that_cannot_be_read_says_how_to_write_it(login):
    data = new_letter(
        jenis="undangan",
        **{"undangan__tanggal": "12/13/2027", "undangan__waktu_mulai": "25.00"},
    )
    html = login("pelaksana").post(BARU, data).content.decode()
    assert field_error(str(PESAN_TANGGAL)) in html
    assert field_error(str(PESAN_WAKTU)) in html
    assert 'id="id_undangan__waktu_mulai_error"' in html


def test_a_browser_asking_for_english_still_gets_indonesian(client, login):
    masuk = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert masuk["Content-Language"] == "id"
    html = masuk.content.decode()
    assert '<html lang="id">' in html
    assert ">Kata sandi <span" in html and "Sandi" not in html.replace("Kata sandi", "")
    refused = login("pelaksana").post(BARU, new_letter(hal=""), HTTP_ACCEPT_LANGUAGE="en-US")
    html = refused.content.decode()
    assert "Periksa kembali isian berikut" in html
    assert field_error("Bidang ini tidak boleh kosong.") in html
    assert "This field is required" not in html
