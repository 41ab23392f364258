"""A loopback Web Push service: what a browser vendor's push server does, on 127.0.0.1.

It checks the VAPID signature (RFC 8292: an ES256 JWT for our origin, with our subject,
not expired) and decrypts each push (aes128gcm, RFC 8291) with the keys of a browser it
made up, exactly as that browser would. Tests set the status it answers with.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_vapid(authorization: str, audience: str) -> dict:
    """The JWT's claims after checking its ES256 signature against the key sent with it."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid", authorization
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    token, key = fields["t"], fields["k"]
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    head, body, signature = token.split(".")
    assert json.loads(unb64url(head))["alg"] == "ES256"
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
    claims = json.loads(unb64url(body))
    assert claims["aud"] == audience, claims
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600, claims
    claims["k"] = key
    return claims


@dataclass
class Browser:
    """A made-up browser's subscription: its push address and its two keys."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def auth_b64(self) -> str:
        return b64url(self.auth)


@dataclass
class PushService:
    """The running service: what it received, and the status it answers with next."""

    origin: str
    answer: int = 201
    received: list[dict] = field(default_factory=list)

    def browser(self) -> Browser:
        """A new subscription at this service, as PushManager.subscribe() would make."""
        return Browser(
            endpoint=f"{self.origin}/push/{b64url(os.urandom(12))}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth=os.urandom(16),
        )


def start_push_service(browsers: dict[str, Browser]) -> tuple[PushService, ThreadingHTTPServer]:
    """Serve on a free loopback port; ``browsers`` maps endpoint path to its browser."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    service = PushService(origin=f"http://127.0.0.1:{server.server_address[1]}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if service.answer >= 300:
                self.send_response(service.answer)
                self.end_headers()
                return
            browser = browsers[f"{service.origin}{self.path}"]
            claims = verify_vapid(self.headers["Authorization"], service.origin)
            assert self.headers["Content-Encoding"] == "aes128gcm"
            plain = http_ece.decrypt(
                body,
                private_key=browser.private_key,
                auth_secret=browser.auth,
                version="aes128gcm",
            )
            service.received.append(
                {
                    "endpoint": f"{service.origin}{self.path}",
                    "payload": json.loads(plain),
                    "claims": claims,
                    "ttl": int(self.headers["TTL"]),
                }
            )
            self.send_response(201)
            self.end_headers()

        def log_message(self, *args):
            """Quiet: the test reads what was received."""

    server.RequestHandlerClass = Handler
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return service, server


def subscribe_browser(db, service: PushService, browsers: dict, user_id: int, now) -> Browser:
    """A made-up browser of the user subscribes, stored as the settings page stores it."""
    from webapp.models import PushSubscription

    browser = service.browser()
    browsers[browser.endpoint] = browser
    db.add(
        PushSubscription(
            user_id=user_id,
            endpoint=browser.endpoint,
            p256dh=browser.p256dh,
            auth=browser.auth_b64,
            created_at=now,
        )
    )
    db.commit()
    return browser
