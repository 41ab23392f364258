"""The pages a service may link to from an email, named by what they are, not by endpoint.

Services never build URLs themselves: the web layer (``webapp.wiring.AppLinks``) and the
scheduler hand in an object with these methods, built from BASE_URL, and tests may hand in
their own.
"""

from __future__ import annotations

from typing import Protocol


class Links(Protocol):
    """Absolute links to the product's pages."""

    def today(self) -> str:
        """The patient's today page."""

    def session_player(self) -> str:
        """The patient's session player."""

    def progress(self) -> str:
        """The patient's progress page."""

    def reminder_settings(self) -> str:
        """The patient's reminder settings."""

    def my_messages(self) -> str:
        """The patient's conversation with their physio."""

    def learn_page(self, slug: str) -> str:
        """One information page."""

    def log_from_email(self, token: str, status: str) -> str:
        """The confirm page of a reminder's "log it" link."""

    def unsubscribe(self, token: str) -> str:
        """The one-click unsubscribe page of one kind of email."""

    def invitation(self, token: str) -> str:
        """The page where an invited patient accepts."""

    def password_link(self, token: str) -> str:
        """The page where a password is set from an emailed link."""

    def login(self) -> str:
        """The login page."""

    def forgot_password(self) -> str:
        """The page that sends a link to choose a new password."""

    def physio_patient(self, patient_id: int, section: str = "") -> str:
        """The physio's page of one patient, at a section ("messages", "screenings")."""
