"""Every edit is a version: who changed what, what a paraf covered, and stale edits."""

import re

import pytest

from approvals import actions
from letters.errors import SOPError
from letters.models import AgendaEntry, Letter, LetterEvent, LetterVersion
from tests.conftest import advance, current_version
from tests.isian import ISI, edit_of

NEW_ISI = (
    "<p>Dalam rangka koordinasi, kami mengundang Saudara.</p>"
    "<p>Rapat dilaksanakan di Pendopo Kecamatan Mojoanyar.</p>"
)


def _ubah(letter) -> str:
    return f"/surat/{letter.public_id}/ubah/"


def _page(client, letter) -> str:
    response = client.get(f"/surat/{letter.public_id}/")
    assert response.status_code == 200
    return response.content.decode()


def _versions_listed(html: str) -> list[tuple[str, str]]:
    """(version number, who) of each entry of the Versi list on the letter page."""
    section = html.split("<h2>Versi</h2>", 1)[1]
    return re.findall(r'/versi/(\d+)/">Versi \d+</a> — ([^,]+, [^,]+),', section)


def _event(letter, aksi) -> LetterEvent:
    return letter.events.get(aksi=aksi)


WARNING = "Teks surat berubah setelah"


def test_the_kasi_edits_the_text_at_review_and_then_gives_paraf(login, make_letter):
    letter = make_letter("review")
    kasi = login("kasi")
    assert kasi.get(_ubah(letter)).status_code == 200

    response = kasi.post(_ubah(letter), edit_of(letter, isi=NEW_ISI), follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(f"/surat/{letter.public_id}/", 302)]
    assert "Perubahan tersimpan sebagai versi baru." in html
    assert "Rapat dilaksanakan di Pendopo Kecamatan Mojoanyar." in html
    assert _versions_listed(html) == [
        ("1", "Siti Rahmawati, A.Md."),
        ("2", "Agus Prasetyo, S.IP."),
    ]
    letter.refresh_from_db()
    assert letter.status == "review" and letter.versi == 2
    edit = _event(letter, LetterEvent.Aksi.EDIT)
    assert edit.oleh.username == "kasi" and edit.sebagai == "Kepala Seksi Pemerintahan"

    kasi.post(
        f"/surat/{letter.public_id}/aksi/paraf/", {"versi": current_version(letter), "catatan": ""}
    )
    letter.refresh_from_db()
    assert letter.status == "approval"
    paraf = _event(letter, LetterEvent.Aksi.PARAF)
    assert (paraf.versi, paraf.hash_versi) == (2, letter.versions.get(nomor=2).hash)
    assert WARNING not in _page(kasi, letter)


def test_the_sekcam_edits_the_text_at_approval_and_then_approves(login, make_letter):
    letter = make_letter("approval")
    sekcam = login("sekcam")
    html = sekcam.post(
        _ubah(letter),
        edit_of(letter, hal="Undangan Rapat Koordinasi (Perubahan Jadwal)"),
        follow=True,
    ).content.decode()
    assert "Perubahan tersimpan sebagai versi baru." in html
    assert ("2", "Hendra Saputra, S.H.") in _versions_listed(html)

    sekcam.post(
        f"/surat/{letter.public_id}/aksi/approve/",
        {"versi": current_version(letter), "catatan": ""},
    )
    letter.refresh_from_db()
    assert letter.status == "signing"
    approve = _event(letter, LetterEvent.Aksi.APPROVE)
    assert (approve.versi, approve.hash_versi) == (2, letter.versions.get(nomor=2).hash)


def test_the_drafter_edits_a_returned_numbered_letter(login, make_letter):
    letter = make_letter("revision")
    nomor = letter.nomor
    response = login("pelaksana").post(_ubah(letter), edit_of(letter, isi=NEW_ISI))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.versi == 2 and letter.nomor == nomor


