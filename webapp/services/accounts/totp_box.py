"""Two-step login secrets, encrypted at rest with a key derived from SECRET_KEY.

AES-GCM with a key made by HKDF-SHA256 from SECRET_KEY; the account id is bound in as
associated data, so a stored secret copied to another account's row does not open. A copy
of the database alone gives no secret. When SECRET_KEY changes, stored secrets no longer
open: their owners log in with a recovery code and set up two-step login again.
"""

from __future__ import annotations

import base64
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Marks the stored format, so a later one can be told apart (and plain ones found).
PREFIX = "v1:"
NONCE_BYTES = 12


@functools.lru_cache(maxsize=4)
def _cipher(secret_key: str) -> AESGCM:
    """The cipher for one SECRET_KEY (derived once)."""
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"rugcoach totp secret v1"
    ).derive(secret_key.encode())
    return AESGCM(key)


def _bound_to(user_id: int) -> bytes:
    """The associated data that ties a sealed secret to its account."""
    return f"users:{user_id}".encode()


def seal(secret_key: str, user_id: int, plain: str) -> str:
    """The stored form of an account's TOTP secret."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(secret_key).encrypt(nonce, plain.encode(), _bound_to(user_id))
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def is_sealed(stored: str | None) -> bool:
    """True for a value in the encrypted form."""
    return bool(stored) and stored.startswith(PREFIX)


def unseal(secret_key: str, user_id: int, stored: str | None) -> str | None:
    """The TOTP secret, or None when there is none or it was sealed under another key."""
    if not is_sealed(stored):
        return None
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX) :].encode())
        plain = _cipher(secret_key).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _bound_to(user_id)
        )
    except (InvalidTag, ValueError):
        return None
    return plain.decode()
