"""Hostile PDFs, written byte by byte: what an attacker (or a broken tool) may upload.

Shared by the upload tests and the fuzz tests. Each builder returns the file's bytes;
the objects are written by hand so that every structure is exactly the hostile one.
"""

from __future__ import annotations

import functools
import zlib

HALAMAN = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def tulis(objects: list[bytes], *, root: int = 1, extra_trailer: bytes = b"") -> bytes:
    """A PDF with ``objects`` numbered from 1 and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        extra_trailer,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def biasa(catalog_extra: bytes = b"", page_extra: bytes = b"", more: list[bytes] = ()) -> bytes:
    """One blank page; extra entries in the catalog and the page; more objects from 4 on."""
    return tulis(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page_extra + b">>",
            *more,
        ]
    )


def pohon_halaman_dalam(depth: int = 150) -> bytes:
    """A page tree nested ``depth`` levels deep (pypdf stops at 100)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        parent = b"/Parent %d 0 R " % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, number + 1))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (depth + 1))
    return tulis(objects)


def _signature_field(value: bytes) -> bytes:
    return biasa(
        catalog_extra=b"/AcroForm << /Fields [4 0 R] /SigFlags 3 >>",
        page_extra=b"/Annots [4 0 R]",
        more=[
            b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Tanda tangan) /Rect [0 0 0 0] "
            b"/P 3 0 R /V " + value + b" >>"
        ],
    )


# Signature field values that are not a signature dictionary, or a broken one.
TANDA_TANGAN_RUSAK = {
    "number": b"42",
    "string": b"(bukan tanda tangan)",
    "empty dict": b"<< >>",
    "byte range of strings": b"<< /Type /Sig /ByteRange [(a) (b) (c) (d)] /Contents <00> >>",
    "short byte range": b"<< /Type /Sig /ByteRange [0 10] /Contents <00> >>",
    "byte range past the end": (
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
        b"/ByteRange [0 10 999999999 5] /Contents <3082> >>"
    ),
    "contents a number": (
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
        b"/ByteRange [0 10 20 5] /Contents 7 >>"
    ),
    "garbage CMS": (
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
        b"/ByteRange [0 10 20 5] /Contents <30820102deadbeef> >>"
    ),
}


def tanda_tangan_rusak(kind: str = "number") -> bytes:
    return _signature_field(TANDA_TANGAN_RUSAK[kind])


@functools.cache
def bom_flate(megabytes: int = 300) -> bytes:
    """A page whose content stream is a few hundred kB that inflate to ``megabytes`` MB."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    data = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    return biasa(page_extra=b"/Contents 4 0 R", more=[stream(data, extra=b"/Filter /FlateDecode ")])


def poliglot() -> bytes:
    """An HTML page that also holds a PDF further down."""
    html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>\n"
    return html + b"<!-- " + biasa() + b" -->\n</body></html>\n"


# Active content, each in the place a PDF viewer would run or open it.
KONTEN_AKTIF = {
    "JavaScript in OpenAction": biasa(
        catalog_extra=b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"
    ),
    "JavaScript with a hex-escaped name": biasa(
        catalog_extra=b"/OpenAction << /S /J#61vaScript /JS (app.alert\\(1\\)) >>"
    ),
    "JavaScript names tree": biasa(
        catalog_extra=b"/Names << /JavaScript 4 0 R >>",
        more=[b"<< /Names [(a) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >>"],
    ),
    "JavaScript as a stream": biasa(
        catalog_extra=b"/OpenAction << /S /JavaScript /JS 4 0 R >>",
        more=[stream(b"app.alert(1)")],
    ),
    "Launch action": biasa(
        catalog_extra=b"/OpenAction << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) >> >>"
    ),
    "embedded file": biasa(
        catalog_extra=b"/Names << /EmbeddedFiles << /Names [(x.exe) 4 0 R] >> >>",
        more=[
            b"<< /Type /Filespec /F (x.exe) /EF << /F 5 0 R >> >>",
            stream(b"MZ\x90\x00", extra=b"/Type /EmbeddedFile "),
        ],
    ),
    "page additional actions": biasa(
        page_extra=b"/AA << /O << /S /JavaScript /JS (app.alert\\(1\\)) >> >>"
    ),
    "RichMedia annotation": biasa(
        page_extra=b"/Annots [4 0 R]",
        more=[b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>"],
    ),
    "file attachment annotation": biasa(
        page_extra=b"/Annots [4 0 R]",
        more=[
            b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] "
            b"/FS << /Type /Filespec /F (x.exe) >> >>"
        ],
    ),
    "link running JavaScript": biasa(
        page_extra=b"/Annots [4 0 R]",
        more=[
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] "
            b"/A << /S /JavaScript /JS (this.exportDataObject\\({}\\)) >> >>"
        ],
    ),
}
