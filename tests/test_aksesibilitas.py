"""Every page a person meets, in each state, at desktop (1366 px) and phone (360 px) size:
no serious or critical accessibility fault (axe-core, WCAG 2.2 AA and best practice), no
reference to a missing id, header/menu/pager targets of at least 24 px, primary buttons a
thumb can hit on a phone, no sideways scrolling at 360 px, a one-row header on a desktop.

Each test walks many pages and reports every fault at once (page, size, rule, impact,
element, help) instead of stopping at the first. The checks are in tests/aksesibilitas.py.
"""

from __future__ import annotations

import uuid

from letters.models import Letter, SignedDocument
from tests.aksesibilitas import AXE_JS, Masalah, butuh_axe, laporan, masalah
from tests.conftest import PASSWORD, ensure_key
from tests.peramban import follow

pytestmark = butuh_axe

UKURAN = ("desktop", "ponsel")
# Every page at both sizes; the phone's browser speaks English, the laptop's Indonesian
# (the app answers in Indonesian whatever the browser's language).
BAHASA = {"desktop": "id-ID", "ponsel": "en-US"}


class Pemeriksa:
    """Opens pages in one logged-in tab per role and size, checks each, collects faults."""

    def __init__(self, layar):
        assert AXE_JS.exists(), "axe-core tidak terpasang: jalankan make install-test"
        self.layar = layar
        self.tabs: dict = {}
        self.rows: list[Masalah] = []
        self.galat: list[str] = []

    def tab(self, username: str | None, ukuran: str):
        if (username, ukuran) not in self.tabs:
            self.tabs[username, ukuran] = self.layar(username, ukuran, BAHASA[ukuran])
        return self.tabs[username, ukuran]

    def periksa(self, page, nama: str, ukuran: str) -> None:
        """Check the page now open in ``page``."""
        try:
            self.rows += masalah(page, nama, ukuran)
        except Exception as exc:  # one broken page must not hide the others
            self.galat.append(f"{nama} [{ukuran}]: pemeriksaan gagal: {exc}")

    def buka(self, nama: str, username: str | None, path: str, status: int = 200) -> None:
        """Open ``path`` as ``username`` at both sizes and check it."""
        for ukuran in UKURAN:
            page = self.tab(username, ukuran)
            try:
                response = page.goto(path)
            except Exception as exc:
                self.galat.append(f"{nama} [{ukuran}]: {path} tidak terbuka: {exc}")
                continue
            if response.status != status:
                self.galat.append(f"{nama} [{ukuran}]: {path} menjawab {response.status}")
            self.periksa(page, nama, ukuran)

    def langkah(self, nama: str, ukuran: str, jalankan) -> None:
        """Run a step that leaves a page to check (a form sent, a page reached by a tap)."""
        try:
            page = jalankan()
        except Exception as exc:
            self.galat.append(f"{nama} [{ukuran}]: langkah gagal: {exc}")
            return
        self.periksa(page, nama, ukuran)

    def selesai(self) -> None:
        berat = [r for r in self.rows if r.berat]
        ringan = [r for r in self.rows if not r.berat]
        if ringan:  # shown with -s or on failure; not a failure by themselves
            print("Temuan ringan (minor/moderate):\n" + laporan(ringan))
        pesan = "\n".join(self.galat)
        if berat:
            pesan += "\nPelanggaran serius/kritis:\n" + laporan(berat)
        assert not berat and not self.galat, pesan


def test_halaman_masuk_dan_halaman_publik(layar, office):
    cek = Pemeriksa(layar)
    cek.buka("Masuk", None, "/masuk/")
    for ukuran in UKURAN:

        def salah_sandi(ukuran=ukuran):
            page = cek.tab(None, ukuran)
            page.goto("/masuk/")
            page.locator("#id_username").fill("pelaksana")
            page.locator("#id_password").fill("bukan-sandinya")
            follow(page, page.get_by_role("button", name="Masuk"))
            assert page.locator(".errors, [role=alert]").count(), "pesan galat tidak tampil"
            return page

        cek.langkah("Masuk, kata sandi salah", ukuran, salah_sandi)
    cek.buka("Verifikasi Dokumen", None, "/verifikasi/")
    cek.buka("Verifikasi, kode tidak dikenal", None, "/verifikasi/TIDAKADA123/", status=404)
    cek.buka("404 (belum masuk)", None, "/tidak-ada/", status=404)
    cek.selesai()


