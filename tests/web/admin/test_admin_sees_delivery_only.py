"""What an admin sees is said the same way on "Mijn fysio", the privacy page and the outbox."""


def test_the_three_pages_say_admins_see_delivery_facts_and_no_content(
    client, auth, db, patient, admin
):
    auth.login("patient@example.org")
    mine = client.get("/my-physio").get_data(as_text=True)
    assert "De inhoud zien zij nooit." in mine
    assert "ook niet de beheerders" not in mine
    privacy = client.get("/privacy").get_data(as_text=True)
    assert "de inhoud van een e-mail ziet een beheerder nooit." in privacy
    client.post("/logout", data={"csrf_token": _token(client)})
    auth.login("admin@example.org")
    outbox = client.get("/admin/outbox").get_data(as_text=True)
    assert "U ziet alleen gegevens over de bezorging" in outbox


def _token(client):
    from tests.support.client import csrf_token

    return csrf_token(client, "/today")
