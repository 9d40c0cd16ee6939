"""Buat Surat and Ubah Surat: what is saved, what is refused and how the refusal reads."""

import datetime
import re

import pytest
from django.utils import timezone

from letters.models import KodeKlasifikasi, Letter, LetterEvent
from tests.conftest import position
from tests.isian import edit_of, field_error, new_letter

BARU = "/surat/baru/"


def _ubah(letter) -> str:
    return f"/surat/{letter.public_id}/ubah/"


def test_a_valid_letter_is_saved_and_lands_on_its_page(login, office):
    response = login("pelaksana").post(BARU, new_letter(), follow=True)
    letter = Letter.objects.get()
    assert response.redirect_chain == [(f"/surat/{letter.public_id}/", 302)]
    html = response.content.decode()
    assert "Konsep surat tersimpan." in html
    assert "<h1>Undangan Rapat Koordinasi Pemerintahan Desa</h1>" in html
    assert letter.status == "draft"
    assert letter.pembuat == office["pelaksana"]
    assert letter.klasifikasi.kode == "100.2.4"
    assert letter.pejabat_pengawas == position("Kepala Seksi Pemerintahan")
    assert letter.versions.count() == 1


def test_recipients_from_the_list_come_first_then_the_typed_lines_in_order(login):
    data = new_letter(tujuan_lain="Ketua RW 02 Desa Jabon\n\n  Ketua RT 01 Desa Jabon  \n")
    response = login("pelaksana").post(BARU, data, follow=True)
    letter = Letter.objects.get()
    penerima = list(letter.penerima.all())
    assert [p.nama for p in penerima] == [
        "Kepala Desa Jabon",
        "Kepala Desa Wunut",
        "Ketua RW 02 Desa Jabon",
        "Ketua RT 01 Desa Jabon",
    ]
    assert [p.tujuan is not None for p in penerima] == [True, True, False, False]
    assert (
        "<dd>Kepala Desa Jabon<br>Kepala Desa Wunut<br>Ketua RW 02 Desa Jabon<br>"
        "Ketua RT 01 Desa Jabon</dd>"
    ) in response.content.decode()


def test_typed_recipients_alone_are_enough(login):
    login("pelaksana").post(BARU, new_letter(tujuan=[], tujuan_lain="Kepala SDN Mojoanyar 1"))
    assert [p.nama for p in Letter.objects.get().penerima.all()] == ["Kepala SDN Mojoanyar 1"]


def test_a_code_picked_from_the_suggestions_is_accepted(login):
    picked = str(KodeKlasifikasi.objects.get(kode="000.1.5"))  # "000.1.5 — Rapat pimpinan …"
    login("pelaksana").post(BARU, new_letter(klasifikasi=picked))
    assert Letter.objects.get().klasifikasi.kode == "000.1.5"


TOMORROW = "tomorrow"

INVALID = {
    "empty hal": ({"hal": "  "}, "hal", "Bidang ini tidak boleh kosong."),
    "unknown kode": (
        {"klasifikasi": "999.99.99"},
        "klasifikasi",
        "Kode klasifikasi tidak ditemukan dalam daftar Permendagri 83/2022.",
    ),
    "no recipient": (
        {"tujuan": [], "tujuan_lain": " \n "},
        "tujuan",
        "Pilih atau tuliskan sedikitnya satu tujuan surat.",
    ),
    "empty body": ({"isi": ""}, "isi", "Bidang ini tidak boleh kosong."),
    "only an empty paragraph": ({"isi": "<p></p>"}, "isi", "Isi surat wajib diisi."),
    "paragraph with a line break only": ({"isi": "<p><br></p>"}, "isi", "Isi surat wajib diisi."),
    "body that is only a script": (
        {"isi": "<script>alert(1)</script>"},
        "isi",
        "Isi surat wajib diisi.",
    ),
    "incoming letter with only its nomor": (
        {"surat_masuk_nomor": "005/12/416-303/2026"},
        "surat_masuk_nomor",
        "Bila surat ini membalas surat masuk, isi nomor, tanggal, dan pengirimnya.",
    ),
    "incoming letter dated in the future": (
        {
            "surat_masuk_nomor": "005/12/416-303/2026",
            "surat_masuk_tanggal": TOMORROW,
            "surat_masuk_pengirim": "Kepala Desa Jabon",
        },
        "surat_masuk_tanggal",
        "Tanggal surat masuk tidak boleh di masa depan.",
    ),
    "a.n. with the Camat as signer": (
        {"cara_ttd": Letter.CaraTtd.AN},
        "cara_ttd",
        "Camat menandatangani langsung; a.n. dipakai bila pejabat lain menandatangani "
        "atas nama Camat.",
    ),
    "langsung by the Sekcam": (
        {"penandatangan": "Sekretaris Kecamatan"},
        "cara_ttd",
        "Sekretaris Kecamatan bukan pimpinan: pilih a.n. (atas nama).",
    ),
    "Plh. when nobody is Plh. Camat": (
        {"cara_ttd": Letter.CaraTtd.PLH},
        "penandatangan",
        "Saat ini tidak ada pejabat Plh. untuk jabatan Camat Mojoanyar.",
    ),
}


