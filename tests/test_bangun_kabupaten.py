"""manage.py bangun_kabupaten: a synthetic regency built deterministically for load tests."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max
from django.test import Client
from django.urls import reverse

from approvals import kabupaten
from letters import numbering
from letters.models import (
    AgendaEntry,
    Letter,
    LetterEvent,
    LetterVersion,
    NumberCounter,
    SignedDocument,
    Status,
)
from organisasi.models import Assignment, Peran, User

SURAT = 300
TAHUN = 2024


def bangun(*extra) -> str:
    out = io.StringIO()
    call_command(
        "bangun_kabupaten", "--surat", str(SURAT), "--tahun-mulai", str(TAHUN), *extra, stdout=out
    )
    return out.getvalue()


@pytest.fixture
def kabupaten_sintetis(db, settings):
    settings.DEBUG = True
    return bangun()


def data_kunci() -> list[tuple]:
    """What must repeat with the same seed, keyed by what does not depend on row ids."""
    letters = Letter.objects.filter(unit__in=kabupaten.generated_units()).select_related(
        "unit", "agenda", "pembuat"
    )
    rows = []
    for letter in letters.order_by("public_id"):
        events = [
            (
                e.aksi,
                e.dari,
                e.ke,
                e.oleh.username,
                e.sebagai,
                e.catatan,
                e.versi,
                e.hash_versi,
                e.waktu,
            )
            for e in letter.events.select_related("oleh").order_by("waktu", "pk")
        ]
        versions = list(letter.versions.order_by("nomor").values_list("nomor", "hash"))
        dokumen = SignedDocument.objects.filter(letter=letter).values_list(
            "kode_verifikasi", "sha256", "ditandatangani_oleh__username"
        )
        rows.append(
            (
                str(letter.public_id),
                letter.unit.nama,
                letter.nomor,
                letter.status,
                letter.hal,
                letter.pembuat.username,
                letter.dibuat,
                tuple(events),
                tuple(versions),
                tuple(dokumen),
            )
        )
    return rows


def test_sama_benih_sama_data(kabupaten_sintetis):
    pertama = data_kunci()
    pegawai = sorted(kabupaten.generated_users().values_list("username", "nama", "nip"))
    assert len(pertama) == SURAT

    keluaran = bangun("--hapus")

    assert "lama dihapus: 300 surat" in keluaran
    assert data_kunci() == pertama
    assert sorted(kabupaten.generated_users().values_list("username", "nama", "nip")) == pegawai


def test_benih_lain_data_lain(kabupaten_sintetis):
    pertama = data_kunci()
    bangun("--hapus", "--benih", "2")
    assert [r[0] for r in data_kunci()] != [r[0] for r in pertama]


def test_menolak_bila_sudah_ada(kabupaten_sintetis):
    with pytest.raises(CommandError, match="sudah ada"):
        bangun()


def test_ditolak_tanpa_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG tidak aktif"):
        bangun()
    assert not kabupaten.generated_units().exists()


def test_organisasi_dan_semua_status(kabupaten_sintetis):
    assert "Kabupaten sintetis siap" in kabupaten_sintetis
    instansi = kabupaten.generated_units().filter(induk__isnull=True)
    assert instansi.count() == len(kabupaten.KECAMATAN) + len(kabupaten.OPD)
    for unit in instansi:
        assert unit.pengaturan_surat and unit.pengaturan_tte and unit.langkah_sop.exists()
    penugasan = Assignment.objects.filter(user__in=kabupaten.generated_users())
    jenis = dict(penugasan.values_list("jenis").annotate(n=Count("pk")))
    assert jenis[Assignment.Jenis.PLT] and jenis[Assignment.Jenis.PLH]
    assert (
        0.02
        < (jenis[Assignment.Jenis.PLT] + jenis[Assignment.Jenis.PLH]) / sum(jenis.values())
        < 0.1
    )

    letters = Letter.objects.filter(unit__in=instansi)
    status = dict(letters.values_list("status").annotate(n=Count("pk")))
    assert set(status) == set(Status.values)
    terbuka = sum(n for s, n in status.items() if s not in (Status.SENT, Status.CANCELLED))
    assert terbuka <= 0.05 * SURAT
    assert letters.filter(sifat__in=["rahasia", "sangat_rahasia"]).exists()
    assert letters.values("jenis").distinct().count() >= 5
    assert letters.filter(cara_ttd=Letter.CaraTtd.PLT).exists()
    # Signed letters have their document, sent ones their dispatch; versions 1 to 3.
    signed = letters.filter(status__in=[Status.SIGNED, Status.SENT])
    assert SignedDocument.objects.filter(letter__in=signed).count() == signed.count()
    assert letters.filter(status=Status.SENT, pengiriman__isnull=True).count() == 0
    assert set(
        LetterVersion.objects.filter(letter__in=letters).values_list("nomor", flat=True)
    ) == {1, 2, 3}
    assert Letter.objects.filter(unit__in=instansi, versi__gt=3).count() == 0


def test_nomor_tanpa_celah(kabupaten_sintetis):
    units = kabupaten.generated_units()
    counters = NumberCounter.objects.filter(unit__in=units)
    assert counters.exists()
    for counter in counters:
        laporan = numbering.gap_report(counter.unit_id, counter.tahun)
        assert all(not seri["hilang"] for seri in laporan), laporan
        terakhir = AgendaEntry.objects.filter(
            unit_id=counter.unit_id, tahun=counter.tahun, seri=counter.seri
        ).aggregate(m=Max("nomor_urut"), n=Count("pk"))
        assert terakhir == {"m": counter.terakhir, "n": counter.terakhir}
    agenda = AgendaEntry.objects.filter(unit__in=units)
    assert agenda.values("unit", "tahun", "nomor").distinct().count() == agenda.count()
    # Numbered in the order they were given.
    for unit_id, tahun, seri in counters.values_list("unit_id", "tahun", "seri")[:10]:
        tanggal = list(
            agenda.filter(unit_id=unit_id, tahun=tahun, seri=seri)
            .order_by("nomor_urut")
            .values_list("tanggal", flat=True)
        )
        assert tanggal == sorted(tanggal)


def test_riwayat_utuh(kabupaten_sintetis):
    out = io.StringIO()
    call_command("periksa_riwayat", stdout=out)
    assert f"Riwayat {SURAT} surat utuh" in out.getvalue()
    letter = Letter.objects.filter(status=Status.SENT).first()
    aksi = list(letter.events.order_by("waktu", "pk").values_list("aksi", flat=True))
    assert aksi[0] == "create" and aksi[-1] == "dispatch"
    assert {"submit", "assign_number", "paraf", "approve", "sign"} <= set(aksi)
    assert LetterEvent.objects.filter(aksi="return_for_revision").exists()


def test_kotak_masuk_dan_agenda_terbuka(kabupaten_sintetis):
    menunggu = (
        Letter.objects.filter(status=Status.NUMBERING, unit__in=kabupaten.generated_units())
        .select_related("unit")
        .first()
    )
    kasubbag = User.objects.get(
        penugasan__position__peran=Peran.KASUBBAG_UMPEG,
        penugasan__position__unit__instansi=menunggu.unit,
    )
    client = Client()
    client.force_login(kasubbag)
    page = client.get(reverse("approvals:kotak_masuk"))
    assert page.status_code == 200
    if not menunggu.rahasia:
        assert menunggu.hal in page.content.decode()
    agenda = client.get(reverse("letters:agenda"), {"tahun": TAHUN + 1})
    assert agenda.status_code == 200

    camat = User.objects.filter(
        username__endswith=".camat", email__endswith=kabupaten.DOMAIN
    ).first()
    client.force_login(camat)
    assert client.get(reverse("approvals:kotak_masuk")).status_code == 200
    agenda = client.get(reverse("letters:agenda"), {"tahun": TAHUN})
    assert agenda.status_code == 200
    nomor = AgendaEntry.objects.filter(
        unit__pengaturan_surat__unit__in=camat.penugasan.values("position__unit__instansi"),
        tahun=TAHUN,
    ).values_list("nomor", flat=True)
    assert any(n in agenda.content.decode() for n in nomor)


def test_halaman_surat_dan_dasbor_terbuka(kabupaten_sintetis):
    """The generated rows are complete enough for the pages that read them."""
    camat = User.objects.filter(
        username__endswith=".camat", email__endswith=kabupaten.DOMAIN
    ).first()
    instansi = camat.penugasan.values("position__unit__instansi")
    client = Client()
    client.force_login(camat)
    for status in (Status.SENT, Status.CANCELLED, Status.REVIEW, Status.DRAFT):
        letter = Letter.objects.filter(unit__in=instansi, status=status, sifat="biasa").first()
        if letter is None:
            continue
        page = client.get(reverse("letters:detail", args=[letter.public_id]))
        assert page.status_code == 200, status
        assert letter.hal in page.content.decode()
    assert client.get(reverse("approvals:dasbor")).status_code == 200
    assert client.get(reverse("approvals:notifikasi")).status_code == 200
    assert client.get(reverse("approvals:surat_saya")).status_code == 200


def test_tahun_masa_depan_ditolak_tanpa_menghapus(kabupaten_sintetis):
    with pytest.raises(CommandError, match="terlalu pendek"):
        call_command("bangun_kabupaten", "--tahun-mulai", "2999", "--hapus", stdout=io.StringIO())
    assert Letter.objects.filter(unit__in=kabupaten.generated_units()).count() == SURAT
