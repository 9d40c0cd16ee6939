"""No input makes the server fail: every form, query parameter, path and upload of the
application, driven with generated values, answers below 500.

Generated values include NUL and other control characters, very long values, lists where
one value is expected, numbers out of range, text that is not UTF-8, files where text is
expected and text where a file is expected, and hostile PDFs (deep page trees, malformed
signature dictionaries, flate bombs, HTML polyglots, JavaScript/Launch/embedded files).

Each endpoint kind gets at least ``SOP_FUZZ_KASUS`` cases (1,000 by default) spread over
its endpoints; the run is derandomised, so CI repeats the same cases. Each case runs in a
savepoint that is rolled back: every case meets the same letters in the same state. The
summary line per endpoint (cases, status codes seen) shows with ``pytest -rP``.
"""

from __future__ import annotations

import io
import math
import os
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.http import urlencode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from approvals.models import Notifikasi
from letters.models import Letter, PengaturanSurat, Tujuan
from organisasi.models import Position
from tests import pdf_berbahaya
from tests.conftest import ensure_key

KASUS_PER_JENIS = int(os.environ.get("SOP_FUZZ_KASUS", "1000"))

settings.register_profile(
    "fuzz",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

# --- generated values -------------------------------------------------------------------

KENDALI = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.just("\x7f")
KHUSUS = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "%00",
        "-1",
        "0",
        "1",
        "2026",
        "99999999999999999999",
        "-9223372036854775809",
        "1e309",
        "NaN",
        "inf",
        "None",
        "[]",
        "{}",
        "' OR '1'='1",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "2026-02-30",
        "30/02/2026",
        "2026-12-31",
        "31-12-2026",
        "\ufeff",
        "\u202e",
        "\U0001d54f",
        "100.2.4",
        "100.2.4 — Fasilitasi",
        "—",
    ]
)
PANJANG = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from(["a", "9", "\x00", "é", "—", "/", " "]),
    st.sampled_from([151, 256, 1000, 5000, 20000]),
)
TEKS = st.one_of(
    KHUSUS,
    st.text(max_size=30),
    st.text(alphabet=KENDALI, min_size=1, max_size=4),
    PANJANG,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
MENTAH = st.binary(min_size=1, max_size=24)  # mostly not UTF-8
NILAI = st.one_of(TEKS, MENTAH, st.lists(TEKS, min_size=2, max_size=3))


def _blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _splice(base: bytes, at: int, patch: bytes) -> bytes:
    at %= len(base)
    return base[:at] + patch + base[at + len(patch) :]


PDF_SAH = _blank_pdf()
PDF_BERBAHAYA = [
    pdf_berbahaya.pohon_halaman_dalam(),
    pdf_berbahaya.poliglot(),
    *(pdf_berbahaya.tanda_tangan_rusak(kind) for kind in pdf_berbahaya.TANDA_TANGAN_RUSAK),
    *pdf_berbahaya.KONTEN_AKTIF.values(),
]
BERKAS = st.one_of(
    st.just(PDF_SAH),
    st.sampled_from(PDF_BERBAHAYA),
    st.just("bom").map(lambda _: pdf_berbahaya.bom_flate(100)),
    st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)).map(
        lambda t: _splice(PDF_SAH, *t)
    ),
    st.integers(min_value=0, max_value=len(PDF_SAH)).map(lambda n: PDF_SAH[:n]),
    st.binary(max_size=400).map(lambda b: b"%PDF-1.7\n" + b),
    st.binary(max_size=200),
    st.just(b"\xff\xd8\xff\xe0" + b"\x00" * 32),  # a JPEG header, nothing more
)
NAMA_BERKAS = st.one_of(
    st.just("lampiran.pdf"),
    TEKS.map(lambda t: f"{t}.pdf"),
    st.just("a\x00b.pdf"),
    st.just("x" * 300 + ".pdf"),
)
UNGGAHAN = st.builds(
    lambda content, name, ctype: ("file", content, name, ctype),
    BERKAS,
    NAMA_BERKAS,
    st.sampled_from(["application/pdf", "text/html", "image/jpeg", "\x00", ""]),
)