def test_halaman_tiap_peran(layar, office, make_letter):
    ensure_key(office["camat"])
    make_letter("draft")
    make_letter("numbering")
    review = make_letter("review")
    make_letter("approval")
    make_letter("signing")
    for _ in range(20):  # more than one page of Surat Saya: its pager too
        make_letter("draft")
    cek = Pemeriksa(layar)
    for username in ("pelaksana", "kasubbag", "kasi", "sekcam", "camat"):
        cek.buka(f"Kotak Masuk ({username})", username, "/")

    def menu_ponsel():  # the folded menu, opened from the keyboard
        page = cek.tab("pelaksana", "ponsel")
        page.goto("/")
        page.locator("details.menu > summary").focus()
        page.keyboard.press("Enter")
        assert page.locator("details.menu[open]").count(), "menu tidak terbuka"
        return page

    cek.langkah("Menu ponsel terbuka", "ponsel", menu_ponsel)
    cek.buka("Surat Saya", "pelaksana", "/surat/saya/")
    cek.buka("Surat Saya, halaman 2", "pelaksana", "/surat/saya/?halaman=2")
    cek.buka("Buat Surat", "pelaksana", "/surat/baru/")
    for ukuran in UKURAN:

        def kirim_kosong(ukuran=ukuran):
            page = cek.tab("pelaksana", ukuran)
            page.goto("/surat/baru/")
            follow(page, page.get_by_role("button", name="Simpan").first)
            return page

        cek.langkah("Buat Surat, isian salah", ukuran, kirim_kosong)
    cek.buka("Ubah Surat", "pelaksana", f"/surat/{make_letter('draft').public_id}/ubah/")
    cek.buka("Versi surat", "kasi", f"/surat/{review.public_id}/versi/{review.versi}/")
    cek.buka("Agenda", "kasubbag", "/agenda/")
    cek.buka("Agenda, disaring", "kasubbag", "/agenda/?q=Undangan&status=review")
    cek.buka("Cetak register", "kasubbag", "/agenda/cetak/")
    cek.buka("Dasbor", "camat", "/dasbor/")
    cek.buka("Notifikasi", "kasubbag", "/notifikasi/")
    cek.buka("Tandatangani banyak surat", "camat", "/tandatangani/")
    cek.buka("403", "pelaksana", f"/surat/{review.public_id}/aksi/paraf/", status=403)
    cek.buka("404", "pelaksana", f"/surat/{uuid.uuid4()}/", status=404)
    cek.selesai()


def test_halaman_surat_dan_formulir_aksi_tiap_tahap(layar, office, make_letter):
    ensure_key(office["camat"])
    cek = Pemeriksa(layar)
    surat = {state: make_letter(state) for state in ("draft", "numbering", "review", "approval")}
    surat["signing"] = make_letter("signing")
    untuk_ttd = make_letter("signing")
    pembaca = {
        "draft": "pelaksana",
        "numbering": "kasubbag",
        "review": "kasi",
        "approval": "sekcam",
        "signing": "camat",
    }
    formulir = [  # (state, action, username, label)
        ("draft", "submit", "pelaksana", "Ajukan"),
        ("numbering", "assign_number", "kasubbag", "Beri Nomor"),
        ("review", "paraf", "kasi", "Paraf"),
        ("review", "return_for_revision", "kasi", "Kembalikan untuk Revisi"),
        ("approval", "approve", "sekcam", "Setujui"),
        ("signing", "sign", "camat", "Tandatangani"),
    ]
    for state, username in pembaca.items():
        cek.buka(f"Surat: {state}", username, f"/surat/{surat[state].public_id}/")
    for state, action, username, label in formulir:
        cek.buka(f"Formulir {label}", username, f"/surat/{surat[state].public_id}/aksi/{action}/")

    # Signing and sending through the pages (pyHanko cannot sign in this test's thread).
    def tandatangani(page, letter, passphrase):
        page.goto(f"/surat/{letter.public_id}/aksi/sign/")
        page.locator("#id_passphrase").fill(passphrase)
        follow(page, page.locator("form.card").get_by_role("button", name="Tandatangani"))
        return page

    cek.langkah(
        "Tandatangani, passphrase salah",
        "ponsel",
        lambda: tandatangani(cek.tab("camat", "ponsel"), untuk_ttd, "bukan-passphrase"),
    )
    cek.langkah(
        "Surat ditandatangani",
        "desktop",
        lambda: tandatangani(cek.tab("camat", "desktop"), untuk_ttd, PASSWORD),
    )
    untuk_ttd.refresh_from_db()
    if untuk_ttd.status != "signed":  # the pages after it cannot be reached; say why
        pesan = cek.tab("camat", "desktop").locator(".msg, .error, [role=alert]").all_inner_texts()
        cek.galat.append(f"Surat tidak tertandatangani lewat halaman: {pesan}")
        cek.selesai()
    cek.buka("Surat: signed", "pelaksana", f"/surat/{untuk_ttd.public_id}/")
    cek.buka("Formulir Kirim", "pelaksana", f"/surat/{untuk_ttd.public_id}/aksi/dispatch/")

    def kirim():
        page = cek.tab("pelaksana", "ponsel")
        page.goto(f"/surat/{untuk_ttd.public_id}/aksi/dispatch/")
        follow(page, page.locator("form.card").get_by_role("button", name="Kirim"))
        return page

    cek.langkah("Surat terkirim", "ponsel", kirim)
    if Letter.objects.get(pk=untuk_ttd.pk).status != "sent":
        cek.galat.append("Surat tidak terkirim lewat halaman Kirim")
    cek.buka("Surat: sent", "pelaksana", f"/surat/{untuk_ttd.public_id}/")

    dokumen = SignedDocument.objects.get(letter=untuk_ttd)
    cek.buka("Hasil verifikasi (kode)", None, f"/verifikasi/{dokumen.kode_verifikasi}/")
    for ukuran in UKURAN:

        def unggah(ukuran=ukuran):
            page = cek.tab(None, ukuran)
            page.goto("/verifikasi/")
            page.locator("input[type=file]").set_input_files(dokumen.berkas.path)
            follow(
                page, page.locator("main form").get_by_role("button", name="Periksa", exact=True)
            )
            return page

        cek.langkah("Hasil verifikasi (unggah)", ukuran, unggah)
    cek.selesai()
