"""Information pages, the misconception quiz and the start date of the back pain."""

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.support.client import post_form
from webapp.domain.quiz import QUESTIONS
from webapp.learn.content import PAGES
from webapp.models import QuizResult, User

ALL_RIGHT = {q.id: q.correct for q in QUESTIONS}
ALL_WRONG = {q.id: next(o for o in q.options if o != q.correct) for q in QUESTIONS}


def english(db, user):
    user.locale = "en"
    db.commit()


def results(db):
    db.rollback()
    return db.scalars(select(QuizResult)).all()


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_page_renders_without_login_in_both_languages(app, client, locale):
    headers = {"Accept-Language": locale}
    index = client.get("/learn/", headers=headers)
    assert index.status_code == 200
    assert f'<html lang="{locale}">' in index.get_data(as_text=True)
    for page in PAGES:
        response = client.get(f"/learn/{page.slug}", headers=headers)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, page.slug
        assert f'<html lang="{locale}">' in body
        with app.test_request_context(), force_locale(locale):
            # Lazy strings render as markup (flask-babel), so they appear unescaped.
            title = str(page.title)
            headings = [str(s.heading) for s in page.sections]
        assert f"<h1>{title}</h1>" in body
        assert f'/learn/{page.slug}"' in index.get_data(as_text=True)
        for heading in headings:
            assert heading in body


def test_pages_for_a_signed_in_patient_in_english(client, auth, patient, db):
    english(db, patient)
    auth.login("patient@example.org")
    body = client.get("/learn/").get_data(as_text=True)
    assert 'aria-current="page">About back pain</a>' in body
    assert "/learn/onset" in body
    page = client.get("/learn/when-to-see-the-gp").get_data(as_text=True)
    assert "call 112" in page and "huisartsenpost" in page
    assert '<a class="button" href="tel:112">Call 112</a>' in page


def test_an_unknown_page_is_a_404(client):
    assert client.get("/learn/no-such-page").status_code == 404
    assert client.get("/learn/../today").status_code == 404


def test_the_quiz_is_one_form_of_five_questions(client):
    body = client.get("/learn/quiz", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert body.count("<fieldset") == 5
    assert body.count('type="radio"') == 2 + 2 + 2 + 3 + 3
    assert "<script" not in body.replace('<script src="/static', "")


def test_all_right_scores_five_and_is_stored_for_the_patient(client, auth, patient, db):
    english(db, patient)
    auth.login("patient@example.org")
    response = post_form(client, "/learn/quiz", ALL_RIGHT)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You got 5 of 5 answers right." in body
    assert body.count("That is right.") == 5
    assert "bed rest slows recovery down" in body
    [result] = results(db)
    assert (result.user_id, result.score, result.answers) == (patient.id, 5, ALL_RIGHT)


def test_wrong_answers_get_feedback_on_what_is_true(client, auth, patient, db):
    english(db, patient)
    auth.login("patient@example.org")
    body = post_form(client, "/learn/quiz", ALL_WRONG).get_data(as_text=True)
    assert "You got 0 of 5 answers right." in body
    assert body.count("That is not quite right.") == 5
    assert "In about 9 out of 10 people there is no clear cause." in body
    assert "Do the amount your plan asks, also on a day with more pain." in body
    assert "I skip today and rest until the pain is less." in body  # the answer given
    assert results(db)[0].score == 0


def test_a_mixed_go_counts_only_the_true_answers(client):
    answers = dict(ALL_RIGHT, rest="true", duration="never")
    body = post_form(client, "/learn/quiz", answers, headers={"Accept-Language": "en"})
    assert "You got 3 of 5 answers right." in body.get_data(as_text=True)


@pytest.mark.parametrize(
    "bad",
    [
        {"cause": None},  # left out
        {"damage": ""},
        {"rest": "maybe"},
        {"duration": "weeks' OR 1=1"},
        {"bad_day": "x" * 5000},
    ],
)
def test_bad_quiz_input_is_a_400_with_a_message_and_nothing_stored(client, auth, patient, db, bad):
    english(db, patient)
    auth.login("patient@example.org")
    data = {k: v for k, v in dict(ALL_RIGHT, **bad).items() if v is not None}
    response = post_form(client, "/learn/quiz", data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error"' in body
    assert "Choose an answer." in body or "Not a valid choice" in body
    assert results(db) == []


def test_the_quiz_needs_its_csrf_token(client):
    assert client.post("/learn/quiz", data=ALL_RIGHT).status_code == 400


def test_an_anonymous_visitor_gets_feedback_but_nothing_is_stored(client, db):
    response = post_form(client, "/learn/quiz", ALL_RIGHT, headers={"Accept-Language": "en"})
    assert "You got 5 of 5 answers right." in response.get_data(as_text=True)
    assert results(db) == []


def test_quiz_card_on_today_in_the_first_week_until_taken(client, auth, patient, plan, db, clock):
    english(db, patient)
    auth.login("patient@example.org")
    assert "Five questions about back pain" in client.get("/today").get_data(as_text=True)
    post_form(client, "/learn/quiz", ALL_WRONG)
    assert "Five questions about back pain" not in client.get("/today").get_data(as_text=True)


def test_quiz_card_is_gone_after_the_first_week(client, auth, patient, plan, db, clock):
    english(db, patient)
    auth.login("patient@example.org")
    clock.advance(days=6)
    assert "Five questions about back pain" in client.get("/today").get_data(as_text=True)
    clock.advance(days=1)
    assert "Five questions about back pain" not in client.get("/today").get_data(as_text=True)


def test_no_quiz_card_without_a_plan(client, auth, patient, db):
    english(db, patient)
    auth.login("patient@example.org")
    body = client.get("/today").get_data(as_text=True)
    assert "Five questions about back pain" not in body
    assert "Set the start date" in body


def onset_of(db, user):
    db.rollback()
    return db.scalar(select(User.onset_date).where(User.id == user.id))


def test_the_patient_sets_and_clears_the_start_of_the_pain(client, auth, patient, db):
    auth.login("patient@example.org")
    response = post_form(client, "/learn/onset", {"onset": "2026-11-01"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/today")
    assert onset_of(db, patient) == date(2026, 11, 1)
    assert 'value="2026-11-01"' in client.get("/learn/onset").get_data(as_text=True)
    post_form(client, "/learn/onset", {"onset": ""})
    assert onset_of(db, patient) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-11-26", "cannot be in the future"),
        ("2001-01-01", "Choose a date in the last ten years."),
        ("gisteren", "Not a valid date value"),
        ("2026-02-30", "Not a valid date value"),
    ],
)
def test_a_bad_start_date_is_a_400_with_a_message(client, auth, patient, db, value, message):
    english(db, patient)
    auth.login("patient@example.org")
    response = post_form(client, "/learn/onset", {"onset": value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert 'aria-describedby="onset-hint onset-error"' in response.get_data(as_text=True)
    assert onset_of(db, patient) is None


def test_only_patients_set_a_start_date(client, auth, physio):
    assert client.get("/learn/onset").status_code == 302  # to the login page
    auth.login("physio@example.org")
    assert client.get("/learn/onset").status_code == 403


def test_the_start_date_accepts_today(client, auth, patient, db, clock):
    auth.login("patient@example.org")
    today = clock().date()
    post_form(client, "/learn/onset", {"onset": today.isoformat()})
    assert onset_of(db, patient) == today
    post_form(client, "/learn/onset", {"onset": (today - timedelta(days=3650)).isoformat()})
    assert onset_of(db, patient) == today - timedelta(days=3650)