@dataclass(frozen=True)
class Pilihan:
    """A field's valid values, and what else it may be sent."""

    sah: tuple
    jahat: st.SearchStrategy = NILAI

    def semua(self) -> st.SearchStrategy:
        return st.one_of(st.sampled_from(self.sah), self.jahat) if self.sah else self.jahat


def _pilih(valid: list, evil=NILAI) -> Pilihan:
    return Pilihan(tuple(valid), evil)


def _isian(fields: dict) -> st.SearchStrategy:
    """Form data, half the time almost valid (every field valid but one or two, so the
    request gets past the form into the action), otherwise any subset of the fields with
    any values, plus a stray field now and then."""
    fields = {n: f if isinstance(f, Pilihan) else Pilihan((), f) for n, f in fields.items()}
    acak = st.tuples(
        st.fixed_dictionaries({}, optional={n: f.semua() for n, f in fields.items()}),
        st.dictionaries(st.text(max_size=12), NILAI, max_size=1),
    ).map(lambda parts: {**parts[1], **parts[0]})
    if not fields:
        return acak
    names = sorted(fields)
    sah = st.fixed_dictionaries(
        {n: st.sampled_from(f.sah) if f.sah else f.jahat for n, f in fields.items()}
    )
    jahat = st.lists(st.sampled_from(names), max_size=2, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({n: fields[n].jahat for n in chosen})
    )
    hampir = st.tuples(sah, jahat).map(lambda parts: {**parts[0], **parts[1]})
    return st.one_of(hampir, acak)


def _sebagai_berkas(value):
    if isinstance(value, tuple) and value[0] == "file":
        _kind, content, name, ctype = value
        return SimpleUploadedFile(name, content, content_type=ctype or "application/pdf")
    return value


# --- endpoints --------------------------------------------------------------------------


@dataclass
class Konteks:
    office: dict
    clients: dict
    letters: dict
    ids: dict


@dataclass
class Endpoint:
    nama: str
    jenis: str  # endpoint kind: cases are shared among the endpoints of one kind
    peran: str | None  # demo username of the logged-in client; None: anonymous
    metode: str
    alamat: Callable[[Konteks], str]
    isian: Callable[[Konteks], st.SearchStrategy]
    surat: tuple = ()  # (name, state, overrides) of letters the endpoint needs
    raw_path: bool = False  # the generated value is the path itself
    bobot: float = 1  # share of its kind's cases

    def __str__(self) -> str:
        return self.nama


def _periode(ctx) -> st.SearchStrategy:
    return _isian(
        {
            "jenis": _pilih(["bulan", "triwulan", "tahun", "rentang"]),
            "tahun": _pilih(["2026", str(timezone.localdate().year)]),
            "bulan": _pilih(["1", "12"]),
            "triwulan": _pilih(["1", "4"]),
            "dari": _pilih(["2026-01-01", "01/01/2026"]),
            "sampai": _pilih(["2026-12-31", "31/12/2026"]),
            "mengetahui": _pilih(["sekcam", "kasubbag_umpeg"]),
            "halaman": _pilih(["1", "2"]),
        }
    )


def _periode_unduh(ctx) -> st.SearchStrategy:
    # Excel only: the PDF of the same period is the same form, and each PDF takes a second.
    return st.tuples(_periode(ctx), _pilih(["agenda.xlsx", "ekspedisi.xlsx"]).semua()).map(
        lambda t: {**t[0], "unduh": t[1]}
    )


