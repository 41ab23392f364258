"""Two-step login secrets are stored encrypted, tied to their account and to SECRET_KEY."""

import pyotp

from webapp.services.accounts.totp_box import is_sealed, seal, unseal

KEY = "a-secret-key-of-the-practice"


def test_a_sealed_secret_opens_with_the_same_key_and_account():
    secret = pyotp.random_base32()
    stored = seal(KEY, 7, secret)
    assert is_sealed(stored) and secret not in stored
    assert len(stored) <= 255
    assert unseal(KEY, 7, stored) == secret


def test_two_seals_of_one_secret_differ():
    secret = pyotp.random_base32()
    assert seal(KEY, 7, secret) != seal(KEY, 7, secret)


def test_another_key_or_another_account_opens_nothing():
    stored = seal(KEY, 7, pyotp.random_base32())
    assert unseal("a rotated key", 7, stored) is None
    assert unseal(KEY, 8, stored) is None  # copied to another account's row
    assert unseal(KEY, 7, stored[:-4] + "AAAA") is None  # changed
    assert unseal(KEY, 7, None) is None
    assert unseal(KEY, 7, pyotp.random_base32()) is None  # a value in clear