def test_the_paraf_records_the_hash_of_the_version_it_covered(login, make_letter, office):
    letter = make_letter("draft")
    login("pelaksana").post(_ubah(letter), edit_of(letter, isi=NEW_ISI))
    letter = advance(letter, "review", office)
    v1, v2 = letter.versions.order_by("nomor")
    assert v1.hash != v2.hash and len(v2.hash) == 64

    response = login("kasi").post(
        f"/surat/{letter.public_id}/aksi/paraf/",
        {"versi": current_version(letter), "catatan": ""},
        follow=True,
    )
    paraf = _event(letter, LetterEvent.Aksi.PARAF)
    assert paraf.versi == 2
    assert paraf.hash_versi == v2.hash
    html = response.content.decode()
    assert f'versi 2 · <span title="SHA-256 versi yang disetujui">{v2.hash[:12]}…</span>' in html


def test_the_letter_page_warns_when_the_text_changed_after_a_paraf(login, make_letter, office):
    letter = make_letter("approval")
    client = login("pelaksana")
    assert WARNING not in _page(client, letter)

    changed = actions.update_letter(
        letter,
        by=office["sekcam"],
        data={"isi": NEW_ISI},
        penerima=[(p.tujuan, p.nama) for p in letter.penerima.all()],
        versi_dasar=1,
    )
    assert changed
    html = _page(client, letter)
    assert f"{WARNING} paraf oleh Agus Prasetyo, S.IP. (versi 1). Versi sekarang: 2." in html


def test_the_warning_names_each_approval_the_text_changed_after(login, make_letter, office):
    letter = make_letter("signing")
    penerima = [(p.tujuan, p.nama) for p in letter.penerima.all()]
    assert actions.update_letter(
        letter,
        by=office["camat"],
        data={"hal": "Undangan Rapat"},
        penerima=penerima,
        versi_dasar=1,
    )
    html = _page(login("camat"), letter)
    assert (
        f"{WARNING} paraf oleh Agus Prasetyo, S.IP. (versi 1), "
        "setujui oleh Hendra Saputra, S.H. (versi 1). Versi sekarang: 2."
    ) in html


