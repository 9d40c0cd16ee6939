def test_full_path(make_letter, office):
    letter = make_letter("sent")
    assert letter.nomor.startswith("100.2.4/001/416-XX/")
    assert [e.aksi for e in letter.events.all()] == [
        "create",
        "submit",
        "assign_number",
        "paraf",
        "approve",
        "sign",
        "dispatch",
    ]


def test_pages(make_letter, login):
    letter = make_letter("review")
    for user in ["pelaksana", "kasi", "sekcam"]:
        c = login(user)
        assert c.get("/").status_code == 200
        assert c.get(f"/surat/{letter.public_id}/").status_code == 200
        assert c.get("/agenda/").status_code == 200
        assert c.get("/surat/baru/").status_code == 200