def _resolve(overrides: dict) -> dict:
    resolved = dict(overrides)
    if resolved.get("surat_masuk_tanggal") == TOMORROW:
        resolved["surat_masuk_tanggal"] = (
            timezone.localdate() + datetime.timedelta(days=1)
        ).isoformat()
    if "penandatangan" in resolved:
        resolved["penandatangan"] = position(resolved["penandatangan"]).pk
    return resolved


@pytest.mark.parametrize(("overrides", "field", "message"), INVALID.values(), ids=INVALID.keys())
def test_it_refuses_an_invalid_new_letter_with_a_clear_message(
    login, office, overrides, field, message
):
    data = new_letter(**{"hal": "Surat yang salah isi", **_resolve(overrides)})
    response = login("pelaksana").post(BARU, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Periksa kembali isian berikut" in html  # the error summary
    assert field_error(message) in html
    assert message in response.context["form"].errors[field]
    assert Letter.objects.count() == 0


def test_the_refused_form_keeps_what_was_typed(login, office):
    data = new_letter(hal="Permohonan Data Kependudukan", isi="", tujuan_lain="Ketua RT 03")
    html = login("pelaksana").post(BARU, data).content.decode()
    assert 'value="Permohonan Data Kependudukan"' in html
    assert "Ketua RT 03</textarea>" in html


@pytest.mark.parametrize(("overrides", "field", "message"), INVALID.values(), ids=INVALID.keys())
def test_it_refuses_an_invalid_edit_and_keeps_the_letter_as_it_was(
    login, make_letter, overrides, field, message
):
    letter = make_letter("draft")
    before = (letter.versi, letter.hal, letter.isi, letter.cara_ttd, letter.events.count())
    response = login("pelaksana").post(_ubah(letter), edit_of(letter, **_resolve(overrides)))
    assert response.status_code == 200
    assert field_error(message) in response.content.decode()
    letter.refresh_from_db()
    after = (letter.versi, letter.hal, letter.isi, letter.cara_ttd, letter.events.count())
    assert after == before
    assert letter.versions.count() == 1


def test_an_incoming_letter_reference_with_all_three_parts_is_saved(login, office):
    data = new_letter(
        surat_masuk_nomor="005/12/416-303/2026",
        surat_masuk_tanggal="2026-01-05",
        surat_masuk_pengirim="Kepala Desa Jabon",
    )
    html = login("pelaksana").post(BARU, data, follow=True).content.decode()
    letter = Letter.objects.get()
    assert letter.surat_masuk_tanggal == datetime.date(2026, 1, 5)
    assert "Surat Kepala Desa Jabon nomor 005/12/416-303/2026 tanggal 5 Januari 2026" in html


def test_an_atas_nama_signature_by_the_sekcam_is_accepted(login, office):
    data = new_letter(penandatangan=position("Sekretaris Kecamatan").pk, cara_ttd=Letter.CaraTtd.AN)
    login("pelaksana").post(BARU, data)
    assert Letter.objects.get().cara_ttd == "an"


def test_a_plt_camat_can_be_chosen_because_someone_holds_that_post(login, office):
    login("pelaksana").post(BARU, new_letter(cara_ttd=Letter.CaraTtd.PLT))
    assert Letter.objects.get().cara_ttd == "plt"


DIRTY = (
    '<p onclick="alert(1)">Dengan hormat, <strong>penting</strong> dan <em>segera</em>.</p>'
    "<script>alert('xss')</script>"
    '<p><a href="javascript:alert(2)">tautan</a></p>'
    '<img src="http://pelacak.example/x.png">'
    "<ul><li>satu</li><li>dua</li></ul>"
    '<ol start="3"><li>tiga</li></ol>'
    '<table><tbody><tr><td colspan="2">sel</td></tr></tbody></table>'
    '<p style="color:red" class="x">penutup</p>'
)


def _assert_clean(isi: str) -> None:
    for bad in ("<script", "alert", "onclick", "javascript:", "<img", "pelacak.example", "<a "):
        assert bad not in isi, bad
    assert "style=" not in isi and "class=" not in isi
    assert "<p>Dengan hormat, <strong>penting</strong> dan <em>segera</em>.</p>" in isi
    assert "<ul><li>satu</li><li>dua</li></ul>" in isi
    assert '<ol start="3"><li>tiga</li></ol>' in isi
    assert '<table><tbody><tr><td colspan="2">sel</td></tr></tbody></table>' in isi
    assert "<p>tautan</p>" in isi
    assert "<p>penutup</p>" in isi


def test_the_body_is_sanitised_when_a_letter_is_created(login, office):
    response = login("pelaksana").post(BARU, new_letter(isi=DIRTY), follow=True)
    _assert_clean(Letter.objects.get().isi)
    body = re.search(r'<div class="letter-body">(.*?)</div>', response.content.decode(), re.S)
    _assert_clean(body.group(1))


def test_the_body_is_sanitised_when_a_letter_is_edited(login, make_letter):
    letter = make_letter("draft")
    login("pelaksana").post(_ubah(letter), edit_of(letter, isi=DIRTY))
    letter.refresh_from_db()
    _assert_clean(letter.isi)
    _assert_clean(letter.versions.get(nomor=2).konten["isi"])


def _options(client, query: str) -> list[str]:
    response = client.get("/klasifikasi/cari/", {"klasifikasi": query})
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]+) — ', response.content.decode())