def test_the_version_page_shows_the_removed_and_added_lines(login, make_letter):
    letter = make_letter("draft")
    client = login("pelaksana")
    client.post(
        _ubah(letter),
        edit_of(
            letter,
            hal="Undangan Rapat Koordinasi Pemerintahan Desa Tahun 2026",
            isi="<p>Dalam rangka koordinasi, kami mengundang Bapak/Ibu.</p>"
            "<p>Rapat dilaksanakan di Pendopo Kecamatan Mojoanyar.</p>",
        ),
    )
    response = client.get(f"/surat/{letter.public_id}/versi/2/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Perubahan dari versi 1" in html
    hapus = re.findall(r'<div class="diff-hapus">− (.*?)</div>', html)
    tambah = re.findall(r'<div class="diff-tambah">\+ (.*?)</div>', html)
    assert hapus == [
        "Undangan Rapat Koordinasi Pemerintahan Desa",
        "Dalam rangka koordinasi, kami mengundang Saudara.",
    ]
    assert tambah == [
        "Undangan Rapat Koordinasi Pemerintahan Desa Tahun 2026",
        "Dalam rangka koordinasi, kami mengundang Bapak/Ibu.",
        "Rapat dilaksanakan di Pendopo Kecamatan Mojoanyar.",
    ]
    assert "<h3>Hal</h3>" in html and "<h3>Isi Surat</h3>" in html
    assert "<h3>Tujuan</h3>" not in html and "<h3>Tembusan</h3>" not in html
    assert f'SHA-256 <span class="hash">{letter.versions.get(nomor=2).hash}</span>' in html


def test_the_version_page_shows_changed_recipients(login, make_letter):
    letter = make_letter("draft")
    client = login("pelaksana")
    client.post(_ubah(letter), edit_of(letter, tujuan_lain="Ketua BPD Jabon"))
    html = client.get(f"/surat/{letter.public_id}/versi/2/").content.decode()
    assert "<h3>Tujuan</h3>" in html
    assert re.findall(r'<div class="diff-tambah">\+ (.*?)</div>', html) == ["Ketua BPD Jabon"]
    assert "diff-hapus" not in html


def test_the_first_version_page_and_an_unknown_version(login, make_letter):
    letter = make_letter("draft")
    client = login("pelaksana")
    html = client.get(f"/surat/{letter.public_id}/versi/1/").content.decode()
    assert "Versi pertama" in html
    assert client.get(f"/surat/{letter.public_id}/versi/9/").status_code == 404


def test_an_edit_that_changes_nothing_creates_no_version(login, make_letter):
    letter = make_letter("draft")
    client = login("pelaksana")
    # The same text, with an attribute the sanitiser removes anyway.
    same = edit_of(letter, isi=ISI.replace("<p>", '<p onclick="x()">'))
    html = client.post(_ubah(letter), same, follow=True).content.decode()
    assert "Tidak ada perubahan." in html
    assert "Perubahan tersimpan" not in html
    letter.refresh_from_db()
    assert letter.versi == 1
    assert letter.versions.count() == 1
    assert not letter.events.filter(aksi=LetterEvent.Aksi.EDIT).exists()
    assert _versions_listed(html) == [("1", "Siti Rahmawati, A.Md.")]


def test_a_stale_edit_is_refused_and_does_not_overwrite(login, make_letter):
    letter = make_letter("draft")
    first_tab, second_tab = login("pelaksana"), login("pelaksana")
    form_html = first_tab.get(_ubah(letter)).content.decode()
    versi_dasar = re.search(r'name="versi_dasar" value="(\d+)"', form_html).group(1)
    assert versi_dasar == "1"

    second_tab.post(_ubah(letter), edit_of(letter, hal="Undangan Rapat (versi tab kedua)"))
    letter.refresh_from_db()
    assert letter.versi == 2

    stale = edit_of(letter, hal="Undangan Rapat (versi tab pertama)", versi_dasar=versi_dasar)
    response = first_tab.post(_ubah(letter), stale)
    assert response.status_code == 200
    assert (
        "Surat ini sudah diubah oleh Anda sendiri (dari tab atau kiriman lain) (versi 2) "
        "sejak Anda membukanya. Muat ulang halaman, lalu ulangi perubahan Anda bila masih "
        "perlu."
    ) in response.content.decode()
    letter.refresh_from_db()
    assert letter.hal == "Undangan Rapat (versi tab kedua)"
    assert letter.versions.count() == 2


def test_a_form_without_its_base_version_is_refused_once_the_letter_was_edited(login, make_letter):
    letter = make_letter("draft")
    client = login("pelaksana")
    client.post(_ubah(letter), edit_of(letter, hal="Undangan Rapat Kedua"))
    data = edit_of(letter, hal="Undangan Rapat Ketiga")
    del data["versi_dasar"]
    response = client.post(_ubah(letter), data)
    assert response.status_code == 200
    assert "sudah diubah oleh Anda sendiri" in response.content.decode()
    letter.refresh_from_db()
    assert letter.hal == "Undangan Rapat Kedua"


CANNOT_EDIT = [
    ("draft", "kasi"),
    ("draft", "kasubbag"),
    ("numbering", "pelaksana"),
    ("numbering", "kasubbag"),
    ("review", "pelaksana"),
    ("review", "sekcam"),
    ("approval", "kasi"),
    ("signing", "sekcam"),
    ("signed", "camat"),
    ("sent", "pelaksana"),
    ("cancelled", "pelaksana"),
]


@pytest.mark.parametrize(("state", "username"), CANNOT_EDIT)
def test_a_user_who_may_not_edit_gets_403_and_no_ubah_button(login, make_letter, state, username):
    letter = make_letter(state)
    client = login(username)
    assert client.get(_ubah(letter)).status_code == 403
    assert client.post(_ubah(letter), edit_of(letter, hal="Diubah diam-diam")).status_code == 403
    assert f'href="{_ubah(letter)}"' not in _page(client, letter)
    letter.refresh_from_db()
    assert letter.hal != "Diubah diam-diam" and letter.versions.count() == 1


MAY_EDIT = [
    ("draft", "pelaksana"),
    ("revision", "pelaksana"),
    ("review", "kasi"),
    ("approval", "sekcam"),
    ("signing", "camat"),
]


@pytest.mark.parametrize(("state", "username"), MAY_EDIT)
def test_the_person_whose_step_it_is_may_open_the_edit_form(login, make_letter, state, username):
    letter = make_letter(state)
    client = login(username)
    assert f'href="{_ubah(letter)}"' in _page(client, letter)
    html = client.get(_ubah(letter)).content.decode()
    assert "<h1>Ubah Surat</h1>" in html
    assert 'value="Undangan Rapat Koordinasi Pemerintahan Desa"' in html


def test_resubmitting_keeps_the_number_and_the_paraf_starts_again(login, make_letter, office):
    letter = make_letter("review")
    nomor = letter.nomor
    assert nomor
    login("kasi").post(
        f"/surat/{letter.public_id}/aksi/return_for_revision/",
        {"catatan": "Tambahkan tempat rapat."},
    )
    letter.refresh_from_db()
    assert letter.status == "revision"
    assert actions.update_letter(
        letter,
        by=office["pelaksana"],
        data={"isi": NEW_ISI},
        penerima=[(p.tujuan, p.nama) for p in letter.penerima.all()],
        versi_dasar=letter.versi,
    )
    pelaksana = login("pelaksana")
    html = pelaksana.post(
        f"/surat/{letter.public_id}/aksi/resubmit/", {"catatan": ""}, follow=True
    ).content.decode()
    assert "Surat diajukan ulang." in html
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == "review"
    assert letter.nomor == nomor
    assert f"<dt>Nomor</dt><dd>{nomor}</dd>" in html
    assert AgendaEntry.objects.filter(letter=letter).count() == 1
    page = _page(login("kasi"), letter)
    assert f'action="/surat/{letter.public_id}/aksi/paraf/"' in page and ">Paraf</button>" in page


def test_resubmitting_after_an_edit_through_the_form_keeps_the_number(login, make_letter):
    letter = make_letter("revision")
    nomor = letter.nomor
    pelaksana = login("pelaksana")
    pelaksana.post(_ubah(letter), edit_of(letter, isi=NEW_ISI))
    pelaksana.post(f"/surat/{letter.public_id}/aksi/resubmit/", {"catatan": ""})
    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.status, letter.nomor, letter.versi) == ("review", nomor, 2)


