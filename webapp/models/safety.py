"""The red-flag check: what the patient answered and what it meant."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
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
    # For an urgent outcome: call_112 | gp_today (domain.safety.Route); None otherwise.
    route: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # An urgent outcome pauses the plan until a doctor has seen the patient (domain.resume):
    # the physio confirms, or the patient states who saw them and when.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # confirmed_by_physio | stated_by_patient; "seen_by_doctor" for the older bare tick.
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    seen_by: Mapped[str | None] = mapped_column(String(16))  # domain.resume.SeenBy
    seen_on: Mapped[date | None] = mapped_column(Date)
