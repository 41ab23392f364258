"""Page versions: a counter per patient that every write touching their pages raises."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base

# The row every patient's pages also depend on: catalogue, videos, physio names, bulk writes.
EVERYONE = 0


class PageVersion(Base):
    """How often the data behind one user's pages changed (user id 0: everyone's).

    No foreign key: row 0 names no user, and a counter may outlive its account harmlessly.
    """

    __tablename__ = "page_versions"

    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
