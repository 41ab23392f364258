"""The misconception quiz over the database: storing a go and whether one was taken."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.domain.quiz import QUESTIONS, score
from webapp.models import QuizResult, User
from webapp.services.core.errors import ServiceError


def record_quiz(session: Session, user: User, answers: dict[str, str], now: datetime) -> QuizResult:
    """Store a finished quiz with its score; every question must have a known option."""
    for question in QUESTIONS:
        if answers.get(question.id) not in question.options:
            raise ServiceError(_l("Choose an answer."), field=question.id)
    result = QuizResult(
        user_id=user.id,
        score=score(answers),
        answers={q.id: answers[q.id] for q in QUESTIONS},
        taken_at=now,
    )
    session.add(result)
    session.flush()
    return result


def quiz_taken(session: Session, user: User) -> bool:
    """True once the user has finished the quiz at least once."""
    count = session.scalar(
        select(func.count()).select_from(QuizResult).where(QuizResult.user_id == user.id)
    )
    return bool(count)
