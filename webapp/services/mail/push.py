"""Web Push: a reminder sent to a patient's browser through its push service (RFC 8030).

Each push is encrypted for that browser alone (aes128gcm, RFC 8291) and signed with our
VAPID key (RFC 8292), both by ``pywebpush``. Failures are sorted like the mail server's:
a push service that no longer knows the address (404, 410) means the browser unsubscribed,
so the address is removed; other refusals are permanent or worth another try, as for SMTP.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from py_vapid import Vapid
from sqlalchemy import delete
from sqlalchemy.orm import Session

from webapp.models import PushSubscription
from webapp.services.mail.transport import DeliveryError

GONE = (404, 410)
# Worth another try: the push service is busy or failing, not refusing this push.
TRANSIENT = (408, 425, 429)
DEFAULT_TTL = 12 * 60 * 60  # a reminder a phone gets the next morning is of no use


class SubscriptionGone(DeliveryError):
    """The push service no longer knows this browser's address."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)


@dataclass(frozen=True)
class PushSender:
    """Sends pushes signed with the server's VAPID key, on behalf of ``subject``."""

    private_key_pem: str
    subject: str
    timeout: float = 10

    def public_key(self) -> str:
        """The key a browser subscribes with (applicationServerKey), base64url."""
        from cryptography.hazmat.primitives import serialization
        from py_vapid.utils import b64urlencode

        raw = self._vapid().public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64urlencode(raw)

    def _vapid(self) -> Vapid:
        return Vapid.from_pem(self.private_key_pem.encode())

    def send(self, subscription: PushSubscription, payload: dict, ttl: int = DEFAULT_TTL) -> None:
        """Encrypt and hand one push to the browser's push service, or raise DeliveryError."""
        # Imported here: the web server, which only hands out the public key, starts before
        # the scheduler's packages (requirements.txt beyond requirements-web.txt) are in.
        import requests
        from pywebpush import WebPushException, webpush

        info = {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
        try:
            webpush(
                info,
                data=json.dumps(payload, ensure_ascii=False),
                vapid_private_key=self._vapid(),
                vapid_claims={"sub": self.subject},
                content_encoding="aes128gcm",
                timeout=self.timeout,
                ttl=ttl,
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in GONE:
                raise SubscriptionGone(f"push address gone ({status})") from None
            permanent = status is not None and 400 <= status < 500 and status not in TRANSIENT
            raise DeliveryError(f"push refused ({status})", permanent=permanent) from None
        except requests.RequestException as exc:
            raise DeliveryError(f"push service unreachable: {exc}", permanent=False) from None
        except ValueError as exc:
            # A browser key that cannot be used: this address will never work.
            raise DeliveryError(f"push address unusable: {exc}", permanent=True) from None


def push_to(
    session: Session, sender: PushSender, subscription: PushSubscription, payload: dict
) -> None:
    """Send one push; remove the address when its push service says it is gone.

    The removal is flushed, not committed: the caller commits with the push's outcome.
    """
    try:
        sender.send(subscription, payload)
    except SubscriptionGone:
        session.execute(delete(PushSubscription).where(PushSubscription.id == subscription.id))
        session.flush()
        raise
