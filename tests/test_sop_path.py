"""The whole SOP in the browser: each step by the right person, as they would see it."""

import re

from django.utils import timezone

from letters.models import Letter, Tujuan
from tests.conftest import PASSWORD, current_version, ensure_key


def _inbox_has(client, hal: str) -> bool:
    return hal in client.get("/").content.decode()


def _page(client, letter) -> str:
    return client.get(f"/surat/{letter.public_id}/").content.decode()


def _post(client, letter, action: str, data=None):
    letter.refresh_from_db()
    data = {"versi": letter.versi, **(data or {})}
    response = client.post(f"/surat/{letter.public_id}/aksi/{action}/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_letter_goes_through_all_six_steps(office, login):
    ensure_key(office["camat"])
    clients = {name: login(name) for name in ("pelaksana", "kasubbag", "kasi", "sekcam", "camat")}
    hal = "Undangan Musyawarah Desa Jabon"
    jabon = Tujuan.objects.get(nama="Kepala Desa Jabon")
    created = clients["pelaksana"].post(
        "/surat/baru/",
        {
            "jenis": "undangan",
            "klasifikasi": "100.2.4 — Fasilitasi Kecamatan",
            "sifat": "biasa",
            "kecepatan": "segera",
            "hal": hal,
            "undangan__tanggal": "2027-01-12",
            "undangan__waktu_mulai": "09:00",
            "undangan__tempat": "Balai Desa Jabon",
            "undangan__acara": "Musyawarah Desa",
            "lampiran": "-",
            "tujuan": [jabon.pk],
            "tujuan_lain": "Ketua BPD Jabon",
            "tembusan": "Bupati Mojokerto",
            "isi": "<p>Kami mengundang Saudara.</p>",
            "pejabat_pengawas": office["kasi"].penugasan.get().position_id,
            "penandatangan": office["camat"].penugasan.get().position_id,
            "cara_ttd": "langsung",
        },
        follow=True,
    )
    html = created.content.decode()
    assert "Konsep surat tersimpan" in html and "Konsep" in html
    letter = Letter.objects.get(hal=hal)
    assert [p.nama for p in letter.penerima.all()] == ["Kepala Desa Jabon", "Ketua BPD Jabon"]

    steps = [
        ("pelaksana", "submit", {}, "Menunggu Nomor", "kasubbag"),
        ("kasubbag", "assign_number", {}, "Menunggu Paraf", "kasi"),
        ("kasi", "paraf", {}, "Menunggu Persetujuan Sekcam", "sekcam"),
        ("sekcam", "approve", {}, "Menunggu Tanda Tangan", "camat"),
        ("camat", "sign", {"passphrase": PASSWORD}, "Ditandatangani", "pelaksana"),
        (
            "pelaksana",
            "dispatch",
            {
                "tanggal_kirim": timezone.localdate().isoformat(),
                "cara": "kurir",
                "nama_penerima": "Sekretaris Desa",
            },
            "Terkirim",
            None,
        ),
    ]
    for actor, action, data, label, next_actor in steps:
        assert _inbox_has(clients[actor], hal), (actor, action)
        html = _post(clients[actor], letter, action, data)
        assert f'status-{Letter.objects.get(pk=letter.pk).status}">{label}<' in html, action
        if actor != next_actor:
            assert not _inbox_has(clients[actor], hal) or actor == "pelaksana", actor
        if next_actor:
            assert _inbox_has(clients[next_actor], hal), next_actor

    letter = Letter.objects.get(pk=letter.pk)
    assert re.fullmatch(r"100\.2\.4/001/416-XX/\d{4}", letter.nomor)
    agenda = clients["kasubbag"].get("/agenda/").content.decode()
    assert letter.nomor in agenda and "Sekretaris Desa" in agenda
    page = _page(clients["pelaksana"], letter)
    assert "Unduh surat bertanda tangan (PDF)" in page
    assert [e.aksi for e in letter.events.all()] == [
        "create",
        "submit",
        "assign_number",
        "paraf",
        "approve",
        "sign",
        "dispatch",
    ]


def test_a_plt_camat_signs_a_letter_marked_plt(office, make_letter, login):
    ensure_key(office["plt_camat"])
    letter = make_letter("signing", cara_ttd=Letter.CaraTtd.PLT)
    assert "Tandatangani" not in _page(login("camat"), letter).split("Tindakan")[-1][:400]
    response = login("camat").post(
        f"/surat/{letter.public_id}/aksi/sign/",
        {"versi": current_version(letter), "passphrase": PASSWORD},
    )
    assert response.status_code == 403
    _post(login("plt_camat"), letter, "sign", {"passphrase": PASSWORD})
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == "signed"
    event = letter.events.get(aksi="sign")
    assert event.oleh == office["plt_camat"] and event.sebagai == "Plt. Camat Mojoanyar"
    assert "Plt. Camat Mojoanyar" in _page(login("pelaksana"), letter)


def test_the_kirim_form_opens_with_today_written_the_indonesian_way(make_letter, login):
    letter = make_letter("signed")
    html = login("pelaksana").get(f"/surat/{letter.public_id}/aksi/dispatch/").content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f'type="text" name="tanggal_kirim" value="{today}"' in html
