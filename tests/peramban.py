"""The real browser for the tests: Debian's Chromium driven by Playwright.

``layar(username, ukuran="ponsel"|"desktop", bahasa="id-ID"|"en-US")`` gives a fresh
browser tab in which that person has just logged in. Every script error,
Content-Security-Policy refusal and failed request on its pages is collected in
``layar.errors``. Tests that use these fixtures carry the ``peramban`` mark (added in
conftest). Without Chromium they are skipped, unless BROWSER_WAJIB is set (CI sets it),
where they fail instead.

Playwright runs an event loop in the test's thread, where pyHanko cannot sign: set up
letters only up to "signing" here, and sign through the pages (the server's thread).
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import PASSWORD

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
UKURAN = {
    "ponsel": {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1366, "height": 768}},
}
PHONE = {**UKURAN["ponsel"], "locale": "id-ID", "timezone_id": "Asia/Jakarta"}

butuh_peramban = [
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


class Layar:
    """``layar(username)``: a fresh tab on which that person has just logged in
    (``username=None``: not logged in)."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts, self.errors = [], []

    def __call__(self, username: str | None, ukuran: str = "ponsel", bahasa: str = "id-ID"):
        context = self.browser.new_context(
            base_url=self.base_url,
            locale=bahasa,
            timezone_id="Asia/Jakarta",
            extra_http_headers={"Accept-Language": bahasa},
            **UKURAN[ukuran],
        )
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"))
        if username:
            page.goto("/masuk/")
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill(PASSWORD)
            follow(page, page.get_by_role("button", name="Masuk"))
            assert page.url == f"{self.base_url}/", f"{username} tidak bisa masuk"
        return page


@pytest.fixture
def layar(browser, live_server, office):
    tabs = Layar(browser, live_server.url)
    yield tabs
    for context in tabs.contexts:
        context.close()


@pytest.fixture
def phone(layar):
    """``phone(username)``: ``layar`` on a 360 px phone with an Indonesian browser."""
    return layar


def follow(page, target) -> None:
    """Tap a link or button and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        target.click()


def overflow(page) -> int:
    """How many CSS pixels the page is wider than its screen (0 when it fits).

    Measured against the device width, not window.innerWidth: a mobile browser widens its
    layout viewport to fit content that overflows, so innerWidth would hide the fault.
    """
    width = page.viewport_size["width"]
    return page.evaluate("document.documentElement.scrollWidth") - width
