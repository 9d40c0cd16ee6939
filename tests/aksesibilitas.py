"""Accessibility checks on a page open in the test browser (tests/peramban.py).

axe-core comes from the npm registry at test time (tests/js/package-lock.json, installed by
``make install-test``; never committed, never from a CDN). It is put into the page under
test through the DevTools protocol (``page.evaluate``), which the page's
Content-Security-Policy does not govern, so the policy stays as strict as in production.
Without axe-core the tests that use it are skipped, unless BROWSER_WAJIB is set (CI),
where they fail.

``masalah(page, nama, ukuran)`` gathers everything wrong on the page as
:class:`Masalah` rows; ``laporan(rows)`` turns them into one readable report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.peramban import butuh_peramban

AXE_JS = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
ATURAN_AXE = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BERAT = ("serious", "critical")

butuh_axe = [
    *butuh_peramban,
    pytest.mark.skipif(
        not AXE_JS.exists() and not os.environ.get("BROWSER_WAJIB"),
        reason="axe-core belum terpasang (make install-test, atau npm ci --prefix tests/js)",
    ),
]


@dataclass(frozen=True)
class Masalah:
    halaman: str
    ukuran: str
    aturan: str
    dampak: str  # axe's impact (minor … critical); our own checks count as "serious"
    sasaran: str
    keterangan: str

    @property
    def berat(self) -> bool:
        return self.dampak in BERAT

    def __str__(self) -> str:
        return (
            f"{self.halaman} [{self.ukuran}] {self.aturan} ({self.dampak}): "
            f"{self.sasaran} — {self.keterangan}"
        )


@cache
def _axe_source() -> str:
    assert AXE_JS.exists(), "axe-core tidak ditemukan: jalankan make install-test"
    return AXE_JS.read_text(encoding="utf-8")


def pasang_axe(page) -> None:
    """Load axe-core into the current document (once per document)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Run through the DevTools protocol: not subject to the page's CSP (no eval).
        page.evaluate(_axe_source() + "\n;undefined")
    assert page.evaluate("typeof window.axe !== 'undefined'"), "axe-core gagal dimuat"


_JALANKAN_AXE = """async (tags) => {
  const hasil = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
  });
  return hasil.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""

# Every id named by aria-describedby / aria-labelledby / aria-controls / for= must exist
# (axe reports some of these as minor only, or not at all on hidden elements).
_RUJUKAN_HILANG = """() => {
  const hilang = [];
  const cek = (el, attr, ids) => {
    for (const id of ids.split(/\\s+/).filter(Boolean)) {
      if (!document.getElementById(id)) {
        const nama = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
          + (el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : '');
        hilang.push(`${nama} ${attr}="${id}"`);
      }
    }
  };
  for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-owns',
                      'aria-activedescendant', 'aria-errormessage']) {
    for (const el of document.querySelectorAll(`[${attr}]`)) cek(el, attr, el.getAttribute(attr));
  }
  for (const el of document.querySelectorAll('label[for]')) cek(el, 'for', el.htmlFor);
  return hilang;
}"""

# Links and buttons of the header, the menus and the pager: at least 24 x 24 CSS px.
_SASARAN_KECIL = """(min) => {
  const kecil = [];
  const sel = '.topbar a, .topbar button, .topbar summary, .pager a, .pager button, .skip-link';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;  // hidden (the folded menu, an unfocused skip link)
    if (r.width < min || r.height < min) {
      kecil.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" `
        + `${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return kecil;
}"""

# Primary buttons a thumb can hit on a phone: at least 44 CSS px tall.
_TOMBOL_UTAMA_PENDEK = """(min) => [...document.querySelectorAll('.btn-primary')]
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.width && r.height && r.height < min)
  .map(([el, r]) => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" `
    + `tinggi ${Math.round(r.height)}`)"""

# The header's visible parts on one row: their tops differ by less than half a line.
_BARIS_TOPBAR = """() => {
  const bar = document.querySelector('.topbar');
  if (!bar) return null;
  const tops = [...bar.children].map(el => el.getBoundingClientRect())
    .filter(r => r.width && r.height).map(r => r.top + r.height / 2);
  return {tinggi: Math.round(bar.getBoundingClientRect().height),
          selisih: Math.round(Math.max(...tops) - Math.min(...tops))};
}"""


# The page as a person meets it: its fonts loaded (axe tells an icon font's ligature,
# e.g. the editor's "format_bold", from visible text only once the font is there) and
# the letter editor's toolbar named in Indonesian (editor_surat.js, on the editor's
# "ready" event, which may come after the page's load event).
_SIAP = """() => document.fonts.status === 'loaded'
  && [...document.querySelectorAll('.prose-editor')]
    .every(e => e.querySelector('.prose-menubar[role=toolbar]'))"""


def tunggu_siap(page) -> None:
    page.wait_for_function(_SIAP, timeout=10_000)


def pelanggaran_axe(page) -> list[dict]:
    """axe-core's violations on the page as it is now (id, impact, help, targets)."""
    tunggu_siap(page)
    pasang_axe(page)
    return page.evaluate(_JALANKAN_AXE, ATURAN_AXE)


def rujukan_hilang(page) -> list[str]:
    return page.evaluate(_RUJUKAN_HILANG)


def masalah(page, halaman: str, ukuran: str) -> list[Masalah]:
    """Everything wrong with the page now open in ``page``, seen at ``ukuran``."""
    rows = [
        Masalah(halaman, ukuran, v["id"], v["impact"] or "?", sasaran, v["help"])
        for v in pelanggaran_axe(page)
        for sasaran in v["targets"]
    ]
    sendiri = lambda aturan, sasaran, ket: rows.append(  # noqa: E731
        Masalah(halaman, ukuran, aturan, "serious", sasaran, ket)
    )
    for rujukan in rujukan_hilang(page):
        sendiri("rujukan-id", rujukan, "id yang dirujuk tidak ada di halaman")
    for el in page.evaluate(_SASARAN_KECIL, 24):
        sendiri("sasaran-24px", el, "tautan/tombol kepala, menu atau pager di bawah 24x24 px")
    bahasa = page.evaluate("document.documentElement.lang")
    if bahasa != "id":
        sendiri("bahasa-id", "html", f"halaman berbahasa {bahasa!r}, bukan Indonesia")
    lebar = page.viewport_size["width"]
    lebih = page.evaluate("document.documentElement.scrollWidth") - lebar
    if lebih > 0:
        sendiri("geser-samping", "html", f"halaman {lebih} px lebih lebar dari layar {lebar} px")
    if ukuran == "ponsel":
        for el in page.evaluate(_TOMBOL_UTAMA_PENDEK, 44):
            sendiri("tombol-44px", el, ".btn-primary di ponsel kurang dari 44 px")
    else:
        baris = page.evaluate(_BARIS_TOPBAR)
        if baris and baris["selisih"] > 12:
            sendiri(
                "kepala-satu-baris",
                ".topbar",
                f"kepala halaman terlipat ({baris['tinggi']} px tinggi)",
            )
    return rows


def laporan(rows: list[Masalah]) -> str:
    return "\n".join(str(r) for r in sorted(set(rows), key=str))
