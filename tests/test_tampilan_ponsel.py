"""On a phone 360 px wide, in a real browser: every page fits the screen and the SOP works.

Runs Debian's Chromium through Playwright against the live test server (tests/peramban.py).
"""

from letters.models import Letter
from tests.conftest import PASSWORD, ensure_key
from tests.peramban import PHONE, butuh_peramban, follow, overflow

pytestmark = butuh_peramban


def _open_from_inbox(page, hal: str):
    page.goto("/")
    follow(page, page.get_by_role("link", name=hal).first)


def test_the_pages_of_each_role_fit_a_phone_screen(phone, office, make_letter):
    draft = make_letter("draft")
    signing = make_letter("signing")
    ensure_key(office["camat"])
    pages = {
        "pelaksana": [
            "/",
            "/surat/baru/",
            f"/surat/{draft.public_id}/",
            f"/surat/{draft.public_id}/ubah/",
            "/agenda/",
            "/notifikasi/",
        ],
        "camat": [
            "/",
            f"/surat/{signing.public_id}/",
            f"/surat/{signing.public_id}/aksi/sign/",
            "/tandatangani/",
            "/dasbor/",
        ],
        "admin": ["/admin/", "/admin/organisasi/unit/", "/admin/organisasi/assignment/add/"],
    }
    for username, paths in pages.items():
        page = phone(username)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            assert overflow(page) <= 0, f"{username} {path} lebih lebar dari layar"
    assert phone.errors == []  # no script failed, the CSP refused nothing


def test_the_menu_folds_behind_one_button_on_a_phone(phone):
    page = phone("pelaksana")
    agenda_link = page.get_by_role("navigation", name="Menu utama (ponsel)").get_by_role(
        "link", name="Agenda Surat Keluar"
    )
    assert not agenda_link.is_visible()
    page.get_by_text("Menu", exact=True).click()
    agenda_link.click()
    page.wait_for_url("**/agenda/")
    assert page.get_by_role("heading", name="Agenda Surat Keluar").is_visible()


def test_the_kasubbag_numbers_a_letter_from_a_phone(phone, make_letter):
    letter = make_letter("numbering")
    page = phone("kasubbag")
    _open_from_inbox(page, letter.hal)
    for target in (
        page.get_by_role("link", name="Beri Nomor"),  # on the letter page
        page.get_by_role("button", name="Beri Nomor"),  # on the form that follows
    ):
        box = target.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"]
        assert box["height"] >= 44  # a thumb-sized target
        follow(page, target)
    letter = Letter.objects.select_related("agenda").get(pk=letter.pk)
    assert letter.status == "review"
    assert page.get_by_text(letter.nomor).first.is_visible()
    assert overflow(page) <= 0


def _tap(page, label: str, passphrase: str | None = None):
    """Press an SOP button on the letter page; fill and send the form that may follow."""
    follow(page, page.locator(".actionbar").get_by_text(label, exact=True))
    form_button = page.locator("form.card").get_by_role("button", name=label)
    if form_button.count():
        if passphrase:
            page.locator("#id_passphrase").fill(passphrase)
        follow(page, form_button)


def test_a_letter_goes_the_whole_sop_on_phones(phone, office, make_letter):
    ensure_key(office["camat"])
    hal = "Undangan Musrenbang Kecamatan dari ponsel"
    pelaksana = phone("pelaksana")
    pelaksana.goto("/surat/baru/")
    klasifikasi = pelaksana.locator("#id_klasifikasi")
    klasifikasi.fill("musyawarah")  # the suggestions come from the server as one types
    pelaksana.locator("#daftar-klasifikasi option").first.wait_for(state="attached")
    klasifikasi.fill("100.2.4")
    pelaksana.locator("#id_hal").fill(hal)
    pelaksana.get_by_label("Kepala Desa Jabon").check()
    pelaksana.locator("#id_tembusan").fill("Bupati Mojokerto\nArsip")
    pelaksana.locator(".ProseMirror").click()
    pelaksana.keyboard.type("Bersama ini kami mengundang Saudara pada Musrenbang Kecamatan.")
    pelaksana.locator("#id_pejabat_pengawas").select_option(
        str(office["kasi"].penugasan.get().position_id)
    )
    pelaksana.locator("#id_penandatangan").select_option(
        str(office["camat"].penugasan.get().position_id)
    )
    follow(pelaksana, pelaksana.get_by_role("button", name="Simpan"))
    _tap(pelaksana, "Ajukan")

    for username, label, passphrase in (
        ("kasubbag", "Beri Nomor", None),
        ("kasi", "Paraf", None),
        ("sekcam", "Setujui", None),
        ("camat", "Tandatangani", PASSWORD),
    ):
        page = phone(username)
        _open_from_inbox(page, hal)
        _tap(page, label, passphrase)
        assert overflow(page) <= 0, username

    _open_from_inbox(pelaksana, hal)  # a signed letter waits for its drafter to send it
    _tap(pelaksana, "Kirim")

    letter = Letter.objects.select_related("agenda").get(hal=hal)
    assert letter.status == "sent"
    assert "Bersama ini kami mengundang Saudara" in letter.isi
    assert pelaksana.get_by_text(letter.nomor).first.is_visible()
    assert phone.errors == []


def test_the_letter_form_shows_the_fields_of_the_chosen_jenis_only(phone):
    page = phone("pelaksana")
    page.goto("/surat/baru/")
    tampak = lambda: [  # noqa: E731
        fs.get_attribute("data-jenis")
        for fs in page.locator("fieldset.isian-jenis").all()
        if fs.is_visible()
    ]
    tanda_tujuan = page.locator("[data-wajib-untuk]")
    page.locator("#id_jenis").select_option("tugas")
    assert tampak() == ["tugas"]
    assert not tanda_tujuan.is_visible()  # a Surat Tugas names its people, not addressees
    page.locator("#id_jenis").select_option("undangan")
    assert tampak() == ["undangan"]
    assert tanda_tujuan.is_visible()
    assert overflow(page) <= 0
    assert phone.errors == []
