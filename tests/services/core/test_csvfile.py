"""One way to write CSV: a BOM, `;` for Dutch readers, and no cell that runs as a formula."""

import csv
import io
import json
import zipfile

from tests.support.client import post_form
from webapp.services.core.csvfile import csv_lines, csv_text

ROWS = [["naam", "notitie", "pijn"], ["Sanne", '=HYPERLINK("http://evil")', 3], ["Piet", "-1", -1]]


def _read(text: str, delimiter: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_dutch_readers_get_semicolons_and_others_commas():
    dutch, english = csv_text(ROWS, locale="nl"), csv_text(ROWS, locale="en")
    assert dutch.splitlines()[0] == "\ufeffnaam;notitie;pijn"
    assert english.splitlines()[0] == "\ufeffnaam,notitie,pijn"
    assert _read(dutch, ";") == _read(english, ",")


def test_text_that_a_spreadsheet_would_run_gets_a_quote_numbers_stay_numbers():
    rows = _read(csv_text(ROWS, locale="en"), ",")
    assert rows[1] == ["Sanne", '\'=HYPERLINK("http://evil")', "3"]
    assert rows[2] == ["Piet", "'-1", "-1"]


def test_streamed_lines_make_the_same_file():
    assert "".join(csv_lines(iter(ROWS), locale="nl")) == csv_text(ROWS, locale="nl")
    assert csv_text([], locale="nl") == "\ufeff"


def test_the_data_download_uses_the_same_rules(client, auth, db, patient, plan):
    patient.name = "=cmd|' /C calc'!A0"
    db.commit()
    auth.login("patient@example.org")
    from tests.support.client import answer_safety_check

    answer_safety_check(client)
    response = post_form(client, "/account/data/export", {}, page="/account/data")
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    text = archive.read("account.csv").decode("utf-8")
    rows = _read(text, ";")  # the patient reads Dutch
    name_column = rows[0].index("name")
    assert rows[1][name_column] == "'" + patient.name
    document = json.loads(archive.read("data.json"))
    assert document["tables"]["account"][0]["name"] == patient.name  # the JSON is exact
