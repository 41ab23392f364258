"""The access matrix's terms: the actors, the dataset (``World``), a case and its expectations.

The cases themselves are in access_matrix_physio.py (the physio's pages) and
access_matrix_cases.py (everything else, and the whole ``MATRIX``);
tests/services/core/test_access_matrix.py builds the dataset and sends every case as every actor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ACTORS = ("owner", "owner_physio", "other_patient", "other_physio", "admin", "anonymous")
LOGIN = "login"  # a redirect to the login page
SKIP = None  # not sent: it would change the shared dataset, and other tests cover it

# Rules with arguments that need no entry: anyone may fetch them, they name nothing private.
PUBLIC_RULES = {
    "/static/<path:filename>",  # the site's own CSS, JS and images
    "/learn/<slug>",  # the information pages about back pain, the same for everyone
    "/static/videos/<name>",  # the catalogue's rendered videos: a drawn figure, no patient data
}

# Distinctive names, so a leak cannot hide behind a common word on the page.
OWNER = ("Philippa Kwakernaak", "philippa.kwakernaak@example.org")
OTHER = ("Bartholomeus Ottevanger", "b.ottevanger@example.net")
PHYSIO_A = ("Fysio Adelheid Eerste", "adelheid.eerste@praktijk-a.example")
PHYSIO_B = ("Fysio Bonifatius Tweede", "bonifatius.tweede@praktijk-b.example")
ADMIN = ("Beheerder Cornelis", "cornelis.beheer@example.org")
PENDING = ("Noud Nieuwkomer", "noud.nieuwkomer@example.org")


@dataclass
class World:
    """The app on one backend, a signed-in test client per actor, and the ids of the data."""

    app: object
    clients: dict
    ids: dict = field(default_factory=dict)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["ids"][name]
        except KeyError:
            raise AttributeError(name) from None


def expect(owner, owner_physio, other_patient, other_physio, admin, anonymous) -> dict:
    """The expected answer per actor, in ACTORS order."""
    found = (owner, owner_physio, other_patient, other_physio, admin, anonymous)
    return dict(zip(ACTORS, found, strict=True))


@dataclass(frozen=True)
class Case:
    """One request against one of the owner's objects and what each actor must get."""

    rule: str
    method: str
    url: Callable[[World], str]
    statuses: dict
    form: Callable[[World], dict] = lambda w: {}
    # Who, besides the owner and their physio, may see the owner's name or address here.
    owner_shown_to: tuple[str, ...] = ()
    # Nobody, whatever the status, may change anything with this request.
    changes_nothing: bool = False
    label: str = ""

    @property
    def name(self) -> str:
        return f"{self.method} {self.label or self.rule}"


# The token in the URL is the authority: whoever holds it sees what it opens.
TOKEN = ACTORS

# Physio-only pages: a patient or an admin gets 403, a stranger physio 404, a visitor the login.
PHYSIO_PAGE = expect(403, 200, 403, 404, 403, LOGIN)


def physio_post(ok):
    """What a physio-only POST answers: ``ok`` for the owner's physio."""
    return expect(403, ok, 403, 404, 403, LOGIN)


def changed(token: str) -> str:
    """The token with its last character replaced by another one."""
    return token[:-1] + ("B" if token.endswith("A") else "A")
