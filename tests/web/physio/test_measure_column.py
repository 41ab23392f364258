"""The dashboard shows each patient's profile and latest change in NPRS and PSK; so does its CSV."""

from tests.support.measures import profiled
from webapp.services.measures.moments import save_moment


def _week_6(db, patient, clock, auth):
    """Six weeks on the patient scores again; the physio logs in anew (idle sessions end)."""
    clock.advance(days=42)
    now = clock()
    save_moment(
        db,
        patient=patient,
        pain=3,
        gpe="much_improved",
        psk_scores={1: 4, 2: 5},
        today=now.date(),
        now=now,
    )
    db.commit()
    auth.login("physio@example.org")


def test_the_dashboard_shows_profile_and_latest_change(db, patient, physio, clock, physio_in, auth):
    profiled(db, patient, physio, clock)  # intake NPRS 6, PSK 7 and 8
    _week_6(db, patient, clock, auth)
    body = physio_in.get("/physio/").get_data(as_text=True)
    assert "Profile and change" in body
    cell = body.split('class="measure-cell"')[1].split("</td>")[0]
    assert "Raised risk" in cell and "NPRS +3" in cell and "PSK +3.0" in cell


def test_a_patient_without_intake_says_so(patient, plan, physio_in):
    body = physio_in.get("/physio/").get_data(as_text=True)
    assert "No intake yet" in body


def test_the_csv_carries_the_same_figures(db, patient, physio, clock, physio_in, auth):
    profiled(db, patient, physio, clock)
    _week_6(db, patient, clock, auth)
    response = physio_in.get("/physio/measures.csv")
    assert response.status_code == 200
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Patient,Profile,Moment,NPRS change,PSK mean change"
    assert lines[1].endswith(",raised,week6,3,3.0")


def test_patients_cannot_download_it(client, auth, patient):
    auth.login("patient@example.org")
    assert client.get("/physio/measures.csv").status_code == 403
