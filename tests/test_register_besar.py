"""Big registers off the request: past ``REGISTER_LATAR_BARIS`` lines the worker makes
the file, the print page shows its progress and then a download link, and only the
person who asked (while they may still see the unit's register) can download it."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from approvals import rules, tasks
from letters import registers
from letters.models import BerkasRegister
from organisasi.models import User
from tests.pdf_text import text
from tests.test_registers import _bulk_agenda


@pytest.fixture
def batas(settings):
    settings.REGISTER_LATAR_BARIS = 5
    return 5


def _params(unduh: str) -> dict:
    today = timezone.localdate()
    return {"unduh": unduh, "jenis": "bulan", "tahun": today.year, "bulan": today.month}


def _minta(client, unduh="agenda.pdf"):
    response = client.get("/agenda/cetak/", _params(unduh))
    assert response.status_code == 302
    assert "berkas=" in response["Location"]
    return response["Location"]


def _berkas_id(html: str) -> str:
    return re.search(r"/agenda/cetak/berkas/([0-9a-f-]{36})/", html).group(1)


def test_a_big_register_is_made_by_the_worker_with_progress_then_a_link(
    office, login, batas, django_capture_on_commit_callbacks
):
    _bulk_agenda(office, batas + 1, timezone.localdate())
    client = login("kasubbag")
    with django_capture_on_commit_callbacks(execute=True):
        page_url = _minta(client)
    assert DBTaskResult.objects.filter(task_path__endswith="buat_register").count() == 1

    page = client.get(page_url).content.decode()
    assert "6 baris, jadi dibuat di latar belakang" in page
    assert "Menunggu giliran" in page
    assert '<progress id="progres-register" max="100" value="0">' in page
    berkas_id = _berkas_id(page)
    status_url = f"/agenda/cetak/berkas/{berkas_id}/"
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 3s"' in page
    assert "/unduh/" not in page

    # Asking again (a reload, a second click) waits for the same file.
    assert _minta(client) == page_url
    assert BerkasRegister.objects.count() == 1

    tasks.buat_register.call(berkas_id)

    status = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in status  # polling stops
    download_url = f"/agenda/cetak/berkas/{berkas_id}/unduh/"
    assert f'href="{download_url}"' in status and "Unduh Agenda Surat Keluar (PDF)" in status
    assert download_url in client.get(page_url).content.decode()

    response = client.get(download_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    printed = " ".join(text(b"".join(response.streaming_content)).split())
    assert "AGENDA SURAT KELUAR" in printed
    assert "Surat massal 1 " in printed and "Surat massal 6" in printed
    assert "Mengetahui," in printed


def test_only_the_requester_may_download_it(office, login, batas):
    _bulk_agenda(office, batas + 1, timezone.localdate())
    berkas_id = _berkas_id(login("kasubbag").get(_minta(login("kasubbag"))).content.decode())
    tasks.buat_register.call(berkas_id)
    others = [login("pelaksana"), login("camat")]
    stranger = login("camat")
    stranger.force_login(User.objects.create_user("tamu", password="x"))
    for client in [*others, stranger]:
        for url in (
            f"/agenda/cetak/berkas/{berkas_id}/",
            f"/agenda/cetak/berkas/{berkas_id}/unduh/",
        ):
            assert client.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert "/unduh/" not in others[0].get(f"/agenda/cetak/?berkas={berkas_id}").content.decode()
    anonymous = login("kasubbag")
    anonymous.logout()
    response = anonymous.get(f"/agenda/cetak/berkas/{berkas_id}/unduh/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_the_worker_prints_what_the_requester_may_see_when_it_runs(office, login, batas):
    _bulk_agenda(office, batas + 1, timezone.localdate())
    berkas_id = _berkas_id(login("kasubbag").get(_minta(login("kasubbag"))).content.decode())
    kasubbag = office["kasubbag"]
    kasubbag.penugasan.update(selesai=timezone.localdate() - datetime.timedelta(days=1))
    tasks.buat_register.call(berkas_id)
    berkas = BerkasRegister.objects.get(pk=berkas_id)
    assert berkas.status == BerkasRegister.Status.SIAP
    printed = text(berkas.berkas.open("rb").read())
    assert "Surat massal" not in printed  # no longer in the unit: none of its letters
    assert rules.surat_terlihat(kasubbag).count() == 0


def test_a_big_excel_register_too(office, login, batas):
    _bulk_agenda(office, batas + 1, timezone.localdate())
    client = login("kasubbag")
    berkas_id = _berkas_id(client.get(_minta(client, "agenda.xlsx")).content.decode())
    tasks.buat_register.call(berkas_id)
    response = client.get(f"/agenda/cetak/berkas/{berkas_id}/unduh/")
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(1, 1).value == "AGENDA SURAT KELUAR"
    assert [sheet.cell(r, 1).value for r in range(6, 12)] == [1, 2, 3, 4, 5, 6]


def test_under_the_threshold_the_file_comes_straight_back(office, login, batas):
    _bulk_agenda(office, batas, timezone.localdate())
    response = login("kasubbag").get("/agenda/cetak/", _params("agenda.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Surat massal 5" in text(response.content)
    assert not BerkasRegister.objects.exists()


def test_a_failed_register_says_so(office, login, batas, monkeypatch):
    _bulk_agenda(office, batas + 1, timezone.localdate())
    client = login("kasubbag")
    berkas_id = _berkas_id(client.get(_minta(client)).content.decode())

    def rusak(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(registers, "as_pdf", rusak)
    with pytest.raises(RuntimeError):
        tasks.buat_register.call(berkas_id)
    page = client.get(f"/agenda/cetak/?berkas={berkas_id}").content.decode()
    assert "Register gagal dibuat" in page and "hx-trigger" not in page
    assert BerkasRegister.objects.get(pk=berkas_id).galat == "RuntimeError: disk penuh"


def test_progress_is_reported_as_the_pages_are_laid_out(office):
    _bulk_agenda(office, 300, timezone.localdate())
    heard = []
    unit = office["kasubbag"].penugasan.get().position.unit.instansi
    today = timezone.localdate()
    registers.as_pdf(
        "agenda",
        terlihat=rules.surat_terlihat(office["kasubbag"]),
        unit=unit,
        periode=registers.Periode(today.replace(day=1), today, "Bulan ini"),
        mengetahui="sekcam",
        progres=heard.append,
    )
    assert len(heard) > 5
    assert heard == sorted(heard) and 0 < heard[0] < 0.2 and heard[-1] > 0.9
