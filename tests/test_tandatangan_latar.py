"""Signing many letters in the background: the request signs the first letter (a wrong
passphrase keeps the form, nothing queued), the worker signs the rest one by one, and a
progress page, only for the signer, shows how far it is and why it stopped. The
passphrase waits only encrypted, only for 15 minutes, and is wiped when the job ends."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from approvals import ttd_latar
from approvals.models import PenandatangananBanyak
from letters.models import Letter, SignedDocument
from organisasi.models import User
from tests.aksesibilitas import butuh_axe
from tests.bsre_palsu import PASSPHRASE
from tests.conftest import PASSWORD, ensure_key
from tests.peramban import butuh_peramban, follow
from tests.serentak import run_together
from tests.test_tte_bsre import bsre  # noqa: F401 (fixture)
from tests.test_versi_dilihat import _edit

PROSES = re.compile(r"/tandatangani/proses/([0-9a-f-]{36})/$")


@pytest.fixture
def tiga(make_letter, office):
    ensure_key(office["camat"])
    return [make_letter("signing", hal=f"Surat latar ke-{i}") for i in range(3)]


def _pilih(letters) -> list[str]:
    return [f"{s.public_id}:{s.versi}" for s in letters]


def _kirim(client, letters, passphrase=PASSWORD):
    return client.post("/tandatangani/", {"surat": _pilih(letters), "passphrase": passphrase})


def _status(letters) -> list[str]:
    return [Letter.objects.get(pk=s.pk).status for s in letters]


def _job_id(response) -> str:
    assert response.status_code == 302, response.content.decode()[:500]
    return PROSES.search(response["Location"]).group(1)


def _halaman(client, job_id, htmx=False) -> str:
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(f"/tandatangani/proses/{job_id}/", headers=headers)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_first_letter_is_signed_at_once_and_the_worker_signs_the_rest(
    tiga, login, django_capture_on_commit_callbacks
):
    client = login("camat")
    with django_capture_on_commit_callbacks(execute=True):
        job_id = _job_id(_kirim(client, tiga))
    assert _status(tiga) == ["signed", "signing", "signing"]
    job = PenandatangananBanyak.objects.get(pk=job_id)
    assert (job.jumlah, job.diproses, job.ditandatangani) == (3, 1, 1)
    assert [e["status"] for e in job.daftar] == ["ditandatangani", "menunggu", "menunggu"]
    # The task is queued with the job's id only.
    (antre,) = DBTaskResult.objects.filter(task_path__endswith="tandatangani_latar")
    assert antre.args_kwargs == {"args": [job_id], "kwargs": {}}

    page = _halaman(client, job_id)
    assert "1 dari 3 surat ditandatangani" in page
    assert '<progress id="progres-ttd" max="3" value="1">' in page
    assert f'hx-get="/tandatangani/proses/{job_id}/"' in page and 'hx-trigger="every 2s"' in page
    assert 'aria-live="polite"' in page
    # The letters being signed are not offered again meanwhile.
    batch = client.get("/tandatangani/").content.decode()
    assert "Surat latar ke-0" not in batch and "Surat latar ke-1" not in batch
    assert f'href="/tandatangani/proses/{job_id}/"' in batch

    ttd_latar.tandatangani_latar.call(job_id)

    assert _status(tiga) == ["signed", "signed", "signed"]
    assert SignedDocument.objects.count() == 3
    fragment = _halaman(client, job_id, htmx=True)
    assert "3 dari 3 surat ditandatangani" in fragment
    assert '<progress id="progres-ttd" max="3" value="3">' in fragment
    assert "hx-trigger" not in fragment  # polling stops
    assert "Selesai. Semua surat telah ditandatangani." in fragment
    for letter in tiga:
        assert f'href="/surat/{letter.public_id}/"' in fragment
    assert PenandatangananBanyak.objects.get(pk=job_id).status == "selesai"
    assert "Surat latar" not in client.get("/tandatangani/").content.decode()
    # Running it again (a duplicate delivery) does nothing.
    ttd_latar.tandatangani_latar.call(job_id)
    assert SignedDocument.objects.count() == 3


def test_a_long_queue_offers_the_longest_waiting_letters_first(tiga, login, monkeypatch):
    """A Camat back from leave with hundreds of letters gets a page of bounded size: the
    letters waiting longest, and how many follow once those are signed."""
    from approvals import views_aksi

    monkeypatch.setattr(views_aksi, "TTD_PER_HALAMAN", 2)
    page = " ".join(login("camat").get("/tandatangani/").content.decode().split())
    assert "Surat latar ke-0" in page and "Surat latar ke-1" in page
    assert "Surat latar ke-2" not in page
    assert "1 surat lainnya tampil di sini setelah surat-surat ini ditandatangani" in page


def test_drafters_hear_of_each_letter_signed_by_the_worker(tiga, login, office):
    job_id = _job_id(_kirim(login("camat"), tiga))
    ttd_latar.tandatangani_latar.call(job_id)
    pelaksana = office["pelaksana"]
    for letter in tiga:
        assert pelaksana.notifikasi.filter(letter=letter).exists()


def test_one_letter_is_signed_in_the_request_as_before(tiga, login):
    response = login("camat").post(
        "/tandatangani/", {"surat": _pilih(tiga[:1]), "passphrase": PASSWORD}, follow=True
    )
    assert "1 surat telah ditandatangani." in response.content.decode()
    assert not PenandatangananBanyak.objects.exists()
    assert _status(tiga) == ["signed", "signing", "signing"]


def test_a_wrong_passphrase_queues_nothing_and_keeps_the_form(
    tiga, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _kirim(login("camat"), tiga, passphrase="salah")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Passphrase salah" in html and "has-error" in html
    ticked = re.findall(r'<input type="checkbox" name="surat" value="([^"]+)"[^>]*checked', html)
    assert sorted(ticked) == sorted(_pilih(tiga))
    assert not PenandatangananBanyak.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert _status(tiga) == ["signing"] * 3


def test_the_passphrase_is_stored_encrypted_and_wiped_when_the_job_ends(tiga, login):
    job_id = _job_id(_kirim(login("camat"), tiga))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {PenandatangananBanyak._meta.db_table} WHERE id = %s",
            [PenandatangananBanyak._meta.pk.get_db_prep_value(job_id, connection)],
        )
        (row,) = cursor.fetchall()
    stored = b"".join(
        bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row
    )
    assert PASSWORD.encode() not in stored
    job = PenandatangananBanyak.objects.get(pk=job_id)
    assert len(bytes(job.garam)) == 16 and bytes(job.rahasia)
    assert ttd_latar.buka_passphrase(job) == PASSWORD  # kept, but only encrypted

    ttd_latar.tandatangani_latar.call(job_id)
    job.refresh_from_db()
    assert bytes(job.rahasia) == b"" and bytes(job.garam) == b""
    with pytest.raises(ttd_latar.PassphraseTidakTersedia):
        ttd_latar.buka_passphrase(job)


def test_a_job_older_than_15_minutes_signs_nothing(tiga, login):
    client = login("camat")
    job_id = _job_id(_kirim(client, tiga))
    PenandatangananBanyak.objects.filter(pk=job_id).update(
        dibuat=timezone.now() - datetime.timedelta(minutes=16)
    )
    with pytest.raises(ttd_latar.PassphraseTidakTersedia):
        ttd_latar.buka_passphrase(PenandatangananBanyak.objects.get(pk=job_id))
    ttd_latar.tandatangani_latar.call(job_id)
    assert _status(tiga) == ["signed", "signing", "signing"]
    job = PenandatangananBanyak.objects.get(pk=job_id)
    assert job.status == "gagal" and bytes(job.rahasia) == b""
    page = _halaman(client, job_id)
    assert "Penandatanganan dihentikan: Batas waktu 15 menit" in page
    assert "2 surat belum ditandatangani dan tetap menunggu tanda tangan Anda" in page
    assert page.count("<strong>Belum dicoba</strong>") == 2
    # The letters are offered again.
    batch = client.get("/tandatangani/").content.decode()
    assert "Surat latar ke-1" in batch and "Surat latar ke-2" in batch


def test_a_job_the_worker_never_picked_up_is_wiped_when_a_page_is_opened(tiga, login):
    client = login("camat")
    job_id = _job_id(_kirim(client, tiga))
    PenandatangananBanyak.objects.filter(pk=job_id).update(
        dibuat=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert "Surat latar ke-1" in client.get("/tandatangani/").content.decode()
    job = PenandatangananBanyak.objects.get(pk=job_id)
    assert job.status == "gagal" and bytes(job.rahasia) == b""


def test_only_the_signer_sees_the_progress_page(tiga, login):
    job_id = _job_id(_kirim(login("camat"), tiga))
    url = f"/tandatangani/proses/{job_id}/"
    for username in ("plt_camat", "sekcam", "pelaksana", "admin"):
        client = login(username)
        assert client.get(url).status_code == 404, username
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404, username
    stranger = login("camat")
    stranger.force_login(User.objects.create_user("tamu", password="x"))
    assert stranger.get(url).status_code == 404
    anonymous = login("camat")
    anonymous.logout()
    response = anonymous.get(url)
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_a_letter_edited_meanwhile_is_refused_and_the_rest_signed(tiga, login, office):
    job_id = _job_id(_kirim(login("camat"), tiga))
    _edit(tiga[1], office["camat"], "Diubah sementara")
    ttd_latar.tandatangani_latar.call(job_id)
    assert _status(tiga) == ["signed", "signing", "signed"]
    page = _halaman(login("camat"), job_id)
    assert "2 dari 3 surat ditandatangani" in page
    assert "Selesai. 1 surat tidak ditandatangani" in page
    assert "<strong>Tidak ditandatangani</strong>" in page


@pytest.mark.parametrize("bsre", ["v2"], indirect=True)
def test_a_failing_service_stops_the_job_and_the_rest_keep_waiting(bsre, make_letter, login):  # noqa: F811
    letters = [make_letter("signing", hal=f"Surat latar ke-{i}") for i in range(3)]
    client = login("camat")
    job_id = _job_id(_kirim(client, letters, passphrase=PASSPHRASE))
    assert _status(letters) == ["signed", "signing", "signing"]
    bsre.mode = "rusak"
    ttd_latar.tandatangani_latar.call(job_id)
    assert _status(letters) == ["signed", "signing", "signing"]
    job = PenandatangananBanyak.objects.get(pk=job_id)
    assert job.status == "gagal" and bytes(job.rahasia) == b""
    assert "tidak dapat dihubungi" in job.pesan
    assert [e["status"] for e in job.daftar] == ["ditandatangani", "gagal", "belum"]
    page = _halaman(client, job_id)
    assert "1 dari 3 surat ditandatangani" in page
    assert "Penandatanganan dihentikan:" in page and "tidak dapat dihubungi" in page
    assert "2 surat belum ditandatangani dan tetap menunggu tanda tangan Anda" in page
    assert "Belum dicoba karena layanan TTE gagal" in page
    assert 'role="alert"' in page and "hx-trigger" not in page


# In the browser, on a phone and on a desktop.


@pytest.mark.parametrize("ukuran", ["ponsel", "desktop"])
@butuh_peramban[0]
@butuh_peramban[1]
def test_in_the_browser_pilih_semua_signs_and_the_page_follows_the_worker(
    layar, office, make_letter, ukuran
):
    ensure_key(office["camat"])
    letters = [make_letter("signing", hal=f"Surat latar ke-{i}") for i in range(3)]
    page = layar("camat", ukuran)
    page.goto("/tandatangani/")
    page.get_by_label("Pilih semua").check()
    page.locator("#id_passphrase").fill(PASSWORD)
    follow(page, page.locator("form.card").get_by_role("button", name="Tandatangani"))
    job_id = PROSES.search(page.url).group(1)
    assert "1 dari 3 surat ditandatangani" in page.locator("#proses-ttd").inner_text()
    assert page.locator("#progres-ttd").get_attribute("value") == "1"

    # The worker, in a plain thread (pyHanko cannot sign in Playwright's event loop).
    [hasil] = run_together(1, lambda _i: ttd_latar.tandatangani_latar.call(job_id))
    assert not isinstance(hasil, Exception), hasil
    assert _status(letters) == ["signed"] * 3

    # The page, polling, reaches the end by itself.
    page.get_by_text("Selesai. Semua surat telah ditandatangani.").wait_for(timeout=15_000)
    assert "3 dari 3 surat ditandatangani" in page.locator("#proses-ttd").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert layar.errors == []


def _job(camat, letters, status, hasil):
    """A job row as the worker leaves it (no signing: this is about the page)."""
    daftar = [
        {"id": s.pk, "versi": s.versi, "status": h, "pesan": "Layanan TTE tidak dapat dihubungi."}
        if h != "ditandatangani"
        else {"id": s.pk, "versi": s.versi, "status": h, "pesan": ""}
        for s, h in zip(letters, hasil, strict=True)
    ]
    return PenandatangananBanyak.objects.create(
        pemohon=camat,
        status=status,
        daftar=daftar,
        jumlah=len(daftar),
        diproses=sum(h != "menunggu" for h in hasil),
        ditandatangani=hasil.count("ditandatangani"),
        pesan="Layanan TTE tidak dapat dihubungi." if status == "gagal" else "",
    )


@butuh_axe[0]
@butuh_axe[1]
@butuh_axe[2]
def test_the_progress_page_is_accessible_while_running_done_and_stopped(layar, office, make_letter):
    from tests.test_aksesibilitas import Pemeriksa

    letters = [make_letter("signing", hal=f"Surat latar ke-{i}") for i in range(3)]
    camat = office["camat"]
    cek = Pemeriksa(layar)
    for nama, status, hasil in (
        ("berjalan", "berjalan", ["ditandatangani", "menunggu", "menunggu"]),
        ("selesai", "selesai", ["ditandatangani"] * 3),
        ("berhenti", "gagal", ["ditandatangani", "gagal", "belum"]),
    ):
        job = _job(camat, letters, status, hasil)
        cek.buka(f"Proses tanda tangan, {nama}", "camat", f"/tandatangani/proses/{job.pk}/")
        if status == "berjalan":
            PenandatangananBanyak.objects.filter(pk=job.pk).update(status="selesai")
    cek.selesai()