def _surat_form(ctx) -> st.SearchStrategy:
    tujuan = [str(pk) for pk in Tujuan.objects.values_list("pk", flat=True)[:3]]
    pengawas = str(Position.objects.get(nama="Kepala Seksi Pemerintahan").pk)
    camat = str(Position.objects.get(nama="Camat Mojoanyar").pk)
    return _isian(
        {
            "jenis": _pilih([c for c, _l in Letter.Jenis.choices]),
            "klasifikasi": _pilih(["100.2.4", "000.1", "100.2.4 — Fasilitasi"]),
            "sifat": _pilih([c for c, _l in Letter.Sifat.choices]),
            "hal": _pilih(["Undangan Rapat"]),
            "lampiran": _pilih(["-", "1 (satu) berkas"]),
            "isi": _pilih(["<p>Isi surat.</p>", "<script>x</script>", "<p>\x00</p>"]),
            "tembusan": _pilih(["Arsip"]),
            "tujuan": _pilih([tujuan[:1], tujuan]),
            "tujuan_lain": _pilih(["Kepala Desa Jabon\nKepala Desa Wunut"]),
            "pejabat_pengawas": _pilih([pengawas]),
            "penandatangan": _pilih([camat]),
            "cara_ttd": _pilih([c for c, _l in Letter.CaraTtd.choices]),
            "ttd_manual": _pilih(["on", ""]),
            "alasan_ttd_manual": _pilih(["Di lapangan"]),
            "surat_masuk_nomor": _pilih(["005/12/2026"]),
            "surat_masuk_tanggal": _pilih(["2026-01-02"]),
            "surat_masuk_pengirim": _pilih(["Bupati"]),
            "versi_dasar": _pilih(["1", "2"]),
        }
    )


def _aksi(nama_surat: str, extra: dict | None = None):
    def isian(ctx) -> st.SearchStrategy:
        letter = ctx.letters[nama_surat]
        fields = {
            "catatan": _pilih(["Mohon diperiksa."]),
            "versi": _pilih([str(letter.versi), "0", str(letter.versi + 1)]),
        }
        fields.update(extra or {})
        return _isian(fields)

    return isian


KIRIM = {
    "tanggal_kirim": _pilih([timezone.localdate().isoformat(), "2099-01-01", "2000-01-01"]),
    "cara": _pilih(["kurir", "pos", "surel"]),
    "nama_penerima": _pilih(["Penerima"]),
    "tanggal_terima": _pilih(["2099-01-02"]),
    "bukti": st.one_of(UNGGAHAN, NILAI),
}
NOMOR = {
    "sisipan": _pilih(["on"]),
    "setelah": _pilih(["1", "999999999999"]),
    "alasan": _pilih(["Terlewat"]),
}


def _ke_surat(nama_surat: str, suffix: str = "") -> Callable[[Konteks], str]:
    return lambda ctx: f"/surat/{ctx.letters[nama_surat].public_id}/{suffix}"


SEGMEN = st.one_of(
    TEKS,
    st.uuids().map(str),
    st.just("x").map(lambda _: str(uuid.uuid4()).upper()),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abc_-=", min_size=1, max_size=60),
)


def _jalur(template: str) -> Callable[[Konteks], st.SearchStrategy]:
    """Paths from a template whose {a}, {b} are generated (or real ids, now and then)."""

    def isian(ctx) -> st.SearchStrategy:
        real = [str(ctx.letters["draft"].public_id), ctx.ids["kode"], ctx.ids["notifikasi"]]
        segment = st.one_of(st.sampled_from(real), SEGMEN)
        encode = st.sampled_from([lambda s: quote(s, safe=""), lambda s: s])
        return st.tuples(segment, segment, encode).map(
            lambda t: template.format(a=t[2](t[0]), b=t[2](t[1]))
        )

    return isian


