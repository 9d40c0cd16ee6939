"""Benchmark of the official documents (run: make bench).

Figures from one run, on a fresh temporary SQLite database:
- a one-page letter PDF through the app's own code path (naskah.letter_pdf), warm median;
- floor 1: WeasyPrint rendering that letter's final HTML read from a file;
- floor 2: WeasyPrint rendering a one-line page;
- a one-year Agenda Surat Keluar with 5,000 entries (registers.as_pdf), with pages/second;
- TTE: producing the signed letter (final render + PAdES signature with a demo PKCS#12
  key, tte.signing) beside a plain WeasyPrint render of the same letter.
Results replace the "Dokumen" and "Tanda tangan elektronik" sections of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import datetime
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="sop-surat-bench-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="sop_surat.settings",
    DEBUG="1",
    SQLITE_PATH=str(WORK / "bench.sqlite3"),
    MEDIA_ROOT=str(WORK / "media"),
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from approvals import actions, rules  # noqa: E402
from approvals.demo import load_demo  # noqa: E402
from letters import naskah, registers  # noqa: E402
from letters.models import AgendaEntry, KodeKlasifikasi, Letter, Penerima, Tujuan  # noqa: E402
from organisasi.models import Position  # noqa: E402
from tte import signing  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def median_seconds(work, runs: int = RUNS, warmup: int = 2) -> float:
    for _ in range(warmup):
        work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def one_page_letter(users) -> Letter:
    isi = (
        "<p>Dalam rangka pelaksanaan Musyawarah Perencanaan Pembangunan Kecamatan "
        "Mojoanyar Tahun 2027, bersama ini kami mengundang Saudara untuk hadir pada:</p>"
        "<table><tbody><tr><td>Hari/tanggal</td><td>Kamis, 3 Desember 2026</td></tr>"
        "<tr><td>Pukul</td><td>08.00 WIB s.d. selesai</td></tr>"
        "<tr><td>Tempat</td><td>Pendopo Kecamatan Mojoanyar</td></tr></tbody></table>"
        "<p>Demikian atas perhatian dan kehadiran Saudara disampaikan terima kasih.</p>"
    )
    data = {
        "klasifikasi": KodeKlasifikasi.objects.get(kode="100.2.4"),
        "sifat": "penting",
        "hal": "Undangan Musrenbang Kecamatan",
        "lampiran": "-",
        "isi": isi,
        "tembusan": "Bupati Mojokerto\nArsip",
        "pejabat_pengawas": Position.objects.get(nama="Kepala Seksi Pemerintahan"),
        "penandatangan": Position.objects.get(nama="Camat Mojoanyar"),
        "cara_ttd": "langsung",
    }
    penerima = [(t, t.nama) for t in Tujuan.objects.filter(jenis="desa")[:3]]
    letter = actions.create_letter(by=users["pelaksana"], data=data, penerima=penerima)
    for action, who in (
        ("submit", "pelaksana"),
        ("assign_number", "kasubbag"),
        ("paraf", "kasi"),
        ("approve", "sekcam"),
    ):
        seen = {"versi": letter.versi} if action in ("paraf", "approve") else {}
        letter = getattr(actions, action)(letter, by=users[who], **seen)
    return letter


def sign_once(letter, users) -> bytes:
    return signing.sign_electronically(letter, by=users["camat"], passphrase="bench").isi


def year_of_entries(users, count: int, year: int):
    kasubbag = users["kasubbag"]
    unit_id = Position.objects.get(nama="Camat Mojoanyar").unit_id
    common = {
        "unit_id": unit_id,
        "klasifikasi": KodeKlasifikasi.objects.get(kode="100.2.4"),
        "pejabat_pengawas": Position.objects.get(nama="Kepala Seksi Pemerintahan"),
        "penandatangan": Position.objects.get(nama="Camat Mojoanyar"),
        "pembuat": users["pelaksana"],
        "isi": "<p>Isi</p>",
        "status": "review",
    }
    letters = Letter.objects.bulk_create(
        Letter(hal=f"Surat nomor {i} tentang kegiatan pemerintahan desa", **common)
        for i in range(1, count + 1)
    )
    AgendaEntry.objects.bulk_create(
        AgendaEntry(
            letter=letter,
            unit_id=unit_id,
            tahun=year,
            seri="bench",
            nomor_urut=i,
            nomor=f"100.2.4/{i:04d}/416-XX/{year}",
            tanggal=datetime.date(year, 1, 1) + datetime.timedelta(days=i * 364 // count),
            diberikan_oleh=kasubbag,
        )
        for i, letter in enumerate(letters, start=1)
    )
    Penerima.objects.bulk_create(
        Penerima(letter=letter, nama="Kepala Desa Jabon") for letter in letters
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    users = load_demo("bench")
    letter = one_page_letter(users)
    letter = Letter.objects.select_related("unit", "klasifikasi", "agenda").get(pk=letter.pk)

    def app_letter():
        return naskah.letter_pdf(
            Letter.objects.select_related(
                "unit",
                "klasifikasi",
                "penandatangan",
                "ditandatangani_oleh",
                "agenda",
            ).get(pk=letter.pk)
        )

    pages = len(PdfReader(io.BytesIO(app_letter())).pages)
    html_file = WORK / "surat.html"
    html_file.write_text(naskah.letter_html(letter))
    base = (ROOT / "letters" / "templates" / "pdf").as_uri() + "/"
    app = median_seconds(app_letter)
    from_file = median_seconds(lambda: HTML(filename=str(html_file), base_url=base).write_pdf())
    one_line = median_seconds(lambda: HTML(string="<p>Halo</p>").write_pdf())

    year = 2025
    year_of_entries(users, 5000, year)
    periode = registers.Periode(
        datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"Tahun {year}"
    )
    start = time.perf_counter()
    agenda = registers.as_pdf(
        "agenda",
        terlihat=rules.surat_terlihat(users["kasubbag"]),
        unit=letter.unit,
        periode=periode,
        mengetahui="sekcam",
    )
    agenda_seconds = time.perf_counter() - start
    agenda_pages = len(PdfReader(io.BytesIO(agenda)).pages)

    rows = [
        ("Surat satu halaman lewat kode aplikasi (median hangat)", f"{app * 1000:.1f} ms"),
        ("WeasyPrint: HTML akhir surat yang sama dari berkas", f"{from_file * 1000:.1f} ms"),
        ("Rasio aplikasi / HTML dari berkas (target ≤ 1,5×)", f"{app / from_file:.2f}×"),
        ("WeasyPrint: halaman satu baris", f"{one_line * 1000:.1f} ms"),
        ("Rasio surat / halaman satu baris (target ≤ 5×)", f"{app / one_line:.2f}×"),
        ("Halaman PDF surat", str(pages)),
        ("Agenda satu tahun, 5.000 entri (target ≤ 20 s)", f"{agenda_seconds:.1f} s"),
        ("Halaman agenda", str(agenda_pages)),
        ("Halaman agenda per detik", f"{agenda_pages / agenda_seconds:.1f}"),
    ]
    write_section("Dokumen", rows)

    signing = median_seconds(lambda: sign_once(letter, users), runs=max(5, RUNS // 2))
    tte_rows = [
        (
            "Surat satu halaman: render final + tanda tangan PAdES (median hangat)",
            f"{signing * 1000:.1f} ms",
        ),
        ("WeasyPrint: render biasa surat yang sama (jalan yang sama)", f"{app * 1000:.1f} ms"),
        ("Tambahan untuk tanda tangan", f"{(signing - app) * 1000:.1f} ms"),
    ]
    write_section("Tanda tangan elektronik", tte_rows)
    for label, value in rows + tte_rows:
        print(f"{label}: {value}")


def write_section(title: str, rows: list[tuple[str, str]]) -> None:
    path = ROOT / "docs" / "BENCHMARKS.md"
    header = (
        "# Benchmark SOP Surat\n\n"
        "Dihasilkan oleh `make bench`; setiap bagian dari satu kali jalan.\n"
    )
    text = path.read_text() if path.exists() else header
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    body = (
        f"## {title}\n\nDijalankan {when} WIB, Python {platform.python_version()}, "
        f"{os.cpu_count()} inti, {RUNS} ulangan (median).\n\n| Ukuran | Hasil |\n|---|---|\n"
        + "".join(f"| {label} | {value} |\n" for label, value in rows)
    )
    marker = f"## {title}\n"
    if marker in text:
        before, _, after = text.partition(marker)
        rest = after.split("\n## ", 1)
        text = before + body + ("\n## " + rest[1] if len(rest) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    path.write_text(text)


if __name__ == "__main__":
    main()
