"""Content Security Policy: the browser runs only this server's scripts."""

import re


def _policy(response) -> dict[str, list[str]]:
    directives = (d.split() for d in response["Content-Security-Policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


def test_no_page_may_run_inline_or_foreign_scripts(make_letter, login, client):
    letter = make_letter("draft")
    pages = [
        (client, "/masuk/"),
        (client, "/verifikasi/"),
        (login("pelaksana"), "/"),
        (login("pelaksana"), f"/surat/{letter.public_id}/"),
    ]
    for who, url in pages:
        policy = _policy(who.get(url))
        assert policy["default-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in policy["script-src"], url
        assert not any(s.startswith(("http", "*")) for s in policy["script-src"]), url
        assert policy["frame-ancestors"] == ["'none'"], url


def test_the_letter_editor_scripts_carry_the_nonce_of_the_page(login):
    response = login("pelaksana").get("/surat/baru/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert inline == [f'<script type="importmap" nonce="{nonce}">']