E = Endpoint
ENDPOINTS = [
    # Login, anonymous.
    E(
        "masuk",
        "masuk",
        None,
        "post",
        lambda ctx: "/masuk/",
        lambda ctx: _isian(
            {
                "username": _pilih(["pelaksana", "camat"]),
                "password": _pilih(["salah", "rahasia-tes"]),
                "next": _pilih(["/agenda/", "https://contoh.test/", "//contoh.test"]),
            }
        ),
    ),
    # Query parameters of pages and reports.
    E(
        "kotak-masuk",
        "kueri",
        "pelaksana",
        "get",
        lambda ctx: "/",
        lambda ctx: _isian({"status": _pilih(["draft", "review"]), "halaman": _pilih(["1"])}),
        surat=(("draft", "draft", {}),),
    ),
    E(
        "agenda",
        "kueri",
        "kasubbag",
        "get",
        lambda ctx: "/agenda/",
        lambda ctx: _isian(
            {
                "tahun": _pilih(["2026"]),
                "bulan": _pilih(["1", "12"]),
                "klasifikasi": _pilih(["100"]),
                "status": _pilih(["proses", "batal"]),
                "q": _pilih(["rapat"]),
                "halaman": _pilih(["1", "last"]),
            }
        ),
    ),
    E("agenda-cetak", "kueri", "kasubbag", "get", lambda ctx: "/agenda/cetak/", _periode_unduh),
    E(
        "celah-nomor",
        "kueri",
        "kasubbag",
        "get",
        lambda ctx: "/agenda/celah-nomor/",
        lambda ctx: _isian({"tahun": _pilih(["2026"])}),
    ),
    E(
        "klasifikasi-cari",
        "kueri",
        "pelaksana",
        "get",
        lambda ctx: "/klasifikasi/cari/",
        lambda ctx: _isian({"klasifikasi": _pilih(["100.2", "rapat"]), "q": _pilih(["100"])}),
    ),
    E(
        "notifikasi",
        "kueri",
        "pelaksana",
        "get",
        lambda ctx: "/notifikasi/",
        lambda ctx: _isian({"halaman": _pilih(["1"])}),
    ),
    E("dasbor", "kueri", "camat", "get", lambda ctx: "/dasbor/", _periode),
    E("laporan-xlsx", "kueri", "camat", "get", lambda ctx: "/dasbor/laporan.xlsx", _periode),
    E(
        "verifikasi-halaman",
        "kueri",
        None,
        "get",
        lambda ctx: "/verifikasi/",
        lambda ctx: _isian({"kode": _pilih(["ABC"])}),
    ),
    E(
        "tandatangani-banyak-halaman",
        "kueri",
        "camat",
        "get",
        lambda ctx: "/tandatangani/",
        lambda ctx: _isian({}),
    ),
    E(
        "detail-surat",
        "kueri",
        "pelaksana",
        "get",
        _ke_surat("draft"),
        lambda ctx: _isian({}),
        surat=(("draft", "draft", {}),),
    ),
    # Generated path segments.
    E("verifikasi-kode", "jalur", None, "get", None, _jalur("/verifikasi/{a}/"), raw_path=True),
    E(
        "verifikasi-unduh",
        "jalur",
        None,
        "get",
        None,
        _jalur("/verifikasi/{a}/unduh/"),
        raw_path=True,
    ),
    E("surat-id", "jalur", "pelaksana", "get", None, _jalur("/surat/{a}/"), raw_path=True),
    E(
        "surat-versi",
        "jalur",
        "pelaksana",
        "get",
        None,
        _jalur("/surat/{a}/versi/{b}/"),
        raw_path=True,
    ),
    E(
        "surat-aksi",
        "jalur",
        "pelaksana",
        "get",
        None,
        _jalur("/surat/{a}/aksi/{b}/"),
        raw_path=True,
    ),
    E(
        "lampiran-unduh",
        "jalur",
        "pelaksana",
        "get",
        None,
        _jalur("/surat/{a}/lampiran/{b}/"),
        raw_path=True,
    ),
    E(
        "lampiran-hapus",
        "jalur",
        "pelaksana",
        "post",
        None,
        _jalur("/surat/{a}/lampiran/{b}/hapus/"),
        raw_path=True,
    ),
    E(
        "tanda-terima",
        "jalur",
        "pelaksana",
        "get",
        None,
        _jalur("/surat/{a}/pengiriman/{b}/tanda-terima/"),
        raw_path=True,
    ),
    E(
        "notifikasi-baca",
        "jalur",
        "pelaksana",
        "post",
        None,
        _jalur("/notifikasi/{a}/baca/"),
        raw_path=True,
    ),
    # Only .pdf and .xlsx exist (a PDF takes a quarter of a second): fewer cases.
    E(
        "laporan-format",
        "jalur",
        "camat",
        "get",
        None,
        _jalur("/dasbor/laporan.{a}"),
        raw_path=True,
        bobot=0.3,
    ),
    E("jalur-bebas", "jalur", "pelaksana", "get", None, _jalur("/{a}/{b}"), raw_path=True),
    # The letter form.
    E(
        "surat-baru",
        "formulir",
        "pelaksana",
        "post",
        lambda ctx: "/surat/baru/",
        _surat_form,
        bobot=4,
    ),
    E(
        "surat-ubah",
        "formulir",
        "pelaksana",
        "post",
        _ke_surat("draft", "ubah/"),
        _surat_form,
        surat=(("draft", "draft", {}),),
        bobot=4,
    ),
    # Each SOP action form, with its letter in the state the action starts from.
    E(
        "aksi-ajukan",
        "formulir",
        "pelaksana",
        "post",
        _ke_surat("draft", "aksi/submit/"),
        _aksi("draft"),
        surat=(("draft", "draft", {}),),
    ),
    E(
        "aksi-beri-nomor",
        "formulir",
        "kasubbag",
        "post",
        _ke_surat("numbering", "aksi/assign_number/"),
        _aksi("numbering", NOMOR),
        surat=(("numbering", "numbering", {}),),
    ),
    E(
        "aksi-paraf",
        "formulir",
        "kasi",
        "post",
        _ke_surat("review", "aksi/paraf/"),
        _aksi("review"),
        surat=(("review", "review", {}),),
    ),
    E(
        "aksi-setujui",
        "formulir",
        "sekcam",
        "post",
        _ke_surat("approval", "aksi/approve/"),
        _aksi("approval"),
        surat=(("approval", "approval", {}),),
    ),
    E(
        "aksi-tandatangani",
        "formulir",
        "camat",
        "post",
        _ke_surat("signing", "aksi/sign/"),
        _aksi("signing", {"passphrase": NILAI}),
        surat=(("signing", "signing", {}),),
    ),
    E(
        "aksi-kirim",
        "formulir",
        "pelaksana",
        "post",
        _ke_surat("signed", "aksi/dispatch/"),
        _aksi("signed", KIRIM),
        surat=(("signed", "signed", {}),),
    ),
    E(
        "aksi-kembalikan",
        "formulir",
        "kasi",
        "post",
        _ke_surat("review", "aksi/return_for_revision/"),
        _aksi("review"),
        surat=(("review", "review", {}),),
    ),
    E(
        "aksi-ajukan-ulang",
        "formulir",
        "pelaksana",
        "post",
        _ke_surat("revision", "aksi/resubmit/"),
        _aksi("revision"),
        surat=(("revision", "revision", {}),),
    ),
    E(
        "aksi-batalkan",
        "formulir",
        "kasubbag",
        "post",
        _ke_surat("review", "aksi/cancel/"),
        _aksi("review"),
        surat=(("review", "review", {}),),
    ),
    # Uploads.
    E(
        "lampiran",
        "unggahan",
        "pelaksana",
        "post",
        _ke_surat("draft", "lampiran/"),
        lambda ctx: _isian({"berkas": st.one_of(UNGGAHAN, UNGGAHAN, NILAI)}),
        surat=(("draft", "draft", {}),),
    ),
    E(
        "verifikasi-unggah",
        "unggahan",
        None,
        "post",
        lambda ctx: "/verifikasi/",
        lambda ctx: _isian({"berkas": st.one_of(UNGGAHAN, UNGGAHAN, NILAI)}),
    ),
    E(
        "pindaian-ttd-basah",
        "unggahan",
        "camat",
        "post",
        _ke_surat("basah", "aksi/sign/"),
        _aksi("basah", {"scan": st.one_of(UNGGAHAN, UNGGAHAN, NILAI)}),
        surat=(("basah", "signing", {"ttd_manual": True, "alasan_ttd_manual": "Lapangan"}),),
    ),
    E(
        "tanda-terima-kirim",
        "unggahan",
        "pelaksana",
        "post",
        _ke_surat("signed", "aksi/dispatch/"),
        _aksi(
            "signed",
            {
                "tanggal_kirim": st.just(timezone.localdate().isoformat()),
                "cara": st.just("kurir"),
                "bukti": UNGGAHAN,
            },
        ),
        surat=(("signed", "signed", {}),),
    ),
    # Batch signing, notifications.
    E(
        "tandatangani-banyak",
        "formulir",
        "camat",
        "post",
        lambda ctx: "/tandatangani/",
        lambda ctx: _isian(
            {
                "surat": _pilih(
                    [
                        f"{ctx.letters['signing'].public_id}:{ctx.letters['signing'].versi}",
                        [f"{ctx.letters['signing'].public_id}:x", f"{uuid.uuid4()}:1"],
                        f"{ctx.letters['signing'].public_id}",
                    ]
                ),
                "passphrase": NILAI,
            }
        ),
        surat=(("signing", "signing", {}),),
        bobot=2,
    ),
    E(
        "notifikasi-baca-semua",
        "formulir",
        "pelaksana",
        "post",
        lambda ctx: "/notifikasi/baca-semua/",
        lambda ctx: _isian({"halaman": _pilih(["1"])}),
    ),
    E(
        "notifikasi-baca-isian",
        "formulir",
        "pelaksana",
        "post",
        lambda ctx: f"/notifikasi/{ctx.ids['notifikasi']}/baca/",
        lambda ctx: _isian({"next": _pilih(["/"])}),
        surat=(("draft", "draft", {}),),
    ),
    E(
        "keluar",
        "formulir",
        "pelaksana",
        "post",
        lambda ctx: "/keluar/",
        lambda ctx: _isian({"next": _pilih(["/masuk/", "//contoh.test"])}),
    ),
]
BOBOT_JENIS = Counter()
for _e in ENDPOINTS:
    BOBOT_JENIS[_e.jenis] += _e.bobot


