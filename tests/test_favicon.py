"""The app's icon, also where browsers look for it by default."""


def test_the_browser_default_icon_address_leads_to_our_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("/img/favicon.svg")
