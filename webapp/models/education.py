"""What patients did with the information pages: the quiz, and timeline checkpoints mailed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, UTCDateTime


class QuizResult(Base):
    """One go at the misconception quiz: the score and each answer given."""

    __tablename__ = "quiz_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    # {question id: chosen option}
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CheckpointMention(Base):
    """A timeline checkpoint the weekly summary has told the patient about (told once)."""

    __tablename__ = "checkpoint_mentions"
    __table_args__ = (UniqueConstraint("user_id", "checkpoint", name="uq_checkpoint_mentions"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    checkpoint: Mapped[str] = mapped_column(String(32))
    mentioned_at: Mapped[datetime] = mapped_column(UTCDateTime())