def _contoh(endpoint: Endpoint) -> int:
    return math.ceil(KASUS_PER_JENIS * endpoint.bobot / BOBOT_JENIS[endpoint.jenis])


@pytest.fixture
def konteks(office, make_letter):
    def build(endpoint: Endpoint) -> Konteks:
        letters = {"draft": make_letter("draft")} if endpoint.raw_path else {}
        for name, state, overrides in endpoint.surat:
            if state in ("signing", "signed"):
                ensure_key(office["camat"])
            if overrides.get("ttd_manual"):
                PengaturanSurat.objects.filter(unit__induk=None).update(metode_ttd="manual")
            letters[name] = make_letter(state, **overrides)
        draft = letters.get("draft") or Letter.objects.first()
        notifikasi = Notifikasi.objects.filter(user=office["pelaksana"]).first()
        if notifikasi is None and draft is not None:
            notifikasi = Notifikasi.objects.create(
                user=office["pelaksana"], letter=draft, judul="Surat", pesan="Surat menunggu Anda"
            )
        dokumen = getattr(letters.get("signed"), "dokumen", None)
        ids = {
            "kode": dokumen.kode_verifikasi if dokumen else "TIDAKADA",
            "notifikasi": str(notifikasi.pk if notifikasi else 1),
        }
        client = Client()
        if endpoint.peran:
            client.force_login(office[endpoint.peran])
        return Konteks(office, {endpoint.peran: client}, letters, ids)

    return build


