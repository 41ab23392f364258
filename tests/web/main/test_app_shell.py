"""The installable app's two root files: the manifest and the service worker."""

from __future__ import annotations

from PIL import Image

from config import ROOT
from webapp.security import CSP


def test_manifest_names_the_app_in_the_visitors_language(client):
    """The manifest starts at /today, stands alone, and speaks Dutch or English."""
    response = client.get("/manifest.webmanifest", headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    assert response.headers["Cache-Control"] == "no-cache"
    dutch = response.get_json()
    assert dutch["start_url"] == "/today"
    assert dutch["scope"] == "/"
    assert dutch["display"] == "standalone"
    assert dutch["theme_color"] == "#0b5d56"
    assert dutch["lang"] == "nl"
    assert dutch["name"] == "Rugcoach - oefeningen voor uw rug"
    english = client.get("/manifest.webmanifest", headers={"Accept-Language": "en"}).get_json()
    assert english["lang"] == "en"
    assert english["name"] == "Rugcoach - exercises for your back"


def test_manifest_icons_exist_at_their_stated_sizes(client):
    """Each icon is a real PNG of the size the manifest says, with a maskable 192 and 512."""
    icons = client.get("/manifest.webmanifest").get_json()["icons"]
    purposes = {(icon["sizes"], icon["purpose"]) for icon in icons}
    assert {("192x192", "any"), ("512x512", "any")} <= purposes
    assert {("192x192", "maskable"), ("512x512", "maskable")} <= purposes
    for icon in icons:
        path = ROOT / icon["src"].removeprefix("/").split("?")[0]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            assert image.format == "PNG"


def test_service_worker_comes_from_the_root_and_is_never_kept_stale(client):
    """/sw.js is JavaScript, revalidated on every visit, under the same strict CSP."""
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Content-Security-Policy"] == CSP
    assert b"addEventListener" in response.data


def test_every_page_links_the_manifest_and_the_app_script(client):
    """The pages name the manifest and theme colour, and load the script that registers."""
    html = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#0b5d56">' in html
    assert "/static/js/app.js" in html


def test_a_signed_in_page_names_its_account_for_the_phones_copies(client, auth, patient, make_user):
    """Each account's pages carry their own key; signed-out pages and files carry none."""
    assert "X-Rugcoach-User" not in client.get("/login").headers
    make_user("tweede@example.org")
    auth.login("patient@example.org")
    first = client.get("/today").headers["X-Rugcoach-User"]
    assert len(first) == 24 and str(patient.id) != first
    assert "X-Rugcoach-User" not in client.get("/manifest.webmanifest").headers
    auth.logout()
    auth.login("tweede@example.org")
    second = client.get("/account").headers.get("X-Rugcoach-User")
    assert second and second != first


def test_the_no_connection_page_is_plain_and_anonymous(client):
    """The page the worker keeps for pages it has no copy of."""
    response = client.get("/offline", headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    assert "Geen verbinding" in response.get_data(as_text=True)
