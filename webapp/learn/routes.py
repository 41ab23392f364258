"""Views of the information pages: open to everyone; the start date is for patients."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.quiz import QUESTIONS, Question, score
from webapp.domain.schedule import local_date
from webapp.forms import attach_error
from webapp.learn import bp
from webapp.learn.content import BY_SLUG, PAGES
from webapp.learn.forms import OnsetForm, quiz_form_class
from webapp.learn.quiz import EXPLANATIONS, PROMPTS, option_label
from webapp.models import Role
from webapp.security import role_required
from webapp.services.care.education import record_quiz
from webapp.services.care.timeline import set_onset
from webapp.services.core.errors import ServiceError
from webapp.services.plans.plans import user_zone


@dataclass(frozen=True)
class Feedback:
    """One answered question: what was chosen, whether it was right, and what is true."""

    question: Question
    prompt: object
    chosen: object
    right: bool
    explanation: object


def _is_patient() -> bool:
    """True for a signed-in patient."""
    return current_user.is_authenticated and current_user.role == Role.PATIENT


@bp.get("/")
def index():
    """The list of information pages about back pain."""
    return render_template("learn/index.html", pages=PAGES, is_patient=_is_patient())


@bp.get("/<slug>")
def page(slug: str):
    """One information page (404 for an unknown address)."""
    found = BY_SLUG.get(slug)
    if found is None:
        abort(404)
    index = PAGES.index(found)
    following = PAGES[index + 1] if index + 1 < len(PAGES) else None
    return render_template("learn/page.html", page=found, following=following)


@bp.route("/quiz", methods=["GET", "POST"])
def quiz():
    """Five statements about back pain; after sending, what is true about each."""
    form = quiz_form_class()()
    if request.method == "GET":
        return render_template("learn/quiz.html", form=form, feedback=None)
    if not form.validate_on_submit():
        return render_template("learn/quiz.html", form=form, feedback=None), 400
    answers = {q.id: form[q.id].data for q in QUESTIONS}
    if _is_patient():
        db = get_db()
        record_quiz(db, current_user, answers, utcnow())
        db.commit()
    feedback = [
        Feedback(
            question=q,
            prompt=PROMPTS[q.id],
            chosen=option_label(q.id, answers[q.id]),
            right=answers[q.id] == q.correct,
            explanation=EXPLANATIONS[q.id],
        )
        for q in QUESTIONS
    ]
    return render_template(
        "learn/quiz.html", form=form, feedback=feedback, score=score(answers), total=len(QUESTIONS)
    )


@bp.route("/onset", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def onset():
    """Tell Rugcoach when the back pain started, so the timeline can show its checkpoints."""
    form = OnsetForm()
    if request.method == "GET":
        form.onset.data = current_user.onset_date
        return render_template("learn/onset.html", form=form)
    if form.validate_on_submit():
        db = get_db()
        today = local_date(utcnow(), user_zone(current_user))
        try:
            set_onset(db, current_user, form.onset.data, today)
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="onset")
        else:
            db.commit()
            flash(_("Saved. Thank you."), "success")
            return redirect(url_for("patient.today"))
    return render_template("learn/onset.html", form=form), 400
