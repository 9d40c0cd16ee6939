"""On a phone 360 px wide, in a real browser: every page fits the screen and the SOP works.

Runs Debian's Chromium through Playwright against the live test server. Without Chromium
the module is skipped, unless BROWSER_WAJIB is set (CI sets it), where it fails instead.
Playwright runs an event loop in the test's thread, where pyHanko cannot sign: set up
letters only up to "signing" here, and sign through the pages (the server's thread).
"""

import os
import shutil

import pytest

from letters.models import Letter
from tests.conftest import PASSWORD, ensure_key

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "id-ID",
    "timezone_id": "Asia/Jakarta",
}

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("BROWSER_WAJIB"),
        reason="Chromium tidak terpasang (apt-get install chromium)",
    ),
    # The data migration's classification codes must survive the flush after each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "BROWSER_WAJIB diset, tetapi Chromium tidak ditemukan"
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # (setting up letters) are still plain synchronous code.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()


class Phones:
    """``phones(username)``: a fresh phone on which that person has just logged in.

    Every script error, Content-Security-Policy refusal and failed request on any of its
    pages is collected in ``errors``.
    """

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts, self.errors = [], []

    def __call__(self, username: str):
        context = self.browser.new_context(base_url=self.base_url, **PHONE)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"))
        page.goto("/masuk/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        follow(page, page.get_by_role("button", name="Masuk"))
        assert page.url == f"{self.base_url}/", f"{username} tidak bisa masuk"
        return page


@pytest.fixture
def phone(browser, live_server, office):
    phones = Phones(browser, live_server.url)
    yield phones
    for context in phones.contexts:
        context.close()


def follow(page, target) -> None:
    """Tap a link or button and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        target.click()


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the phone's screen (0 when it fits).

    Measured against the device width, not window.innerWidth: a mobile browser widens its
    layout viewport to fit content that overflows, so innerWidth would hide the fault.
    """
    return page.evaluate("document.documentElement.scrollWidth") - PHONE["viewport"]["width"]


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