def test_versions_are_kept_whole_and_in_order(make_letter, office):
    letter = make_letter("draft")
    penerima = [(p.tujuan, p.nama) for p in letter.penerima.all()]
    for n, hal in enumerate(["Satu", "Dua", "Tiga"], start=1):
        actions.update_letter(
            letter, by=office["pelaksana"], data={"hal": hal}, penerima=penerima, versi_dasar=n
        )
    konten = [v.konten["hal"] for v in LetterVersion.objects.filter(letter=letter)]
    assert konten == ["Undangan Rapat Koordinasi Pemerintahan Desa", "Satu", "Dua", "Tiga"]


def test_the_refused_stale_edit_page_shows_the_letter_as_saved(login, make_letter):
    letter = make_letter("draft")
    client = login("pelaksana")
    client.post(_ubah(letter), edit_of(letter, hal="Undangan Rapat Tersimpan"))
    stale = edit_of(letter, hal="Undangan Rapat Ditolak", versi_dasar=1)
    html = client.post(_ubah(letter), stale).content.decode()
    assert "sudah diubah oleh Anda sendiri" in html
    assert '<p class="muted">Undangan Rapat Tersimpan · versi 2 ·' in html


def test_a_stale_edit_names_who_saved_the_newer_version(make_letter, office):
    letter = make_letter("review")  # version 1 is the drafter's
    with pytest.raises(SOPError) as refused:
        actions.update_letter(
            letter, by=office["kasi"], data={"hal": "Baru"}, penerima=[], versi_dasar=0
        )
    assert f"sudah diubah oleh {office['pelaksana']} (versi 1)" in refused.value.message
    assert Letter.objects.get(pk=letter.pk).hal != "Baru"