def test_the_klasifikasi_search_finds_codes_by_prefix(login, office):
    found = _options(login("pelaksana"), "000.1.2")
    assert found == ["000.1.2", "000.1.2.1", "000.1.2.2", "000.1.2.3"]


def test_the_klasifikasi_search_finds_codes_by_words_of_the_name_in_any_case(login, office):
    found = _options(login("pelaksana"), "PERJALANAN dinas pegawai")
    assert "000.1.2.3" in found and "000.1.3.3" in found
    assert "000.1.2.1" not in found  # Perjalanan Dinas Kepala Daerah
    for kode in found:
        nama = KodeKlasifikasi.objects.get(kode=kode).nama.lower()
        assert "perjalanan" in nama and "dinas" in nama and "pegawai" in nama


def test_the_klasifikasi_search_shows_code_and_name_and_nothing_for_an_empty_query(login, office):
    client = login("pelaksana")
    html = client.get("/klasifikasi/cari/", {"klasifikasi": "100.2.4"}).content.decode()
    assert f'<option value="{KodeKlasifikasi.objects.get(kode="100.2.4")}">' in html
    assert _options(client, "  ") == []
    assert _options(client, "tidak-ada-kata-seperti-ini") == []


def _klasifikasi_input(html: str) -> str:
    return re.search(r'<input type="text" name="klasifikasi"[^>]*>', html).group(0)


def test_the_klasifikasi_can_be_changed_while_the_letter_has_no_number(login, make_letter):
    letter = make_letter("draft")
    client = login("pelaksana")
    assert "disabled" not in _klasifikasi_input(client.get(_ubah(letter)).content.decode())
    client.post(_ubah(letter), edit_of(letter, klasifikasi="000.1.5"))
    letter.refresh_from_db()
    assert letter.klasifikasi.kode == "000.1.5"


def test_the_klasifikasi_is_locked_once_the_letter_has_a_number(login, make_letter):
    letter = make_letter("review")
    nomor = letter.nomor
    client = login("kasi")
    html = client.get(_ubah(letter)).content.decode()
    assert re.search(r'value="100\.2\.4"[^>]*\sdisabled', _klasifikasi_input(html))
    assert "Tidak dapat diubah: surat sudah bernomor." in html
    response = client.post(
        _ubah(letter), edit_of(letter, klasifikasi="000.1.5", hal="Undangan Rapat (diperbaiki)")
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.hal == "Undangan Rapat (diperbaiki)"
    assert letter.klasifikasi.kode == "100.2.4"
    assert letter.nomor == nomor


def test_only_a_person_with_a_position_can_open_buat_surat(client, office):
    from organisasi.models import User

    client.force_login(User.objects.create_user("tamu", password="x"))
    assert client.get(BARU).status_code == 403
    assert client.post(BARU, new_letter()).status_code == 403
    assert Letter.objects.count() == 0


def test_the_edit_is_recorded_in_the_history(login, make_letter):
    letter = make_letter("draft")
    login("pelaksana").post(_ubah(letter), edit_of(letter, hal="Undangan Rapat Baru"))
    assert list(letter.events.values_list("aksi", flat=True)) == [
        LetterEvent.Aksi.CREATE,
        LetterEvent.Aksi.EDIT,
    ]