def _kirim(client: Client, endpoint: Endpoint, ctx: Konteks, data, encoding: str):
    if endpoint.raw_path:
        path, data = data, {}
    else:
        path = endpoint.alamat(ctx)
    if endpoint.metode == "get":
        return client.get(path, data)
    has_file = any(isinstance(v, tuple) for v in data.values())
    if encoding == "multipart" or has_file:
        return client.post(path, {key: _sebagai_berkas(value) for key, value in data.items()})
    if encoding == "urlencoded":
        body = urlencode(data, doseq=True)
        return client.post(path, body, content_type="application/x-www-form-urlencoded")
    return client.post(path, repr(data).encode(), content_type="application/json")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_no_generated_input_makes_the_server_fail(endpoint, konteks, db):
    ctx = konteks(endpoint)
    client = ctx.clients[endpoint.peran]
    seen: Counter = Counter()

    @settings(settings.get_profile("fuzz"), max_examples=_contoh(endpoint))
    @given(data=endpoint.isian(ctx), encoding=st.sampled_from(["multipart", "urlencoded", "json"]))
    def case(data, encoding):
        with transaction.atomic():
            response = _kirim(client, endpoint, ctx, data, encoding)
            transaction.set_rollback(True)
        seen[response.status_code] += 1
        assert response.status_code < 500, response.content[:500]

    case()
    codes = ", ".join(f"{code}×{n}" for code, n in sorted(seen.items()))
    print(f"{endpoint.nama} [{endpoint.jenis}]: {seen.total()} kasus; status {codes}")
    assert seen.total() > 0
