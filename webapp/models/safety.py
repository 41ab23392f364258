"""The red-flag check: what the patient answered and what it meant."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, UTCDateTime


class Screening(Base):
    """One red-flag check: the answers, the outcome, and (for an urgent one) its resolution."""

    __tablename__ = "screenings"
    __table_args__ = (Index("ix_screenings_patient", "patient_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # registration | pain_high | worse_week | manual
    trigger: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    age_band: Mapped[str] = mapped_column(String(16))
    # urgent | see_gp | clear
    outcome: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # An urgent outcome pauses the plan until the patient confirms a doctor has seen them.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_note: Mapped[str] = mapped_column(Text, default="")
